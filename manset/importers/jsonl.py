"""Reading and checking lines of the article JSON Lines format (schema in README)."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from manset.core.errors import ImportLineError
from manset.importers.records import BLOCK_TYPES, FIELDS, ArticleRecord, BodyBlock

REQUIRED = ("external_id", "headline", "desk", "body")
MAX_HEADLINE = 255


@dataclass(frozen=True)
class ParsedLine:
    number: int
    record: ArticleRecord | None
    error: str = ""


def parse_lines(lines: Iterable[str]) -> Iterator[ParsedLine]:
    """Each non-blank line as a record, or the reason it was refused."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield ParsedLine(number, parse_record(line, number))
        except ImportLineError as exc:
            yield ParsedLine(number, None, exc.reason)


def parse_record(line: str, number: int = 1, *, allow_extra: bool = False) -> ArticleRecord:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportLineError(number, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ImportLineError(number, "expected a JSON object")
    return record_from_dict(data, number, allow_extra=allow_extra)


def record_from_dict(data: dict, number: int = 1, *, allow_extra: bool = False) -> ArticleRecord:
    def fail(reason: str):
        raise ImportLineError(number, reason)

    missing = [key for key in REQUIRED if key not in data]
    if missing:
        fail(f"missing field {', '.join(repr(k) for k in missing)}")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown and not allow_extra:
        fail(f"unknown field {', '.join(repr(k) for k in unknown)}")

    def text(key: str, *, required: bool = False, limit: int | None = None) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(f"{key!r} must be a string")
        value = value.strip()
        if required and not value:
            fail(f"{key!r} is empty")
        if limit and len(value) > limit:
            fail(f"{key!r} is longer than {limit} characters")
        return value

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(f"{key!r} must be a list of strings")
        return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))

    breaking = data.get("breaking", False)
    if not isinstance(breaking, bool):
        fail("'breaking' must be true or false")
    return ArticleRecord(
        external_id=text("external_id", required=True, limit=200),
        headline=text("headline", required=True, limit=MAX_HEADLINE),
        lead=text("lead"),
        desk=text("desk", required=True),
        body=_blocks(data["body"], fail),
        tags=names("tags"),
        authors=names("authors"),
        agency=text("agency"),
        dateline=text("dateline", limit=100),
        published_at=_timestamp(data.get("published_at"), fail),
        breaking=breaking,
        extra={key: data[key] for key in unknown},
    )


def _blocks(value, fail) -> tuple[BodyBlock, ...]:
    if not isinstance(value, list):
        fail("'body' must be a list of blocks")
    blocks = []
    for index, block in enumerate(value):
        where = f"body[{index}]"
        if not isinstance(block, dict):
            fail(f"{where} must be an object")
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            fail(f"{where}.type must be one of {', '.join(BLOCK_TYPES)}, not {kind!r}")
        text = block.get("text")
        if not isinstance(text, str) or not text.strip():
            fail(f"{where}.text must be a non-empty string")
        attribution = block.get("attribution") or ""
        if not isinstance(attribution, str):
            fail(f"{where}.attribution must be a string")
        blocks.append(BodyBlock(kind, text.strip(), attribution.strip()))
    return tuple(blocks)


def _timestamp(value, fail) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        fail("'published_at' must be an ISO 8601 string such as 2024-06-19T10:15:00+03:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"'published_at' {value!r} is not ISO 8601 (e.g. 2024-06-19T10:15:00+03:00)")
    if moment.tzinfo is None:
        fail(f"'published_at' {value!r} has no UTC offset (add +03:00 or Z)")
    return moment
