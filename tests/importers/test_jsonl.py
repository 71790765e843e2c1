"""Lines of the JSON Lines format are checked field by field, with the line number."""

import io
import json

import pytest

from manset.core.errors import ImportLineError
from manset.importers.jsonl import MAX_LINE_BYTES, parse_lines, parse_record, parse_stream

GOOD = {
    "external_id": "aa-1",
    "headline": "Kuzey Kore’de zirve",
    "lead": "Spot.",
    "body": [{"type": "paragraph", "text": "Metin."}, {"type": "subheading", "text": "KİM"}],
    "desk": "dunya",
    "tags": ["Kuzey Kore"],
    "authors": [],
    "agency": "AA",
    "dateline": "Pyongyang",
    "published_at": "2024-06-19T10:15:00+03:00",
    "breaking": False,
}


def line(**changes):
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...}, ensure_ascii=False)


def test_a_good_line_becomes_a_typed_record():
    record = parse_record(line())
    assert record.headline == "Kuzey Kore’de zirve"
    assert record.body[1].type == "subheading"
    assert record.published_at.utcoffset().total_seconds() == 3 * 3600


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"headline": ""}, "'headline' is empty"),
        ({"headline": ...}, "missing field 'headline'"),
        ({"desk": 5}, "'desk' must be a string"),
        ({"body": "metin"}, "'body' must be a list"),
        ({"body": [{"type": "video", "text": "x"}]}, "body[0].type must be one of"),
        ({"body": [{"type": "paragraph", "text": " "}]}, "body[0].text must be a non-empty"),
        ({"tags": "a,b"}, "'tags' must be a list of strings"),
        ({"published_at": "2024-06-19 10:15"}, "has no UTC offset"),
        ({"published_at": "dün"}, "is not ISO 8601"),
        ({"breaking": "evet"}, "'breaking' must be true or false"),
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"headline": "x" * 300}, "longer than 255"),
    ],
)
def test_a_bad_line_is_refused_with_its_reason(changes, reason):
    with pytest.raises(ImportLineError) as error:
        parse_record(line(**changes), 7)
    assert str(error.value).startswith("line 7: ")
    assert reason in str(error.value)


def test_parse_lines_reports_each_line_and_skips_blank_ones():
    lines = [line(), "", "{not json", "[1]", line(external_id="aa-2")]
    parsed = list(parse_lines(lines))
    assert [p.number for p in parsed] == [1, 3, 4, 5]
    assert parsed[1].record is None and "not valid JSON" in parsed[1].error
    assert parsed[2].error == "expected a JSON object"
    assert parsed[3].record.external_id == "aa-2"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # Python's json gives RecursionError here, not JSONDecodeError.
        (line()[:-1] + f', "x": {deep(100_000)}}}', "nested too deeply"),
        (line(lead=...)[:-1] + f', "lead": {deep(100_000)}}}', "nested too deeply"),
        # And ValueError past int()'s 4,300-digit limit.
        (line()[:-1] + f', "breaking": {"9" * 5000}}}', "a number of 5000 digits"),
    ],
)
def test_json_no_parser_can_take_is_refused_with_a_reason(raw, reason):
    with pytest.raises(ImportLineError) as error:
        parse_record(raw, 4)
    assert str(error.value).startswith("line 4: ") and reason in str(error.value)


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+14:00",  # before 1 January of year 1 in UTC
        "9999-12-31T23:00:00-05:00",  # after the last day in UTC
        "0001-01-01T00:00:00+00:00",  # fine in UTC, out of the calendar in Istanbul
        "9999-12-31T23:59:59+00:00",
    ],
)
def test_a_moment_at_the_ends_of_the_calendar_is_refused(moment):
    with pytest.raises(ImportLineError) as error:
        parse_record(line(published_at=moment))
    assert "'published_at'" in str(error.value) and "between the years" in str(error.value)


def test_a_moment_near_the_ends_of_the_calendar_is_kept():
    early = parse_record(line(published_at="0002-01-02T00:00:00+14:00")).published_at
    late = parse_record(line(published_at="9998-12-31T18:00:00-05:00")).published_at
    assert early.year == 2 and late.year == 9998


