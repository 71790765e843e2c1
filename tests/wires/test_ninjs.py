"""IPTC ninjs 1.x and 2.x, read into ParsedItem."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, Urgency
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "ninjs"


def parse_fixture(name: str):
    return parse((FIXTURES / name).read_bytes())


def v1():
    return parse_fixture("v1-haber.json").items[0]


def v2():
    return parse_fixture("v2-haber.json").items[0]


def parse_json(document) -> object:
    return parse(json.dumps(document, ensure_ascii=False).encode())


def test_a_ninjs_1_item_is_read_as_ninjs():
    result = parse_fixture("v1-haber.json")
    assert result.format == "ninjs"
    assert result.items[0].guid == "urn:newsml:haberajansi.example.com.tr:20261129:HBR-55102"


def test_the_version_is_read_as_a_number():
    assert v1().version == 3


def test_a_ninjs_1_headline_body_and_abstract_are_read():
    item = v1()
    assert item.headline == "2027 bütçesi Genel Kurul'da kabul edildi"
    assert item.body == (
        "<p>TBMM Genel Kurulu'nda süren bütçe görüşmeleri, teklifin tümü üzerindeki oylamayla "
        "tamamlandı.</p><p>Oylamanın ardından söz alan Hazine ve Maliye Bakanı, bütçenin "
        "<em>yatırım ve sosyal harcamalara</em> öncelik verdiğini söyledi.</p>"
    )
    assert item.abstract == (
        "TBMM Genel Kurulu, 2027 yılı merkezi yönetim bütçe kanunu teklifini kabul etti."
    )


def test_byline_located_slugline_and_language_are_read():
    item = v1()
    assert (item.byline, item.dateline, item.slugline, item.language) == (
        "Gökhan Şahin",
        "Ankara",
        "MECLIS-BUTCE",
        "tr",
    )


def test_subjects_are_names_or_codes_where_there_is_no_name():
    assert v1().subjects == ("politika", "04018000")


def test_the_service_name_is_the_category():
    assert v1().category == "Politika"


def test_keywords_are_read():
    assert v1().keywords == ("bütçe", "TBMM", "Genel Kurul")


def test_iptc_urgency_two_is_urgent():
    assert v1().urgency == Urgency.URGENT


def test_embargo_and_times_are_aware():
    item = v1()
    assert item.embargo == datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
    assert item.created == datetime(2026, 11, 29, 5, 15, tzinfo=UTC)
    assert item.versioned == datetime(2026, 11, 29, 7, 42, tzinfo=UTC)


def test_a_picture_association_is_media_from_its_original_rendition():
    assert v1().media == (
        MediaRef(
            ref="urn:newsml:haberajansi.example.com.tr:20261129:FOTO-99120",
            kind="image",
            url="https://medya.example.com.tr/99120/asil.jpg",
            caption="Milletvekilleri bütçe oylaması sırasında Genel Kurul salonunda.",
            credit="Serkan Öztürk",
            size=3145728,
            mime_type="image/jpeg",
            width=4000,
            height=2667,
        ),
    )


def test_the_source_names_the_provider():
    assert v1().provider == "Haber Ajansı Örnek"


def test_a_ninjs_2_main_headline_is_chosen():
    assert v2().headline == "İzmir'de Narlıdere–Buca metro hattının temeli atıldı"


def test_a_ninjs_2_html_body_is_preferred_to_plain_text():
    assert v2().body == (
        "<p>İzmir'de Narlıdere ile Buca arasında yapılacak metro hattının temel atma töreni "
        "düzenlendi.</p><p>Hattın günde 450 bin yolcu taşıması bekleniyor.</p>"
    )


def test_a_ninjs_2_summary_description_is_the_abstract():
    assert v2().abstract == (
        "Narlıdere ile Buca'yı bağlayacak 13,5 kilometrelik hattın 2029'da açılması planlanıyor."
    )


def test_ninjs_2_by_subjects_and_copyright_holder_are_read():
    item = v2()
    assert item.byline == "Cansu Erdoğan"
    assert item.subjects == ("Ulaşım", "YEREL")
    assert item.provider == "Ege Haber Ajansı"


def test_a_ninjs_2_item_without_firstcreated_was_created_at_its_version():
    item = v2()
    assert item.created == item.versioned == datetime(2026, 11, 29, 9, 5, tzinfo=UTC)


def test_a_ninjs_2_association_list_gives_the_widest_rendition():
    photo = v2().media[0]
    assert photo.ref == "https://haber.example.com.tr/icerik/foto/20261129-metro-temel"
    assert photo.url == "https://medya.example.com.tr/metro/yuksek.jpg"
    assert (photo.size, photo.mime_type, photo.caption, photo.credit) == (
        8912345,
        "image/jpeg",
        "Temel atma töreninden bir kare.",
        "Burak Aydın",
    )


def test_items_under_a_list_key_are_each_read():
    result = parse_fixture("liste.json")
    assert [item.guid for item in result.items] == ["urn:ornek:haber:7001"]
    assert len(result.refused) == 2


def test_body_text_becomes_one_paragraph_per_line():
    assert parse_fixture("liste.json").items[0].body == (
        "<p>Nevşehir'de kuvvetli rüzgâr nedeniyle sıcak hava balonu uçuşları iptal edildi.</p>"
        "<p>Sivil Havacılık yetkilileri, uçuşların yarın sabah hava durumuna göre yeniden "
        "değerlendirileceğini bildirdi.</p>"
    )


def test_a_picture_on_its_own_is_refused_with_the_reason():
    assert parse_fixture("liste.json").refused[0].reason == (
        "item urn:ornek:foto:7002: a picture item, not a text story (pictures and video are "
        "taken as media of the text item that associates them)"
    )


def test_a_withdrawn_item_is_refused():
    assert parse_fixture("liste.json").refused[1].reason == (
        "item urn:ornek:haber:6990: the agency withdrew it (pubstatus canceled)"
    )


def test_a_top_level_list_is_read_item_by_item():
    result = parse_json(
        [
            {"uri": "a1", "headline": "Bir", "body_text": "Metin bir."},
            {"uri": "a2", "headline": "İki", "body_text": "Metin iki."},
        ]
    )
    assert [item.headline for item in result.items] == ["Bir", "İki"]


def test_a_list_entry_that_is_not_an_object_is_refused_by_position():
    result = parse_json([{"uri": "a1", "headline": "Bir", "body_text": "Metin."}, "kayıp"])
    assert result.refused[0].reason == "item 2: a str, not a ninjs object"


def test_a_value_of_the_wrong_json_type_is_read_as_absent():
    result = parse_json(
        {"uri": "a1", "headline": "Bir", "body_text": "Metin.", "byline": {"ad": "x"}}
    )
    assert result.items[0].byline == ""


def test_an_object_that_is_no_ninjs_is_refused_as_a_whole():
    with pytest.raises(WireFormatError, match="not a ninjs item"):
        parse_json({"baslik": "Bir", "metin": "İki"})


def test_without_a_source_the_provider_is_read_from_a_newsml_urn():
    result = parse_json(
        {"uri": "urn:newsml:aa.com.tr:20261129:3718900", "headline": "Bir", "body_text": "Metin."}
    )
    assert result.items[0].provider == "AA"
