"""No file, however broken, makes a parser fail other than with a precise WireFormatError."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manset.wires.errors import WireFormatError
from manset.wires.parsers import parse

FIXTURES = sorted(p for p in (Path(__file__).parent / "fixtures").rglob("*") if p.is_file())
INSERTS = [
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"]]>",
    b"<![CDATA[",
    b"\x00",
    b"\xff\xfe",
    b'"',
    b"<p>",
    b"</body>",
    b"<!DOCTYPE x>",
    b"\xc4\xb1",
    b"\xfd",
    b"9999-99-99T99:99:99Z",
]


@st.composite
def damaged(draw):
    data = draw(st.sampled_from(FIXTURES)).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "flip", "drop"]))
        if action == "cut":
            data = data[:at]
        elif action == "insert":
            data = data[:at] + draw(st.sampled_from(INSERTS)) + data[at:]
        elif action == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
    return data


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_parses_or_is_refused_precisely(path):
    try:
        result = parse(path.read_bytes(), filename=path.name)
    except WireFormatError:
        return
    assert result.items or result.refused


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_file_parses_or_is_refused_never_crashes(data):
    try:
        result = parse(data, filename="damaged")
    except WireFormatError as exc:
        assert str(exc)
        return
    for item in result.items:
        assert item.guid and item.headline and "<script" not in item.body


def test_a_malformed_url_in_an_id_or_a_picture_is_no_crash():
    from manset.wires.pictures import MediaError, fetch_media
    from tests.wires.factories import ninjs

    result = parse(ninjs(guid="https://]]>haber.example.com.tr/icerik/1"))
    assert result.items[0].guid == "https://]]>haber.example.com.tr/icerik/1"
    with pytest.raises(MediaError):
        fetch_media("http://[::1/foto.jpg")


@pytest.mark.parametrize("codec", ["hex", "rot13", "zlib", "base64", "bz2", "uu", "utf-7", "idna"])
def test_a_file_declaring_a_codec_that_is_no_character_set_is_refused_by_name(codec):
    data = f'<?xml version="1.0" encoding="{codec}"?><rss><channel/></rss>'.encode()
    with pytest.raises(WireFormatError, match=f"declared encoding '{codec}' is not a character"):
        parse(data)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"items": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001, "nested too deeply"),
        (b'{"uri": "x", "headline": "h", "version": ' + b"9" * 5000 + b"}", "unusable JSON"),
        (b"<a>" * 100_000 + b"</a>" * 100_000, "Excessive depth"),
    ],
    ids=["ninjs list 100,000 deep", "ninjs object 100,000 deep", "5,000 digits", "deep XML"],
)
def test_deep_nesting_and_huge_numbers_are_refused_precisely(data, reason):
    with pytest.raises(WireFormatError, match=reason):
        parse(data)
