"""İHA's subscriber XML, read into ParsedItem."""

from datetime import UTC, datetime
from pathlib import Path

from manset.wires.items import MediaRef, Urgency
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures"
YANGIN = "20261129AW123456"
CAY = "20261129AW123401"
KUTUPHANE = "20261129AW123470"


def iha_item(guid: str):
    result = parse((FIXTURES / "iha" / "abone.xml").read_bytes())
    return next(item for item in result.items if item.guid == guid)


def iha_feed(updated: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item>'
        "<HaberKodu>20261129AW000001</HaberKodu><title>Başlık</title><body>Metin.</body>"
        "<pubDate>29.11.2026 08:00:00</pubDate>"
        f"<SonHaberGuncellenmeTarihi>{updated}</SonHaberGuncellenmeTarihi>"
        "</item></channel></rss>"
    ).encode()


def test_an_iha_feed_is_recognised_by_its_haber_kodu():
    result = parse((FIXTURES / "iha" / "abone.xml").read_bytes())
    assert result.format == "iha"
    assert [item.guid for item in result.items] == [YANGIN, CAY, KUTUPHANE]


def test_plain_rss_is_not_taken_for_iha():
    assert parse((FIXTURES / "rss" / "dha-abone.xml").read_bytes()).format == "rss"


def test_the_provider_is_iha():
    assert iha_item(YANGIN).provider == "IHA"


def test_times_are_read_in_istanbul_time():
    created = iha_item(YANGIN).created
    assert created == datetime(2026, 11, 29, 11, 30, tzinfo=UTC)
    assert created.tzinfo is not None


def test_an_item_never_updated_is_version_one_versioned_when_created():
    item = iha_item(YANGIN)
    assert item.version == 1
    assert item.versioned == item.created


def test_the_update_date_is_the_version_time():
    item = iha_item(CAY)
    assert item.created == datetime(2026, 11, 29, 6, 5, tzinfo=UTC)
    assert item.versioned == datetime(2026, 11, 29, 8, 40, tzinfo=UTC)


def test_the_version_counts_seconds_from_2000_to_the_update():
    update = datetime(2026, 11, 29, 8, 40, tzinfo=UTC)
    since_2000 = update - datetime(2000, 1, 1, tzinfo=UTC)
    assert iha_item(CAY).version == int(since_2000.total_seconds())


def test_a_later_update_has_a_higher_version():
    earlier = parse(iha_feed("29.11.2026 09:00:00")).items[0]
    later = parse(iha_feed("29.11.2026 09:00:01")).items[0]
    assert 1 < earlier.version < later.version < 2**31


def test_son_dakika_evet_is_a_flash():
    assert iha_item(YANGIN).urgency == Urgency.FLASH


def test_son_dakika_hayir_is_normal():
    assert iha_item(CAY).urgency == Urgency.NORMAL


def test_sehir_is_the_city():
    assert iha_item(YANGIN).city == "Bursa"


def test_kategori_is_the_category_and_both_categories_are_subjects():
    item = iha_item(YANGIN)
    assert item.category == "Asayiş"
    assert item.subjects == ("Gündem", "Asayiş")


def test_items_are_in_turkish():
    assert iha_item(YANGIN).language == "tr"


def test_the_summary_is_the_abstract_as_plain_text():
    assert iha_item(CAY).abstract == (
        "Yaş çay üreticilerine destek ödemeleri bugün itibarıyla hesaplara aktarıldı."
    )


def test_a_text_body_has_one_paragraph_per_line():
    assert iha_item(YANGIN).body == (
        "<p>Bursa'nın Nilüfer ilçesindeki organize sanayi bölgesinde bulunan bir tekstil "
        "fabrikasında öğle saatlerinde yangın çıktı.</p>"
        "<p>İhbar üzerine bölgeye Bursa Büyükşehir Belediyesi İtfaiye Dairesi'ne bağlı 12 araç "
        "sevk edildi.</p>"
        "<p>Fabrikada çalışan işçilerin tahliye edildiği, yangında yaralanan olmadığı "
        "öğrenildi.</p>"
    )


def test_a_photo_has_its_code_caption_path_and_size():
    assert iha_item(YANGIN).media[0] == MediaRef(
        ref="20261129AW123456_01",
        kind="image",
        url="https://abone.iha.com.tr/resim/2026/11/29/20261129AW123456_01.jpg",
        caption="Yangına müdahale eden itfaiye ekipleri.",
        size=734512,
        mime_type="image/jpeg",
    )


def test_a_photo_with_filesize_zero_is_kept_with_size_zero_to_fetch_later():
    photo = iha_item(YANGIN).media[1]
    assert photo.ref == "20261129AW123456_02"
    assert photo.size == 0


def test_a_video_has_its_code_path_and_size():
    assert iha_item(CAY).media == (
        MediaRef(
            ref="20261129AW123401_V1",
            kind="video",
            url="https://abone.iha.com.tr/video/2026/11/29/20261129AW123401_V1.mp4",
            size=52428800,
            mime_type="video/mp4",
        ),
    )


def test_scripts_event_handlers_and_javascript_links_are_removed_from_the_body():
    body = iha_item(KUTUPHANE).body
    assert "script" not in body
    assert "kotu.example.com" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert '<a href="https://www.konya.gov.tr/" rel="noopener noreferrer nofollow">' in body


def test_an_item_without_haber_kodu_is_refused_and_the_others_are_read():
    data = iha_feed("-").replace(
        b"<item>",
        b"<item><title>Kodsuz haber</title><body>Metin.</body></item><item>",
        1,
    )
    result = parse(data)
    assert [item.guid for item in result.items] == ["20261129AW000001"]
    assert result.refused[0].reason == (
        "the item 'Kodsuz haber': no <HaberKodu>, İHA's id for the story"
    )
