"""NewsML 1.2 (AFP): identifiers, management, component trees, text and photos."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from manset.wires.items import MediaRef, Urgency
from manset.wires.parsers import parse

FIXTURES = Path(__file__).parent / "fixtures" / "newsml-1.2"
GUID = "urn:newsml:afp.com:20261129T081500Z:TX-PAR-KQB41"


def afp_bytes(*replacements: tuple[str, str]) -> bytes:
    """The AFP fixture, with pieces of its XML swapped for others."""
    data = (FIXTURES / "afp-text-photo.xml").read_bytes()
    for old, new in replacements:
        assert old.encode() in data, old
        data = data.replace(old.encode(), new.encode())
    return data


def afp_item(*replacements: tuple[str, str]):
    (item,) = parse(afp_bytes(*replacements)).items
    return item


def swap(pattern: str, new: str = "") -> tuple[str, str]:
    """A replacement of the first text matching `pattern` (a regex over the fixture)."""
    return (re.search(pattern, afp_bytes().decode(), re.S)[0], new)


def test_an_afp_file_is_read_as_newsml_12():
    result = parse(afp_bytes())
    assert result.format == "newsml-1.2"
    assert [item.guid for item in result.items] == [GUID]
    assert result.refused == ()


def test_the_guid_is_the_public_identifier_without_its_revision():
    assert afp_item().guid == GUID


def test_the_version_is_the_revision_id():
    assert afp_item().version == 2


def test_the_guid_is_built_from_the_identifier_parts_without_a_public_identifier():
    item = afp_item(swap(r"<PublicIdentifier>.*?</PublicIdentifier>"))
    assert item.guid == "afp.com:20261129T081500Z:TX-PAR-KQB41"


def test_the_provider_is_afp():
    assert afp_item().provider == "AFP"


def test_news_lines_give_headline_slugline_and_byline():
    item = afp_item()
    assert item.headline == "Ferry strike halts Bosphorus crossings in Istanbul"
    assert item.slugline == "Turkey-transport-strike"
    assert item.byline == "Selin Aydın"


def test_the_dateline_is_the_city_of_origin():
    assert afp_item().dateline == "Istanbul"


def test_without_a_city_the_dateline_is_the_place_before_the_date():
    item = afp_item(swap(r"<Location .*?</Location>"))
    assert item.dateline == "ISTANBUL"


def test_language_subjects_category_and_keywords_come_from_descriptive_metadata():
    item = afp_item()
    assert item.language == "en"
    assert item.subjects == ("09000000", "09003000")
    assert item.category == "SOC"
    assert item.keywords == ("Turkey", "transport", "strike")


def test_the_nitf_body_of_the_text_content_item_is_the_body():
    assert afp_item().body == (
        "<p>Ferries between the European and Asian shores of Istanbul stopped on Sunday as "
        "crews of the city-run Şehir Hatları line walked out over pay.</p>"
        "<p>Commuters queued for buses at Kadıköy and Üsküdar, where the piers stood empty "
        "before dawn.</p>"
        "<p>The municipality said talks with the union would resume on Monday.</p>"
    )


def test_a_plain_text_data_content_becomes_paragraphs():
    item = afp_item(
        swap(r"<nitf>.*?</nitf>", "Ferries stopped on Sunday.\n\nTalks resume on Monday.")
    )
    assert item.body == "<p>Ferries stopped on Sunday.</p><p>Talks resume on Monday.</p>"


def test_times_are_aware_utc_datetimes():
    item = afp_item()
    assert item.created == datetime(2026, 11, 29, 8, 15, tzinfo=UTC)
    assert item.versioned == datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


def test_the_urgency_follows_the_iptc_scale():
    assert afp_item().urgency == Urgency.URGENT


def test_without_an_item_urgency_the_envelope_priority_counts():
    assert afp_item(('<Urgency FormalName="3"/>', "")).urgency == Urgency.NORMAL


def test_the_photo_component_is_media_with_its_largest_rendition_and_caption():
    assert afp_item().media == (
        MediaRef(
            ref="photo.KQB41.1",
            kind="image",
            url="https://photos.afp.example/KQB41-1-highdef.jpg",
            caption=(
                "Commuters walk past the closed ferry pier in Kadıköy, Istanbul, "
                "on November 29, 2026."
            ),
            credit="AFP / Kerem Uçar",
            size=4194304,
            mime_type="image/jpeg",
            width=5000,
            height=3333,
        ),
    )


def test_an_embargoed_item_carries_the_time_its_status_changes():
    item = afp_item(
        (
            '<Status FormalName="Usable"/>',
            '<Status FormalName="Embargoed"/><StatusWillChange><FutureStatus '
            'FormalName="Usable"/><DateAndTime>20261129T110000+0000</DateAndTime>'
            "</StatusWillChange>",
        )
    )
    assert item.embargo == datetime(2026, 11, 29, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(("status", "word"), [("Canceled", "canceled"), ("Withheld", "withheld")])
def test_a_canceled_or_withheld_item_is_refused_with_that_reason(status, word):
    result = parse(afp_bytes(('<Status FormalName="Usable"/>', f'<Status FormalName="{status}"/>')))
    assert result.items == ()
    (refusal,) = result.refused
    assert refusal.reason == f"item {GUID}: the agency marked it {word} (Status)"
    assert refusal.headline == "Ferry strike halts Bosphorus crossings in Istanbul"


def test_a_second_item_without_headline_is_refused_and_the_first_kept():
    text = afp_bytes().decode()
    item = re.search(r"<NewsItem .*?</NewsItem>", text, re.S)[0]
    second = re.sub(r"<HeadLine .*?</HeadLine>", "", item.replace("KQB41", "KQB42"))
    result = parse(text.replace("</NewsML>", second + "</NewsML>").encode())
    assert [i.guid for i in result.items] == [GUID]
    (refusal,) = result.refused
    assert refusal.reason == ("item urn:newsml:afp.com:20261129T081500Z:TX-PAR-KQB42: no headline")


def test_an_item_with_only_a_photo_is_refused():
    text = afp_bytes().decode()
    main = re.search(r'<NewsComponent>\s*<Role FormalName="Main"/>.*?</NewsComponent>', text, re.S)
    (refusal,) = parse(text.replace(main[0], "").encode()).refused
    assert refusal.reason == f"item {GUID}: a picture item with no text"


def test_a_status_change_to_anything_but_usable_is_no_embargo():
    item = afp_item(
        (
            '<Status FormalName="Usable"/>',
            '<Status FormalName="Usable"/><StatusWillChange><FutureStatus '
            'FormalName="Canceled"/><DateAndTime>20261129T110000+0000</DateAndTime>'
            "</StatusWillChange>",
        )
    )
    assert item.embargo is None


def test_a_public_identifier_that_does_not_end_in_the_revision_is_kept_whole():
    item = afp_item(
        (
            "urn:newsml:afp.com:20261129T081500Z:TX-PAR-KQB41:2",
            "urn:newsml:afp.com:20261129T081500Z:TX-PAR-KQB41",
        )
    )
    assert item.guid == GUID
