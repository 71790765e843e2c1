"""IPTC ninjs (News in JSON), 1.x and 2.x: one item, a list of them, or a list under a key.

1.x names (uri, headline, body_html, description_text, byline, subject,
associations as an object) and 2.x names (headlines, bodies, descriptions, by,
subjects, associations as a list) are both read. Only text items become
stories; a picture, video or graphic on its own is refused with the reason (it
arrives as media when a text item associates it). Values of an unexpected
JSON type are read as absent, never trusted.
"""

from collections.abc import Iterator

from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal
from manset.wires.parsers.base import (
    build_item,
    each,
    provider_code,
    urgency_from_iptc,
    version_number,
)
from manset.wires.parsers.rss import authority, body_html
from manset.wires.text import html_to_text, sanitise_html
from manset.wires.times import parse_time

FORMAT = "ninjs"

# A JSON object with any of these is an item; otherwise its items are in a list under a key.
ITEM_KEYS = ("uri", "guid", "headline", "headlines", "body_html", "body_text", "bodies")
LIST_KEYS = ("items", "_items", "data", "results")
MEDIA_KINDS = {"picture": "image", "graphic": "graphic", "video": "video", "audio": "audio"}
WITHDRAWN = ("canceled", "cancelled", "withheld")


def read(document) -> Iterator[ParsedItem | Refusal]:
    return each(enumerate(_objects(document), start=1), _numbered)


def _objects(document) -> list:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise WireFormatError(f"the JSON holds a {type(document).__name__}, not a ninjs object")
    if _is_item(document):
        return [document]
    for key in LIST_KEYS:
        if isinstance(document.get(key), list):
            return document[key]
    for value in document.values():  # an API's own wrapper: the list that holds items
        if isinstance(value, list) and any(_is_item(v) for v in value):
            return value
    raise WireFormatError(
        "the JSON object is not a ninjs item (no uri, guid, headline or body) "
        "and holds no list of items"
    )


def _is_item(value) -> bool:
    return isinstance(value, dict) and any(key in value for key in ITEM_KEYS)


def _numbered(pair: tuple[int, object]) -> ParsedItem:
    position, obj = pair
    if not isinstance(obj, dict):
        raise WireFormatError(f"item {position}: a {type(obj).__name__}, not a ninjs object")
    return _item(obj, position)


def _item(obj: dict, position: int) -> ParsedItem:
    guid = _str(obj.get("uri")) or _str(obj.get("guid"))
    where = f"item {guid}" if guid else f"item {position}"
    kind = _str(obj.get("type")) or "text"
    if kind != "text" and not kind.startswith("text/"):
        raise WireFormatError(
            f"{where}: a {kind} item, not a text story (pictures and video are taken "
            "as media of the text item that associates them)"
        )
    if _str(obj.get("pubstatus")) in WITHDRAWN:
        raise WireFormatError(f"{where}: the agency withdrew it (pubstatus {obj['pubstatus']})")
    versioned = parse_time(_str(obj.get("versioncreated")), field=f"{where}: versioncreated")
    created = parse_time(_str(obj.get("firstcreated")), field=f"{where}: firstcreated")
    return build_item(
        provider=provider_code(
            _str(obj.get("provider")),
            _str(obj.get("source")),
            *(_str(s.get("name")) for s in _dicts(obj.get("infosources"))),
            _str(obj.get("copyrightholder")),
            authority(guid),
        ),
        guid=guid,
        format=FORMAT,
        version=version_number(obj.get("version")),
        headline=_headline(obj),
        body=_body(obj),
        abstract=_description(obj),
        slugline=_str(obj.get("slugline")),
        byline=_str(obj.get("byline")) or _str(obj.get("by")),
        dateline=_str(obj.get("located")),
        language=_str(obj.get("language")),
        category=next((_name(s) for s in _dicts(obj.get("service")) if _name(s)), ""),
        subjects=[_name(s) for key in ("subject", "subjects") for s in _dicts(obj.get(key))],
        keywords=[_str(k) for k in _list(obj.get("keywords"))],
        urgency=urgency_from_iptc(obj.get("urgency")),
        embargo=parse_time(_str(obj.get("embargoed")), field=f"{where}: embargoed"),
        created=created or versioned,
        versioned=versioned or created,
        media=tuple(_media(obj)),
    )


