"""What every wire parser returns: one typed, frozen item per story version.

Parsers know formats; nothing after them does. The ingest service, the wire
desk and `manset ingest file --json` read only these types.
"""

import base64
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum


class Urgency(StrEnum):
    """One scale for every agency's priorities (IPTC 1–9, AA 1–6, İHA's SonDakika …)."""

    FLASH = "flash"
    URGENT = "urgent"
    NORMAL = "normal"
    LOW = "low"


# What raises the admin banner and makes an article "Son Dakika".
URGENT = frozenset({Urgency.FLASH, Urgency.URGENT})


@dataclass(frozen=True)
class MediaRef:
    """A picture, video or other file an item points to; fetched later, if at all."""

    ref: str  # the agency's id for it, or its URL when it has no id
    kind: str = "image"  # image | video | audio | graphic | other
    url: str = ""
    caption: str = ""
    credit: str = ""
    size: int | None = None  # bytes; 0 means the agency has not finished the file yet
    mime_type: str = ""
    width: int | None = None
    height: int | None = None


_MEDIA_FIELDS = fields(MediaRef)


@dataclass(frozen=True)
class ParsedItem:
    """One version of one agency item, as the file delivered it.

    Text fields are plain text (NFC, control characters removed) except `body`,
    which is sanitised HTML: paragraphs, sub-heads, lists, links, emphasis.
    Times are timezone-aware. `raw` holds the bytes of the whole file it came from.
    """

    provider: str  # "AA", "IHA", "DHA", "REUTERS", "AFP", "AP", or the file's own name for it
    guid: str
    headline: str
    body: str
    format: str  # "newsml-g2", "nitf", "newsml-1.2", "rss", "atom", "ninjs", "iha"
    version: int = 1
    slugline: str = ""
    abstract: str = ""
    byline: str = ""
    dateline: str = ""  # the place the story was filed from
    city: str = ""  # Turkish province when the agency says so (İHA's Sehir), else ""
    category: str = ""  # the agency's own section name ("Spor", "Ekonomi", "Dünya" …)
    language: str = ""  # BCP 47, lower case: "tr", "en", "en-us"
    subjects: tuple[str, ...] = ()  # subject names, or codes where the file names none
    urgency: Urgency = Urgency.NORMAL
    embargo: datetime | None = None
    created: datetime | None = None  # first created
    versioned: datetime | None = None  # this version created
    media: tuple[MediaRef, ...] = ()
    keywords: tuple[str, ...] = ()
    link: str = ""  # the agency's web page for the item, when it has one
    references: tuple[str, ...] = ()  # guids a package groups
    raw: bytes = field(default=b"", repr=False, compare=False)

    def as_json(self, *, include_raw: bool = False) -> dict:
        """A JSON-ready dict of every field (times in ISO 8601, raw as base64 when asked)."""
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "raw":
                if include_raw:
                    data["raw_base64"] = base64.b64encode(value).decode("ascii")
                continue
            data[f.name] = _json_value(value)
        return data


def media_json(media: MediaRef) -> dict:
    return {f.name: getattr(media, f.name) for f in _MEDIA_FIELDS}


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, MediaRef):
        return media_json(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value


@dataclass(frozen=True)
class Refusal:
    """Why one item of a file (or the whole file) was not taken, in words an editor can act on."""

    reason: str
    guid: str = ""  # the item's id, when the file got as far as saying it
    headline: str = ""


@dataclass(frozen=True)
class ParseResult:
    """Everything one file gave: the items that parsed and the ones refused, in file order."""

    format: str
    items: tuple[ParsedItem, ...] = ()
    refused: tuple[Refusal, ...] = ()
    encoding: str = ""  # as declared or detected ("utf-8", "windows-1254" …)
