"""Atom 1.0 feeds and bare entries, read into ParsedItem."""

from datetime import UTC, datetime
from pathlib import Path

from manset.wires.items import MediaRef
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "atom"
ANTALYA = "tag:aa.com.tr,2026:haber/3718842"
VAN = "tag:aa.com.tr,2026:haber/3718850"
ERZURUM = "tag:aa.com.tr,2026:haber/3718861"


def parse_fixture(name: str):
    return parse((FIXTURES / name).read_bytes())


def entry(guid: str):
    return next(item for item in parse_fixture("akis.xml").items if item.guid == guid)


def bare_entry(inside: str) -> bytes:
    return (
        '<entry xmlns="http://www.w3.org/2005/Atom"><title>Başlık</title>'
        f"<updated>2026-11-29T10:00:00Z</updated>{inside}</entry>"
    ).encode()


def test_a_feed_gives_one_item_per_entry():
    result = parse_fixture("akis.xml")
    assert result.format == "atom"
    assert [item.guid for item in result.items] == [ANTALYA, VAN, ERZURUM]


def test_the_provider_comes_from_the_feed():
    assert entry(ANTALYA).provider == "AA"


def test_an_html_title_is_read_as_plain_text():
    assert entry(ANTALYA).headline == "Antalya'da turist sayısı rekor kırdı"


def test_html_content_is_the_sanitised_body():
    assert entry(ANTALYA).body == (
        "<p>Antalya İl Kültür ve Turizm Müdürlüğü verilerine göre kente ocak-kasım döneminde "
        "gelen yabancı ziyaretçi sayısı 16 milyonu geçti.</p>"
        "<p>Rusya ve Almanya, en çok ziyaretçi gönderen ülkeler oldu.</p>"
    )


def test_the_summary_is_the_abstract_when_there_is_content():
    assert entry(ANTALYA).abstract == (
        "Antalya'ya yılın ilk on bir ayında gelen yabancı ziyaretçi sayısı 16 milyonu aştı."
    )


def test_xhtml_content_keeps_its_markup_without_the_namespace():
    body = entry(VAN).body
    assert body.startswith(
        "<p>Van Gölü havzasına özgü inci kefalinin <strong>üreme göçü</strong> erken başladı.</p>"
    )
    assert "xmlns" not in body


def test_text_content_becomes_escaped_paragraphs():
    assert entry(ERZURUM).body == (
        "<p>Erzurum'da gece saatlerinde hava sıcaklığı eksi 18 dereceye kadar düştü.</p>"
        "<p>Palandöken'de ağaçlar kırağıyla kaplandı; sürücüler buzlanmaya karşı uyarıldı.</p>"
    )


def test_text_content_that_looks_like_html_is_shown_as_text():
    result = parse(bare_entry("<id>e1</id><content>a &lt;b&gt; c</content>"))
    assert result.items[0].body == "<p>a &lt;b&gt; c</p>"


def test_every_author_is_in_the_byline():
    assert entry(ANTALYA).byline == "Elif Demir, Hasan Çelik"


def test_an_entry_without_author_has_the_feeds_author():
    assert entry(VAN).byline == "AA Haber Merkezi"


def test_a_category_label_is_preferred_to_its_term():
    item = entry(ANTALYA)
    assert item.category == "Ekonomi"
    assert item.subjects == ("Ekonomi", "turizm")


def test_published_is_the_creation_and_updated_the_version_time():
    item = entry(ANTALYA)
    assert item.created == datetime(2026, 11, 29, 6, 30, tzinfo=UTC)
    assert item.versioned == datetime(2026, 11, 29, 8, 5, tzinfo=UTC)


def test_an_entry_without_published_was_created_when_updated():
    item = entry(ERZURUM)
    assert item.created == item.versioned == datetime(2026, 11, 29, 9, 35, tzinfo=UTC)


def test_the_alternate_link_is_the_link():
    assert entry(ANTALYA).link == (
        "https://www.aa.com.tr/tr/ekonomi/antalyada-turist-sayisi-rekor-kirdi/3718842"
    )


def test_a_link_without_rel_counts_as_alternate():
    assert (
        entry(VAN).link
        == "https://www.aa.com.tr/tr/yasam/van-golunde-inci-kefali-gocu-basladi/3718850"
    )


def test_an_enclosure_link_is_a_media_file():
    url = "https://cdnuploads.aa.com.tr/uploads/2026/11/29/antalya-havalimani.jpg"
    assert entry(ANTALYA).media == (
        MediaRef(
            ref=url,
            url=url,
            caption="Antalya Havalimanı'nda yoğunluk",
            size=356880,
            mime_type="image/jpeg",
        ),
    )


def test_media_content_gives_a_photo_with_caption_and_credit():
    photo = entry(VAN).media[0]
    assert photo.caption == "İnci kefalleri Erciş'teki dere ağzında."
    assert photo.credit == "Ömer Kaya / AA"
    assert (photo.width, photo.height) == (1600, 1067)


def test_the_language_comes_from_xml_lang_of_the_feed():
    assert entry(ERZURUM).language == "tr"


def test_a_bare_entry_is_read_with_its_source_as_provider():
    item = parse_fixture("tek-kayit.xml").items[0]
    assert item.guid == "urn:uuid:5b0e6c1a-3f1e-4d7e-9a52-0c9f1d2b7e44"
    assert item.provider == "Sivas Haber"
    assert item.headline == "Sivas'ta kongre merkezi yeniden açıldı"


def test_content_typed_as_text_html_is_read_as_html():
    item = parse_fixture("tek-kayit.xml").items[0]
    assert item.body.startswith("<p>Sivas Kongresi'nin toplandığı tarihi bina")


def test_an_entry_without_id_is_known_by_its_alternate_link():
    result = parse(bare_entry('<link href="https://x.example.com/h/1"/><content>Metin</content>'))
    assert result.items[0].guid == "https://x.example.com/h/1"


def test_the_summary_is_the_body_when_content_is_elsewhere():
    result = parse(
        bare_entry(
            '<id>e1</id><summary>Kısa özet.</summary><content src="https://x.example.com/1"/>'
        )
    )
    assert result.items[0].body == "<p>Kısa özet.</p>"
    assert result.items[0].abstract == ""


def test_non_text_content_without_summary_is_refused_with_the_reason():
    result = parse(bare_entry('<id>e1</id><content type="image/png">iVBORw0KGgo=</content>'))
    assert result.refused[0].reason == (
        "entry e1: its <content> is not text (type 'image/png') "
        "and there is no <summary> to take as the body"
    )
