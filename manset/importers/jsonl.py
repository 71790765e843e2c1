"""Reading and checking lines of the article JSON Lines format (schema in README).

Each line is read, decoded and judged on its own: a broken line is refused with its
number and reason, and costs nothing but itself. Every field has a length limit, and
text a database or a feed cannot hold (NUL, other control characters, unpaired
surrogates) is refused here rather than by PostgreSQL or the RSS writer later.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from manset.core.errors import ImportLineError
from manset.core.params import MAX_YEAR, MIN_YEAR
from manset.core.xmltext import UNSERIALIZABLE
from manset.importers.records import BLOCK_TYPES, FIELDS, ArticleRecord, BodyBlock

REQUIRED = ("external_id", "headline", "desk", "body")
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_EXTERNAL_ID = 200
MAX_HEADLINE = 255
MAX_LEAD = 1000
MAX_DESK = 100
MAX_AGENCY = 20
MAX_DATELINE = 100
MAX_BLOCKS = 200
MAX_BLOCK_TEXT = 10_000
MAX_ATTRIBUTION = 200
MAX_TAGS = 30
MAX_TAG = 100  # the tag table's name column
MAX_AUTHORS = 10
MAX_AUTHOR = 120  # the author table's name column
# No field takes a number; a long one only costs time to read.
MAX_NUMBER_DIGITS = 30
SHOWN_CHARS = 40

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ParsedLine:
    number: int
    record: ArticleRecord | None
    error: str = ""


def parse_stream(stream: BinaryIO, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[ParsedLine]:
    """Each line of a binary stream parsed on its own; a line past the limit is skipped unread."""
    number = 0
    while line := stream.readline(max_line_bytes + 1):
        number += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_line_bytes)) and not rest.endswith(b"\n"):
                pass
            yield ParsedLine(number, None, f"longer than {max_line_bytes:,} bytes")
            continue
        yield from _parse_numbered(number, line)


def parse_lines(lines: Iterable[bytes | str]) -> Iterator[ParsedLine]:
    """Each non-blank line as a record, or the reason it was refused."""
    for number, line in enumerate(lines, start=1):
        yield from _parse_numbered(number, line)


def _parse_numbered(number: int, line: bytes | str) -> Iterator[ParsedLine]:
    try:
        text = _decoded(line, number)
        if text.strip():
            yield ParsedLine(number, parse_record(text, number))
    except ImportLineError as exc:
        yield ParsedLine(number, None, exc.reason)


def _decoded(line: bytes | str, number: int) -> str:
    """The line as text; a byte order mark opening the file is dropped."""
    if isinstance(line, str):
        return line.removeprefix("\ufeff") if number == 1 else line
    if number == 1:
        line = line.removeprefix(_BOM)
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8: byte 0x{line[exc.start]:02x} at column {exc.start + 1}"
        raise ImportLineError(number, reason) from None


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(len(digits.lstrip("-")))
    return int(digits)


class _NumberTooLong(ValueError):
    def __init__(self, digits: int):
        super().__init__(f"a number of {digits} digits; no field takes a number")


def parse_record(line: str, number: int = 1, *, allow_extra: bool = False) -> ArticleRecord:
    try:
        data = json.loads(line, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise ImportLineError(number, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except _NumberTooLong as exc:
        raise ImportLineError(number, str(exc)) from None
    except RecursionError:
        raise ImportLineError(number, "nested too deeply (more than Python can read)") from None
    if not isinstance(data, dict):
        raise ImportLineError(number, "expected a JSON object")
    return record_from_dict(data, number, allow_extra=allow_extra)


def _shown(value: str) -> str:
    """The value quoted for a message, cut so that a huge one cannot flood the output."""
    if len(value) <= SHOWN_CHARS:
        return repr(value)
    return repr(value[:SHOWN_CHARS]) + "…"


def _unstorable(value: str) -> str | None:
    """Why the text cannot be stored or served, or None when it can."""
    if "\x00" in value:
        return "NUL (\\u0000), which the database cannot store"
    if match := UNSERIALIZABLE.search(value):  # what the RSS feeds could not carry
        return f"the control character U+{ord(match[0]):04X}"
    if match := _SURROGATE.search(value):
        return f"an unpaired surrogate U+{ord(match[0]):04X}"
    return None


def record_from_dict(data: dict, number: int = 1, *, allow_extra: bool = False) -> ArticleRecord:
    def fail(reason: str):
        raise ImportLineError(number, reason)

    missing = [key for key in REQUIRED if key not in data]
    if missing:
        fail(f"missing field {', '.join(repr(k) for k in missing)}")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown and not allow_extra:
        fail(f"unknown field {', '.join(_shown(k) for k in unknown[:5])}")

    def checked(where: str, value: str, limit: int) -> str:
        if reason := _unstorable(value):
            fail(f"{where} contains {reason}")
        value = value.strip()
        if len(value) > limit:
            fail(f"{where} is longer than {limit} characters")
        return value

    def text(key: str, limit: int, *, required: bool = False) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(f"{key!r} must be a string")
        value = checked(repr(key), value, limit)
        if required and not value:
            fail(f"{key!r} is empty")
        return value

    def names(key: str, *, most: int, limit: int) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(f"{key!r} must be a list of strings")
        if len(value) > most:
            fail(f"{key!r} has more than {most} entries")
        cleaned = (checked(f"{key!r}[{i}]", v, limit) for i, v in enumerate(value))
        return tuple(dict.fromkeys(v for v in cleaned if v))

    breaking = data.get("breaking", False)
    if not isinstance(breaking, bool):
        fail("'breaking' must be true or false")
    return ArticleRecord(
        external_id=text("external_id", MAX_EXTERNAL_ID, required=True),
        headline=text("headline", MAX_HEADLINE, required=True),
        lead=text("lead", MAX_LEAD),
        desk=text("desk", MAX_DESK, required=True),
        body=_blocks(data["body"], fail, checked),
        tags=names("tags", most=MAX_TAGS, limit=MAX_TAG),
        authors=names("authors", most=MAX_AUTHORS, limit=MAX_AUTHOR),
        agency=text("agency", MAX_AGENCY),
        dateline=text("dateline", MAX_DATELINE),
        published_at=_timestamp(data.get("published_at"), fail),
        breaking=breaking,
        extra={key: data[key] for key in unknown},
    )


def _blocks(value, fail, checked) -> tuple[BodyBlock, ...]:
    if not isinstance(value, list):
        fail("'body' must be a list of blocks")
    if len(value) > MAX_BLOCKS:
        fail(f"'body' has more than {MAX_BLOCKS} blocks")
    blocks = []
    for index, block in enumerate(value):
        where = f"body[{index}]"
        if not isinstance(block, dict):
            fail(f"{where} must be an object")
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            shown = _shown(kind) if isinstance(kind, str) else type(kind).__name__
            fail(f"{where}.type must be one of {', '.join(BLOCK_TYPES)}, not {shown}")
        text = block.get("text")
        if not isinstance(text, str) or not text.strip():
            fail(f"{where}.text must be a non-empty string")
        attribution = block.get("attribution") or ""
        if not isinstance(attribution, str):
            fail(f"{where}.attribution must be a string")
        blocks.append(
            BodyBlock(
                kind,
                checked(f"{where}.text", text, MAX_BLOCK_TEXT),
                checked(f"{where}.attribution", attribution, MAX_ATTRIBUTION),
            )
        )
    return tuple(blocks)


def _timestamp(value, fail) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        fail("'published_at' must be an ISO 8601 string such as 2024-06-19T10:15:00+03:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"'published_at' {_shown(value)} is not ISO 8601 (e.g. 2024-06-19T10:15:00+03:00)")
    if moment.tzinfo is None:
        fail(f"'published_at' {_shown(value)} has no UTC offset (add +03:00 or Z)")
    # Kept a year away from the calendar's ends, so that every time zone can show it.
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        fail(f"'published_at' {_shown(value)} is not between the years {MIN_YEAR} and {MAX_YEAR}")
    return moment
