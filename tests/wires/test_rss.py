"""RSS 2.0: DHA's feeds and any agency's RSS, read into ParsedItem."""

from datetime import UTC, datetime
from pathlib import Path

from manset.wires.items import MediaRef
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "rss"
KARS = "DHA-2741385"
DEPREM = "https://www.dha.com.tr/gundem/egede-4-1-buyuklugunde-deprem-2741390"


def parse_fixture(name: str):
    return parse((FIXTURES / name).read_bytes())


def dha_item(guid: str):
    return next(item for item in parse_fixture("dha-abone.xml").items if item.guid == guid)


def feed(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Deneme</title><link>https://www.dha.com.tr/</link>{items}</channel></rss>"
    ).encode()


def test_a_dha_feed_is_read_as_rss():
    result = parse_fixture("dha-abone.xml")
    assert result.format == "rss"
    assert [item.guid for item in result.items] == [KARS, DEPREM]
    assert result.refused == ()


def test_the_provider_comes_from_the_channel_link():
    assert dha_item(KARS).provider == "DHA"


def test_a_guid_that_is_not_a_permalink_is_kept_as_the_guid():
    assert dha_item(KARS).guid == "DHA-2741385"


def test_an_item_without_guid_is_known_by_its_link():
    assert dha_item(DEPREM).guid == DEPREM
    assert dha_item(DEPREM).link == DEPREM


def test_content_encoded_is_the_body_and_the_description_the_abstract():
    item = dha_item(KARS)
    assert item.body.startswith("<p>Kars'ta gece boyunca etkili olan kar yağışı")
    assert "<h2>Okullar bir gün tatil</h2>" in item.body
    assert item.abstract == (
        "Kars'ta gece boyunca etkili olan kar yağışı nedeniyle 43 köy yolu ulaşıma kapandı; "
        "ekipler yolları açmak için çalışma başlattı."
    )


def test_links_in_the_body_are_kept_with_a_safe_rel():
    assert (
        '<a href="https://www.kars.gov.tr/" rel="noopener noreferrer nofollow">açıkladı</a>'
        in dha_item(KARS).body
    )


def test_a_description_with_line_breaks_becomes_one_paragraph_per_line():
    item = dha_item(DEPREM)
    assert item.body == (
        "<p>Ege Denizi'nde, İzmir'in Seferihisar ilçesi açıklarında 4,1 büyüklüğünde deprem "
        "meydana geldi.</p>"
        "<p>AFAD, depremin yerin 9,3 kilometre derinliğinde gerçekleştiğini bildirdi.</p>"
        "<p>Sarsıntı, çevre ilçelerde de hissedildi; ilk belirlemelere göre can ve mal kaybı "
        "yok.</p>"
    )
    assert item.abstract == ""


def test_the_first_category_is_the_category_and_all_are_subjects():
    item = dha_item(KARS)
    assert item.category == "Gündem"
    assert item.subjects == ("Gündem", "Hava Durumu")


def test_dc_creator_is_the_byline():
    assert dha_item(KARS).byline == "Mehmet Yıldız"


def test_an_author_written_as_email_and_name_gives_the_name():
    assert dha_item(DEPREM).byline == "Zeynep Aksoy"


def test_pub_date_is_the_aware_creation_and_version_time():
    item = dha_item(KARS)
    assert item.created == datetime(2026, 11, 29, 7, 15, tzinfo=UTC)
    assert item.created.tzinfo is not None
    assert item.versioned == item.created


def test_rss_items_are_version_one():
    assert dha_item(KARS).version == 1


def test_the_channel_language_is_the_items_language():
    assert dha_item(KARS).language == "tr-tr"


def test_media_content_gives_caption_credit_size_type_and_dimensions():
    assert dha_item(KARS).media[0] == MediaRef(
        ref="https://foto.dha.com.tr/2026/11/29/kars-kar-1.jpg",
        kind="image",
        url="https://foto.dha.com.tr/2026/11/29/kars-kar-1.jpg",
        caption="Kars'ta iş makineleri, kapanan köy yolunu açmak için çalışıyor.",
        credit="Mehmet Yıldız / DHA",
        size=482113,
        mime_type="image/jpeg",
        width=1920,
        height=1280,
    )


def test_an_enclosure_gives_a_video_with_its_length_as_size():
    assert dha_item(KARS).media[1] == MediaRef(
        ref="https://video.dha.com.tr/2026/11/29/kars-kar.mp4",
        kind="video",
        url="https://video.dha.com.tr/2026/11/29/kars-kar.mp4",
        size=18350221,
        mime_type="video/mp4",
    )


def test_dhas_image_element_gives_a_photo():
    assert dha_item(KARS).media[2] == MediaRef(
        ref="https://foto.dha.com.tr/2026/11/29/kars-kar-2.jpg",
        url="https://foto.dha.com.tr/2026/11/29/kars-kar-2.jpg",
        mime_type="image/jpeg",
    )


def test_a_media_group_gives_its_default_file_with_the_groups_caption():
    media = dha_item(DEPREM).media
    assert media[0].url == "https://foto.dha.com.tr/2026/11/29/deprem-buyuk.jpg"
    assert media[0].caption == "AFAD'ın deprem haritası."
    assert (media[0].width, media[0].height) == (2048, 1365)


def test_a_photo_given_twice_is_listed_once():
    assert len(dha_item(DEPREM).media) == 1


def test_an_enclosure_length_of_zero_is_an_unknown_size():
    result = parse(
        feed(
            "<item><guid>a1</guid><title>Başlık</title><description>Metin.</description>"
            '<enclosure url="https://x.example.com/a.jpg" length="0" type="image/jpeg"/></item>'
        )
    )
    assert result.items[0].media[0].size is None


def test_a_windows_1254_file_without_declaration_keeps_its_turkish_letters():
    result = parse_fixture("windows-1254.xml")
    assert result.encoding == "cp1254"
    assert result.items[0].headline == "Uzungöl'de şişme bot yarışı ilgi gördü"
    assert "İlçe Gençlik ve Spor Müdürlüğü'nün" in result.items[0].body


def test_an_item_without_a_title_is_refused_and_the_others_are_read():
    result = parse_fixture("eksik-baslik.xml")
    assert [item.headline for item in result.items] == [
        "Merkez Bankası rezervleri 2,4 milyar dolar arttı",
        "Borsa İstanbul günü yükselişle tamamladı",
    ]
    assert result.refused[0].reason == (
        "item https://bulten.example.com.tr/ekonomi/basliksiz-haber: no headline"
    )


def test_an_item_without_guid_or_link_is_refused_with_the_reason():
    result = parse_fixture("eksik-baslik.xml")
    assert result.refused[1].reason == (
        "the item 'Kimliksiz kısa haber': no <guid> and no <link>, "
        "so its versions cannot be told apart"
    )


def test_an_unreadable_pub_date_refuses_only_that_item():
    result = parse(
        feed(
            "<item><guid>a1</guid><title>Bir</title><description>Metin.</description>"
            "<pubDate>dün akşam</pubDate></item>"
            "<item><guid>a2</guid><title>İki</title><description>Metin.</description></item>"
        )
    )
    assert [item.guid for item in result.items] == ["a2"]
    assert result.refused[0].reason == ("item a1: <pubDate>: 'dün akşam' is not a date and time")


def test_html_in_the_description_is_sanitised():
    result = parse(
        feed(
            "<item><guid>a1</guid><title>Başlık</title><description><![CDATA["
            '<p onclick="x()">Güvenli metin.</p><script>kotu()</script>]]></description></item>'
        )
    )
    assert result.items[0].body == "<p>Güvenli metin.</p>"
