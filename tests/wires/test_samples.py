"""Real agency files made by other systems (../shared/samples/wire/, when it exists).

Each must parse into items with a headline and a body, or be refused with a
precise reason; none may crash the parser.
"""

from pathlib import Path

import pytest

from manset.wires.errors import WireFormatError
from manset.wires.parsers import parse
from manset.wires.text import html_to_text

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "wire"
FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file()) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not FILES, reason=f"no agency samples at {SAMPLES}")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SAMPLES)) for p in FILES])
def test_every_sample_parses_with_headline_and_body_or_is_refused_precisely(path):
    try:
        result = parse(path.read_bytes(), filename=path.name)
    except WireFormatError as exc:
        assert len(str(exc)) > 20, "a refusal says what was wrong"
        return
    for item in result.items:
        assert item.headline and html_to_text(item.body), item.guid
        assert item.guid and item.provider
        assert item.created is None or item.created.tzinfo is not None
        assert item.versioned is None or item.versioned.tzinfo is not None
        assert "<script" not in item.body
    for refusal in result.refused:
        assert len(refusal.reason) > 20
    assert result.items or result.refused


@pytest.mark.skipif(not FILES, reason=f"no agency samples at {SAMPLES}")
def test_the_format_folder_names_agree_with_the_detected_format():
    folders = {
        "newsml-g2": "newsml-g2",
        "newsml-1.2": "newsml-1.2",
        "nitf": "nitf",
        "ninjs": "ninjs",
        "atom": "atom",
        "rss": "rss",
        "iha": "iha",
    }
    for path in FILES:
        expected = folders.get(path.parent.name)
        if expected is None:
            continue
        try:
            assert parse(path.read_bytes()).format == expected, path
        except WireFormatError:
            continue
