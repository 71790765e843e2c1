"""Lines of the JSON Lines format are checked field by field, with the line number."""

import json

import pytest

from manset.core.errors import ImportLineError
from manset.importers.jsonl import parse_lines, parse_record

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