BAD_TEXT = [
    ("\x00", "NUL (\\u0000), which the database cannot store"),
    ("Ankara\x00", "NUL (\\u0000), which the database cannot store"),
    ("a\x0bb", "the control character U+000B"),
    ("a\x1fb", "the control character U+001F"),
    ("a\ud800b", "an unpaired surrogate U+D800"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_TEXT)
@pytest.mark.parametrize(
    ("where", "changes"),
    [
        ("'external_id'", lambda bad: {"external_id": f"aa-{bad}"}),
        ("'headline'", lambda bad: {"headline": f"Zirve {bad}"}),
        ("'lead'", lambda bad: {"lead": f"Spot {bad}"}),
        ("'desk'", lambda bad: {"desk": f"dunya{bad}"}),
        ("'dateline'", lambda bad: {"dateline": f"Ankara {bad}"}),
        ("'agency'", lambda bad: {"agency": f"AA{bad}"}),
        ("'tags'[1]", lambda bad: {"tags": ["Kore", f"Kuzey {bad}"]}),
        ("'authors'[0]", lambda bad: {"authors": [f"Ayşe {bad}"]}),
        ("body[1].text", lambda bad: {"body": [GOOD["body"][0], {"type": "quote", "text": bad}]}),
        (
            "body[0].attribution",
            lambda bad: {"body": [{"type": "quote", "text": "Söz.", "attribution": bad}]},
        ),
    ],
)
def test_text_no_database_or_feed_can_hold_is_refused_where_it_is(where, changes, bad, reason):
    raw = json.dumps({**GOOD, **changes(bad)}, ensure_ascii=True)  # \u0000, \ud800 escapes
    with pytest.raises(ImportLineError) as error:
        parse_record(raw, 2)
    assert str(error.value) == f"line 2: {where} contains {reason}"


def test_tabs_and_newlines_in_text_are_kept():
    record = parse_record(line(body=[{"type": "paragraph", "text": "Bir.\n\nİki\tüç."}]))
    assert record.body[0].text == "Bir.\n\nİki\tüç."


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"lead": "x" * 1001}, "'lead' is longer than 1000 characters"),
        ({"desk": "d" * 101}, "'desk' is longer than 100 characters"),
        ({"agency": "A" * 21}, "'agency' is longer than 20 characters"),
        ({"dateline": "A" * 101}, "'dateline' is longer than 100 characters"),
        ({"tags": ["t"] * 31}, "'tags' has more than 30 entries"),
        ({"tags": ["t" * 101]}, "'tags'[0] is longer than 100 characters"),
        ({"authors": [f"a{i}" for i in range(11)]}, "'authors' has more than 10 entries"),
        ({"authors": ["a" * 121]}, "'authors'[0] is longer than 120 characters"),
        ({"body": [{"type": "paragraph", "text": "p"}] * 201}, "'body' has more than 200 blocks"),
        (
            {"body": [{"type": "paragraph", "text": "p" * 10_001}]},
            "body[0].text is longer than 10000 characters",
        ),
        (
            {"body": [{"type": "quote", "text": "q", "attribution": "a" * 201}]},
            "body[0].attribution is longer than 200 characters",
        ),
        ({"published_at": "2" * 10_000}, "'published_at' '22222222222222222222"),
    ],
)
def test_every_field_has_a_length_limit(changes, reason):
    with pytest.raises(ImportLineError) as error:
        parse_record(line(**changes), 9)
    message = str(error.value)
    assert reason in message and len(message) < 300  # the value is not echoed whole


def test_fields_at_their_limits_are_kept():
    record = parse_record(
        line(
            lead="x" * 1000,
            tags=[f"etiket {i}" for i in range(30)],
            authors=["a" * 120],
            body=[{"type": "paragraph", "text": "p" * 10_000}] * 200,
        )
    )
    assert len(record.lead) == 1000 and len(record.tags) == 30 and len(record.body) == 200


def test_a_long_unknown_field_name_is_not_echoed_whole():
    with pytest.raises(ImportLineError) as error:
        parse_record(line(**{"k" * 100_000: 1}))
    assert "unknown field" in str(error.value) and len(str(error.value)) < 300


def test_each_line_is_decoded_on_its_own():
    """An invalid UTF-8 byte costs its own line, not the file or the line before it."""
    lines = [
        line().encode(),
        line(external_id="aa-2", lead="Bozuk \udcff").encode("utf-8", "surrogateescape"),
        line(external_id="aa-3").encode(),
    ]
    parsed = list(parse_lines(lines))
    assert [p.number for p in parsed] == [1, 2, 3]
    assert parsed[0].record.external_id == "aa-1" and parsed[2].record.external_id == "aa-3"
    assert parsed[1].record is None
    assert parsed[1].error.startswith("not UTF-8: byte 0xff at column ")


def test_a_byte_order_mark_on_the_first_line_is_skipped():
    parsed = list(parse_lines(["\ufeff".encode() + line().encode() + b"\r\n"]))
    assert parsed[0].record is not None


def test_a_line_longer_than_the_limit_is_refused_unread_and_the_next_one_read():
    stream = io.BytesIO(
        b"\n".join(
            [line().encode(), b"x" * (MAX_LINE_BYTES + 10), line(external_id="aa-3").encode()]
        )
    )
    parsed = list(parse_stream(stream))
    assert [p.number for p in parsed] == [1, 2, 3]
    assert parsed[1].error == f"longer than {MAX_LINE_BYTES:,} bytes"
    assert parsed[2].record.external_id == "aa-3"