def _headline(obj: dict) -> str:
    return _str(obj.get("headline")) or _str(_by_role(obj.get("headlines"), "main").get("value"))


def _body(obj: dict) -> str:
    if body := _str(obj.get("body_html")):
        return body_html(body)
    if body := _str(obj.get("body_text")):
        return body_html(body, plain=True)
    bodies = _dicts(obj.get("bodies"))
    for entry in bodies:  # HTML first: it keeps links and sub-heads
        if _str(entry.get("contenttype")) == "text/html" and _str(entry.get("value")):
            return body_html(_str(entry.get("value")))
    for entry in bodies:
        if _str(entry.get("contenttype")) in ("", "text/plain") and _str(entry.get("value")):
            return body_html(_str(entry.get("value")), plain=True)
    return ""


def _description(obj: dict) -> str:
    if text := _str(obj.get("description_text")):
        return text
    if markup := _str(obj.get("description_html")):
        return html_to_text(sanitise_html(markup))
    entry = _by_role(obj.get("descriptions"), "summary")
    if _str(entry.get("contenttype")) == "text/html":
        return html_to_text(sanitise_html(_str(entry.get("value"))))
    return _str(entry.get("value"))


def _media(obj: dict) -> Iterator[MediaRef]:
    associations = obj.get("associations")
    if isinstance(associations, dict):  # 1.x: name → object; 2.x: a list with "name" in each
        associations = list(associations.values())
    for association in _dicts(associations):
        kind = MEDIA_KINDS.get(_str(association.get("type")))
        if kind is None:
            continue  # a related text story, not a file
        rendition = _best_rendition(association.get("renditions"))
        ref = _str(association.get("uri")) or _str(association.get("guid"))
        url = _str(rendition.get("href"))
        if not (ref or url):
            continue
        yield MediaRef(
            ref=ref or url,
            kind=kind,
            url=url,
            caption=_description(association) or _str(association.get("body_text")),
            credit=_str(association.get("byline"))
            or _str(association.get("by"))
            or _str(association.get("creditline"))
            or _str(association.get("copyrightholder")),
            size=_int(rendition.get("sizeinbytes")),
            mime_type=_str(rendition.get("mimetype"))
            or _str(rendition.get("contenttype"))
            or _str(association.get("mimetype")),
            width=_int(rendition.get("width")),
            height=_int(rendition.get("height")),
        )


def _best_rendition(renditions) -> dict:
    """The "original" rendition when there is one, else the widest with an href."""
    if isinstance(renditions, dict):  # 1.x: name → rendition; 2.x: a list with "name" in each
        renditions = [{**r, "name": k} for k, r in renditions.items() if isinstance(r, dict)]
    usable = [r for r in _dicts(renditions) if _str(r.get("href"))]
    for rendition in usable:
        if _str(rendition.get("name")) == "original":
            return rendition
    return max(usable, key=lambda r: _int(r.get("width")) or 0, default={})


def _by_role(entries, role: str) -> dict:
    entries = _dicts(entries)
    return next((e for e in entries if _str(e.get("role")) == role), entries[0] if entries else {})


def _name(entry: dict) -> str:
    return (
        _str(entry.get("name"))
        or _str(entry.get("code"))
        or _str(entry.get("literal"))
        or _str(entry.get("uri"))
    )


def _dicts(value) -> list[dict]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _str(value) -> str:
    if isinstance(value, bool):
        return ""
    return str(value) if isinstance(value, str | int | float) else ""


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None
