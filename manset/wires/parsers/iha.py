"""İhlas Haber Ajansı (İHA) subscriber XML: RSS-shaped items with İHA's own fields.

<rss><channel><item> carrying HaberKodu (the stable id), title, a summary (or
spot) and a body (HTML, or text with line breaks), UstKategori and Kategori,
Sehir (the province), SonDakika (Evet/Hayır) and times written
dd.MM.yyyy HH:mm:ss in Istanbul time. Photos are <image> elements (ResimKodu,
path, Aciklama, filesize); a video is an element holding path_video and
VideoKodu (with duration and poster, which MediaRef has no place for).

Versions: İHA numbers none. An item never updated (SonHaberGuncellenmeTarihi
missing or "-") is version 1; an updated one is the number of seconds from
2000-01-01 00:00 UTC to its update time, so each later update has a higher
number and the value stays below 2**31 (the bound `version_number` keeps)
until 2068. A readable 20261129143000 would not fit that bound.

A filesize of 0 means İHA has not finished the file yet: the MediaRef keeps
size=0 so the ingest fetches it again later.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

from manset.turkish import casefold
from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal, Urgency
from manset.wires.parsers.base import build_item, each
from manset.wires.parsers.rss import body_html, dedupe_media, guess_mime, number
from manset.wires.text import clean_text, html_to_text, sanitise_html
from manset.wires.times import ISTANBUL, parse_time

FORMAT = "iha"
PROVIDER = "IHA"

CREATED_FIELDS = ("OlusturulmaTarihi", "pubDate")
UPDATED_FIELD = "SonHaberGuncellenmeTarihi"
VERSION_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def matches(root) -> bool:
    return root.tag == "rss" and root.find("channel/item/HaberKodu") is not None


def read(root) -> Iterator[ParsedItem | Refusal]:
    return each(root.iterfind("channel/item"), _item)


def _item(item) -> ParsedItem:
    headline = _text(item, "title")
    guid = _text(item, "HaberKodu")
    if not guid:
        shown = f"the item {headline[:60]!r}" if headline else "an item without a title"
        raise WireFormatError(f"{shown}: no <HaberKodu>, İHA's id for the story")
    where = f"item {guid}"
    created = _time(item, CREATED_FIELDS, where=where)
    updated = _time(item, (UPDATED_FIELD,), where=where)
    summary, body = _summary_and_body(item)
    parent, category = _text(item, "UstKategori"), _text(item, "Kategori")
    return build_item(
        provider=PROVIDER,
        guid=guid,
        format=FORMAT,
        version=_version(updated),
        headline=headline,
        abstract=html_to_text(sanitise_html(summary)),
        body=body_html(body),
        city=_text(item, "Sehir"),
        category=category or parent,
        subjects=[parent, category],
        language="tr",
        urgency=Urgency.FLASH if casefold(_text(item, "SonDakika")) == "evet" else Urgency.NORMAL,
        created=created or updated,
        versioned=updated or created,
        media=tuple(dedupe_media([*_photos(item), *_videos(item)])),
        link=_text(item, "link"),
    )


def _summary_and_body(item) -> tuple[str, str]:
    """The spot and the story; an item in plain RSS style has its story in <description>."""
    summary = _raw(item, "summary") or _raw(item, "spot")
    body = _raw(item, "body")
    if not body:
        body = _raw(item, "description")
    elif not summary:
        summary = _raw(item, "description")
    return summary, body


def _time(item, names: tuple[str, ...], *, where: str) -> datetime | None:
    for name in names:
        value = _text(item, name)
        if value and value != "-":
            return parse_time(value, field=f"{where}: <{name}>", naive_zone=ISTANBUL)
    return None


def _version(updated: datetime | None) -> int:
    if updated is None:
        return 1
    return max(2, int((updated - VERSION_EPOCH).total_seconds()))


def _photos(item) -> Iterator[MediaRef]:
    for image in item.iter("image"):
        ref = _text(image, "ResimKodu")
        url = _text(image, "path") or clean_text(image.text)  # or the URL as the text itself
        if ref or url:
            yield MediaRef(
                ref=ref or url,
                kind="image",
                url=url,
                caption=_text(image, "Aciklama") or _text(image, "caption"),
                size=number(_text(image, "filesize")),  # 0 stays 0: the file is not ready yet
                mime_type=guess_mime(url) if url else "",
            )


def _videos(item) -> Iterator[MediaRef]:
    """Videos in <video> elements, or as fields of the item itself."""
    for node in item.iter():
        if node.find("path_video") is None and node.find("VideoKodu") is None:
            continue
        ref = _text(node, "VideoKodu")
        url = _text(node, "path_video")
        if ref or url:
            yield MediaRef(
                ref=ref or url,
                kind="video",
                url=url,
                caption=_text(node, "Aciklama") or _text(node, "caption"),
                size=number(_text(node, "filesize")),
                mime_type=guess_mime(url) if url else "",
            )


def _raw(element, name: str) -> str:
    """A field's text as sent, line breaks kept (for summary and body)."""
    return (element.findtext(name) or "").strip()


def _text(element, name: str) -> str:
    return clean_text(element.findtext(name))
