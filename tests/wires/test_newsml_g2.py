"""NewsML-G2: AA's subscriber API items, newsMessages of several items, and packages."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, Urgency
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "newsml-g2"
TURKEY = timezone(timedelta(hours=3))
AA_TEXT = "aa:text:20261129:1234567"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str):
    return parse(fixture(name))


def aa_text(*replacements: tuple[str, str]):
    """The AA text item, with pieces of its XML swapped for others."""
    data = fixture("aa-text.xml")
    for old, new in replacements:
        assert old.encode() in data
        data = data.replace(old.encode(), new.encode())
    (item,) = parse(data).items
    return item


def as_reuters(urgency: str):
    """The AA text item as if Reuters had sent it, with the given IPTC urgency."""
    return aa_text(
        (
            '<provider qcode="nprov:AA"><name>Anadolu Ajansı</name></provider>',
            '<provider qcode="nprov:REUTERS"/>',
        ),
        (
            '<copyrightHolder literal="AA"><name>Anadolu Ajansı</name></copyrightHolder>',
            "<copyrightHolder/>",
        ),
        ("<urgency>2</urgency>", f"<urgency>{urgency}</urgency>"),
    )


def test_an_aa_text_item_is_read_as_newsml_g2():
    result = parse_fixture("aa-text.xml")
    assert result.format == "newsml-g2"
    assert result.encoding == "utf-8"
    assert [item.guid for item in result.items] == [AA_TEXT]
    assert result.refused == ()


def test_the_provider_of_an_aa_item_is_aa():
    assert aa_text().provider == "AA"


def test_the_guid_and_version_come_from_the_news_item():
    item = aa_text()
    assert (item.guid, item.version) == (AA_TEXT, 2)


def test_turkish_text_fields_are_read_as_written():
    item = aa_text()
    assert item.headline == "Merkez Bankası politika faizini yüzde 38'de sabit tuttu"
    assert item.slugline == "MERKEZ BANKASI-FAİZ"
    assert item.abstract == (
        "Kurul, enflasyondaki düşüşün kalıcı olduğuna dair işaretler güçlenene kadar "
        "sıkı duruşunu sürdüreceğini açıkladı."
    )
    assert item.byline == "Zeynep Güler"
    assert item.dateline == "Ankara"
    assert item.language == "tr"


def test_the_xhtml_body_is_kept_as_sanitised_html():
    assert aa_text().body == (
        "<p>Türkiye Cumhuriyet Merkez Bankası (TCMB) Para Politikası Kurulu, bir hafta vadeli "
        "repo ihale faiz oranını yüzde 38'de sabit bıraktı.</p>"
        "<p>Kurulun açıklamasında, kasım ayında öncü göstergelerin iç talepte <em>belirgin</em> "
        "bir yavaşlamaya işaret ettiği belirtildi.</p>"
        "<h2>Piyasanın beklentisi</h2>"
        "<p>AA Finans'ın anketine katılan 22 ekonomistin 19'u faizin değişmeyeceğini "
        "öngörmüştü.</p>"
    )


def test_times_are_timezone_aware():
    item = aa_text()
    assert item.created == datetime(2026, 11, 29, 9, 41, tzinfo=TURKEY)
    assert item.versioned == datetime(2026, 11, 29, 10, 12, 30, tzinfo=TURKEY)
    assert item.versioned.utcoffset() == timedelta(hours=3)


def test_the_embargo_comes_from_item_meta():
    assert aa_text().embargo == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def test_subjects_are_named_where_the_file_names_them_and_coded_elsewhere():
    assert aa_text().subjects == ("Ekonomi", "Para politikası", "medtop:20000344")


def test_the_aa_category_subject_is_the_category():
    assert aa_text().category == "Ekonomi"


def test_keywords_and_the_canonical_link_are_kept():
    item = aa_text()
    assert item.keywords == ("Merkez Bankası", "faiz", "enflasyon")
    assert item.link == "https://www.aa.com.tr/tr/ekonomi/merkez-bankasi-faizi-sabit-tuttu/1234567"


@pytest.mark.parametrize(
    ("priority", "urgency"),
    [
        ("1", Urgency.FLASH),  # Flaş
        ("2", Urgency.URGENT),  # Acil
        ("3", Urgency.NORMAL),  # Önemli
        ("4", Urgency.NORMAL),  # Rutin
        ("5", Urgency.NORMAL),  # Özel
        ("6", Urgency.LOW),  # Arşiv
    ],
)
def test_aa_priorities_map_to_the_urgency_scale(priority, urgency):
    item = aa_text(("<urgency>2</urgency>", f"<urgency>{priority}</urgency>"))
    assert item.urgency == urgency


@pytest.mark.parametrize(
    ("urgency", "expected"),
    [("1", Urgency.FLASH), ("3", Urgency.URGENT), ("6", Urgency.NORMAL), ("8", Urgency.LOW)],
)
def test_other_agencies_urgency_follows_the_iptc_scale(urgency, expected):
    item = as_reuters(urgency)
    assert item.provider == "REUTERS"
    assert item.urgency == expected


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_a_canceled_or_withheld_item_is_refused_with_that_reason(status):
    data = fixture("aa-text.xml").replace(b"stat:usable", f"stat:{status}".encode())
    result = parse(data)
    assert result.items == ()
    (refusal,) = result.refused
    assert refusal.reason == f"item {AA_TEXT}: the agency marked it {status} (pubStatus)"
    assert refusal.guid == AA_TEXT
    assert refusal.headline == "Merkez Bankası politika faizini yüzde 38'de sabit tuttu"


def test_a_message_gives_each_good_item_and_refuses_the_one_without_headline():
    result = parse_fixture("aa-message.xml")
    assert [item.guid for item in result.items] == [
        "aa:text:20261129:1234601",
        "aa:text:20261129:1234602",
    ]
    (refusal,) = result.refused
    assert refusal.reason == "item aa:text:20261129:1234603: no headline"
    assert refusal.guid == "aa:text:20261129:1234603"


def test_a_plain_text_body_becomes_paragraphs():
    item = parse_fixture("aa-message.xml").items[0]
    assert item.body == (
        "<p>Afet ve Acil Durum Yönetimi Başkanlığı (AFAD), saat 07.52'de meydana gelen depremin "
        "9,6 kilometre derinlikte kaydedildiğini bildirdi.</p>"
        "<p>Sarsıntı çevre ilçelerde de hissedildi; ilk belirlemelere göre can kaybı ya da "
        "yaralanma bulunmuyor.</p>"
    )


def test_an_nitf_body_inside_inline_xml_keeps_its_sub_heads():
    item = parse_fixture("aa-message.xml").items[1]
    assert item.body == (
        "<p>Kadın voleybol takımı, deplasmanda karşılaştığı rakibini 3-1 yendi.</p>"
        "<h3>Maçın ardından</h3>"
        "<p>Başantrenör, oyuncularının <strong>savunmadaki</strong> kararlılığını övdü.</p>"
    )


def test_an_item_urgency_wins_over_the_message_priority():
    first, second = parse_fixture("aa-message.xml").items
    assert first.urgency == Urgency.FLASH  # its own <urgency>1</urgency>
    assert second.urgency == Urgency.NORMAL  # the header's priority 4 (Rutin)


def test_the_provider_of_a_message_item_comes_from_its_provider_qcode():
    assert {item.provider for item in parse_fixture("aa-message.xml").items} == {"AA"}


def test_a_package_gives_its_text_item_the_picture_it_groups_with_it():
    result = parse_fixture("aa-package.xml")
    assert result.refused == ()
    (item,) = result.items
    assert item.guid == "aa:text:20261129:1234701"
    assert item.media == (
        MediaRef(
            ref="aa:picture:20261129:1234702",
            kind="image",
            url="https://foto.aa.com.tr/2026/11/29/1234702.jpg",
            caption="Restorasyonu tamamlanan Kapalıçarşı'nın Nuruosmaniye Kapısı.",
            credit="AA / Fotoğraf: Elif Şahin",
            size=3145728,
            mime_type="image/jpeg",
            width=4000,
            height=2667,
        ),
    )


def test_a_packaged_text_item_references_the_items_grouped_with_it():
    (item,) = parse_fixture("aa-package.xml").items
    assert item.references == ("aa:picture:20261129:1234702",)


def test_a_package_without_its_text_in_the_file_is_refused():
    result = parse_fixture("aa-package-alone.xml")
    assert result.items == ()
    (refusal,) = result.refused
    assert refusal.reason == (
        "package aa:package:20261129:1234700 references 2 items but none of them is a text "
        "item in this file; import the package together with its items"
    )
    assert refusal.guid == "aa:package:20261129:1234700"
    assert refusal.headline == "Kapalıçarşı'da restorasyon tamamlandı"


def test_a_picture_on_its_own_is_refused():
    (refusal,) = parse_fixture("aa-picture.xml").refused
    assert refusal.reason == (
        "item aa:picture:20261129:1234702: a picture item with no text (pictures and videos "
        "are taken only with a story that a package in the same file groups them with)"
    )


def test_an_item_without_guid_is_refused_with_its_line():
    data = fixture("aa-message.xml").replace(b' guid="aa:text:20261129:1234602"', b"")
    refusals = parse(data).refused
    assert (
        refusals[0].reason == "line 30: the item: no identifier (guid) to tell its versions apart"
    )


def test_an_absurd_time_refuses_the_item_naming_the_field():
    data = fixture("aa-text.xml").replace(b"2026-11-29T09:41:00+03:00", b"1899-01-01T00:00:00Z")
    (refusal,) = parse(data).refused
    assert refusal.reason.startswith(f"item {AA_TEXT}: firstCreated: '1899-01-01T00:00:00Z'")


def test_an_item_with_an_empty_body_is_refused():
    data = fixture("aa-picture.xml").replace(b"ninat:picture", b"ninat:text")
    (refusal,) = parse(data).refused
    assert refusal.reason == "item aa:picture:20261129:1234702 (Kapalıçarşı): no body text"


def test_a_concept_item_is_not_a_news_story():
    data = fixture("aa-message.xml").replace(b"newsItem", b"conceptItem")
    refusals = parse(data).refused
    assert refusals[0].reason == "item aa:text:20261129:1234601: a conceptItem is not a news story"


def test_a_news_item_in_another_namespace_is_not_newsml_g2():
    with pytest.raises(WireFormatError, match="the root element <newsItem> is not one of"):
        parse(b'<newsItem xmlns="urn:example:other" guid="x"/>')
