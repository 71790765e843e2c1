"""NITF 3.x: head and docdata, body.head, body.content and its media, Turkish encodings."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from manset.wires.items import MediaRef, Urgency
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "nitf"
TURKEY = timezone(timedelta(hours=3))
HEADLINE = "Kapadokya'da balon turları sis nedeniyle iptal edildi"


def dha_bytes(*replacements: tuple[str, str]) -> bytes:
    """The DHA fixture (Windows-1254 bytes), with pieces of its XML swapped for others."""
    data = (FIXTURES / "dha-windows-1254.xml").read_bytes()
    for old, new in replacements:
        assert old.encode("cp1254") in data, old
        data = data.replace(old.encode("cp1254"), new.encode("cp1254"))
    return data


def dha_item(*replacements: tuple[str, str]):
    (item,) = parse(dha_bytes(*replacements)).items
    return item


def test_a_windows_1254_file_is_decoded_as_declared():
    result = parse(dha_bytes())
    assert result.format == "nitf"
    assert result.encoding == "cp1254"
    assert result.items[0].headline == HEADLINE


def test_the_same_story_declared_iso_8859_9_reads_the_same():
    data = dha_bytes(
        ('encoding="windows-1254"', 'encoding="ISO-8859-9"'),
        ("“görüş mesafesi yetersiz”", '"görüş mesafesi yetersiz"'),
        (" – bazıları", " - bazıları"),
    )
    (item,) = parse(data).items
    assert item.headline == HEADLINE
    assert "Göreme'deki kalkış alanlarında" in item.body


def test_the_provider_comes_from_the_doc_id_source():
    assert dha_item().provider == "DHA"


def test_the_guid_is_the_doc_id():
    item = dha_item()
    assert (item.guid, item.version) == ("DHA-20261129-0457", 1)


def test_a_du_key_gives_the_guid_kept_across_versions_and_the_version():
    item = dha_item(("<key-list>", '<du-key key="DHA-BALON-KAPADOKYA" version="3"/><key-list>'))
    assert (item.guid, item.version) == ("DHA-BALON-KAPADOKYA", 3)


def test_body_head_gives_headline_byline_dateline_and_abstract():
    item = dha_item()
    assert item.headline == HEADLINE
    assert item.byline == "Hüseyin Çelik"
    assert item.dateline == "NEVŞEHİR"
    assert (
        item.abstract == "Yoğun sis, sabah saatlerindeki tüm sıcak hava balonu uçuşlarını durdurdu."
    )


def test_the_body_keeps_paragraphs_sub_heads_and_the_tagline():
    assert dha_item().body == (
        "<p>Kapadokya bölgesinde sabah saatlerinde etkili olan yoğun sis, “görüş mesafesi "
        "yetersiz” uyarısıyla balon turlarının iptaline yol açtı.</p>"
        "<h3>Rüzgâr ve görüş</h3>"
        "<p>Göreme'deki kalkış alanlarında bekleyen yüzlerce turist, uçuşların ertelendiğini "
        "öğrenince otellerine döndü – bazıları yarın için yeniden kayıt yaptırdı.</p>"
        "<p>Sivil Havacılık Genel Müdürlüğü, hava koşulları düzeldiğinde uçuşlara izin "
        "verileceğini açıkladı.</p>"
        "<p>(DHA)</p>"
    )


def test_media_in_the_body_becomes_a_media_ref():
    assert dha_item().media == (
        MediaRef(
            ref="https://foto.dha.example/2026/11/29/balon.jpg",
            kind="image",
            url="https://foto.dha.example/2026/11/29/balon.jpg",
            caption="Göreme'de sis altında bekleyen balonlar",
            credit="DHA / Hüseyin Çelik",
            mime_type="image/jpeg",
            width=1920,
            height=1080,
        ),
    )


def test_issue_time_is_created_and_versioned_and_a_later_release_is_the_embargo():
    item = dha_item()
    assert item.created == item.versioned == datetime(2026, 11, 29, 7, 15, tzinfo=TURKEY)
    assert item.embargo == datetime(2026, 11, 29, 5, 0, tzinfo=UTC)


def test_a_release_time_equal_to_the_issue_time_is_no_embargo():
    item = dha_item(("20261129T080000+0300", "20261129T071500+0300"))
    assert item.embargo is None


def test_the_editorial_urgency_follows_the_iptc_scale():
    assert dha_item().urgency == Urgency.URGENT


def test_head_metadata_gives_category_subjects_keywords_and_language():
    item = dha_item()
    assert item.category == "Yurt Haberleri"
    assert item.subjects == ("Kültür ve sanat", "04015000")
    assert item.keywords == (
        "Kapadokya",
        "sıcak hava balonu",
        "Nevşehir",
        "Sivil Havacılık Genel Müdürlüğü",
    )
    assert item.language == "tr-tr"


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_a_canceled_or_withheld_document_is_refused_with_that_reason(status):
    result = parse(dha_bytes(('management-status="usable"', f'management-status="{status}"')))
    assert result.items == ()
    (refusal,) = result.refused
    assert refusal.reason == (
        f"item DHA-20261129-0457: the agency marked it {status} (management-status)"
    )
    assert refusal.headline == HEADLINE


def test_a_document_without_any_id_is_known_by_source_issue_time_and_headline():
    item = dha_item(('id-string="DHA-20261129-0457"', ""))
    assert item.guid == (
        "DHA:20261129T071500+0300:kapadokyada-balon-turlari-sis-nedeniyle-iptal-edildi"
    )


def test_a_document_without_headline_is_refused():
    data = dha_bytes(
        (f"<title>{HEADLINE}</title>", ""),
        (f"<hl1>{HEADLINE}</hl1>", ""),
    )
    (refusal,) = parse(data).refused
    assert refusal.reason == "item DHA-20261129-0457: no headline"


def test_scripts_handlers_and_javascript_links_are_removed_from_the_body():
    (item,) = parse((FIXTURES / "script-in-body.xml").read_bytes()).items
    assert item.body == (
        "<p>Meclis, gelecek yılın bütçesini oy çokluğuyla kabul etti.</p>"
        "<p>Ayrıntılar için buraya ya da "
        '<a href="https://www.example.com.tr/butce" rel="noopener noreferrer nofollow">'
        "belediyenin sayfasına</a> bakın.</p>"
        "<p>Oylamada muhalefet ret oyu kullandı.</p>"
    )


def test_a_plain_text_body_content_becomes_paragraphs():
    text = (FIXTURES / "script-in-body.xml").read_text(encoding="utf-8")
    start, end = text.index("<body.content>"), text.index("</body.content>")
    text = text[:start] + "<body.content>Birinci paragraf.\n\nİkinci paragraf." + text[end:]
    (item,) = parse(text.encode()).items
    assert item.body == "<p>Birinci paragraf.</p><p>İkinci paragraf.</p>"


def test_double_escaped_references_are_undone_but_bare_ampersands_are_kept():
    data = dha_bytes(
        (
            "<p>Sivil Havacılık",
            "<p>Bakan&amp;#39;ın notu: https://ornek.example/?a=1&amp;copy=2 AT&amp;T</p>"
            "<p>Sivil Havacılık",
        )
    )
    (item,) = parse(data).items
    assert "<p>Bakan'ın notu: https://ornek.example/?a=1&amp;copy=2 AT&amp;T</p>" in item.body
