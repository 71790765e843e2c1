"""NewsML 1.2 (AFP's format): NewsItems in a NewsML envelope, each a tree of NewsComponents.

The story is the text ContentItem outside any picture component; components
holding photos, videos or graphics become the item's media, with their captions.
"""

from collections.abc import Iterator

from manset.turkish import ascii_lower
from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal
from manset.wires.parsers.base import build_item, provider_code, urgency_from_iptc, version_number
from manset.wires.parsers.nitf import (
    body_html,
    find,
    integer,
    label,
    nitf_body,
    path,
    text_of,
)
from manset.wires.safexml import local
from manset.wires.text import clean_text, html_to_text
from manset.wires.times import parse_time

FORMAT = "newsml-1.2"

_MEDIA_TYPES = dict(photo="image", image="image", graphic="graphic", video="video", audio="audio")
# Roles of components that hold a picture (or its caption), not the story.
_MEDIA_ROLES = {"photo", "picture", "image", "video", "graphic", "audio", "caption"}
_REFUSED_STATUSES = {"canceled", "cancelled", "withheld"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def matches(root) -> bool:
    return local(root.tag) in ("NewsML", "NewsItem")


def read(root) -> Iterator[ParsedItem | Refusal]:
    envelope = root.find(path("NewsEnvelope"))
    items = [root] if local(root.tag) == "NewsItem" else root.findall(path("NewsItem"))
    for item in items:
        try:
            yield _item(item, envelope)
        except WireFormatError as exc:
            guid = _guid(item)
            where = "" if guid else f"line {item.sourceline}: "
            yield Refusal(
                reason=f"{where}{exc}", guid=guid, headline=_line([_top(item)], "HeadLine")
            )


def _item(item, envelope) -> ParsedItem:
    guid = _guid(item)
    _refuse_status(item, guid)
    top = _top(item)
    text = _main_text(top)
    if text is None and any(_is_media(c) for c in _components(top)):
        raise WireFormatError(f"{label(guid)}: a picture item with no text")
    chain = _chain(text, top)
    described = [c.find(path("DescriptiveMetadata")) for c in chain]
    described = [d for d in described if d is not None]
    body, nitf = _body(text)
    return build_item(
        provider=_provider(item, top),
        guid=guid,
        version=version_number(_identifier(item, "RevisionId")),
        headline=_line(chain, "HeadLine"),
        body=body,
        format=FORMAT,
        slugline=_line(chain, "SlugLine"),
        abstract=text_of(find(nitf, ".//abstract")) or _line(chain, "SubHeadLine"),
        byline=_line(chain, "ByLine"),
        dateline=_city(described) or _line(chain, "DateLine").split(",")[0],
        category=_category(described),
        language=_formal_in(described, "Language") or item.get(_XML_LANG, ""),
        subjects=[_formal(s) for d in described for s in d.iterfind(path("SubjectCode") + "/*")],
        urgency=urgency_from_iptc(
            _formal(item.find(path("NewsManagement/Urgency")))
            or _formal(find(envelope, "Priority"))
        ),
        embargo=_embargo(item, guid),
        created=_time(item, "NewsManagement/FirstCreated", guid),
        versioned=_time(item, "NewsManagement/ThisRevisionCreated", guid),
        media=_media(top),
        keywords=_keywords(chain, described),
    )


def _formal(element) -> str:
    return clean_text(element.get("FormalName")) if element is not None else ""


def _formal_in(described, name: str) -> str:
    return next((_formal(d.find(path(name))) for d in described if _formal(d.find(path(name)))), "")


def _top(item):
    return item.find(path("NewsComponent"))


def _identifier(item, name: str) -> str:
    return text_of(item.find(path(f"Identification/NewsIdentifier/{name}")))


def _guid(item) -> str:
    """The PublicIdentifier without its revision, so that every revision shares it."""
    public, revision = _identifier(item, "PublicIdentifier"), _identifier(item, "RevisionId")
    if public:
        # It ends in the revision and an update flag: …:TX-PAR-FXW86:2 or …:2A.
        head, _, tail = public.rpartition(":")
        return head if head and revision and tail.rstrip("NAU") == revision else public
    parts = [_identifier(item, name) for name in ("ProviderId", "DateId", "NewsItemId")]
    return ":".join(part for part in parts if part) if parts[-1] else ""


def _refuse_status(item, guid: str) -> None:
    status = ascii_lower(_formal(item.find(path("NewsManagement/Status"))))
    if status in _REFUSED_STATUSES:
        raise WireFormatError(f"{label(guid)}: the agency marked it {status} (Status)")


def _time(item, steps: str, guid: str):
    value = text_of(item.find(path(steps)))
    return parse_time(value, field=f"{label(guid)}: {steps.split('/')[-1]}")


def _embargo(item, guid: str):
    """When an embargoed item becomes usable; a change to any other status is no embargo."""
    future = _formal(item.find(path("NewsManagement/StatusWillChange/FutureStatus")))
    if ascii_lower(future) not in ("usable", ""):
        return None
    return _time(item, "NewsManagement/StatusWillChange/DateAndTime", guid)


def _components(top) -> list:
    return list(top.iter(path("NewsComponent"))) if top is not None else []


def _media_type(content) -> str:
    return ascii_lower(_formal(content.find(path("MediaType"))))


def _is_media(component) -> bool:
    """A component for a picture: by its role, or because all it holds is pictures."""
    role = ascii_lower(_formal(component.find(path("Role"))))
    contents = component.findall(path("ContentItem"))
    return (
        role in _MEDIA_ROLES
        or bool(contents)
        and all(_media_type(c) in _MEDIA_TYPES for c in contents)
    )


def _in_media(element, top) -> bool:
    for ancestor in element.iterancestors(path("NewsComponent")):
        if _is_media(ancestor):
            return True
        if ancestor is top:
            break
    return False


def _main_text(top):
    """The first text ContentItem with content that is not a picture's caption."""
    if top is None:
        return None
    for content in top.iter(path("ContentItem")):
        if _media_type(content) in ("text", "") and content.find(path("DataContent")) is not None:
            if not _in_media(content, top):
                return content
    return None


def _chain(content, top) -> list:
    """The components around the text, nearest first, whose NewsLines describe it."""
    if content is None:
        return [top] if top is not None else []
    return list(content.iterancestors(path("NewsComponent")))


def _line(chain, name: str) -> str:
    for component in chain:
        if component is not None and (value := text_of(find(component, f"NewsLines/{name}"))):
            return value
    return ""


def _body(content) -> tuple[str, object]:
    """The body HTML of a text ContentItem, and the NITF document it came in (if any)."""
    data = find(content, "DataContent")
    if data is None:
        return "", None
    nitf = find(data, "nitf")
    return (nitf_body(nitf), nitf) if nitf is not None else (body_html(data), None)


def _provider(item, top) -> str:
    return provider_code(
        _identifier(item, "ProviderId"),
        _formal(find(top, "AdministrativeMetadata/Provider/Party")),
    )


def _city(described) -> str:
    for metadata in described:
        for location in metadata.iterfind(path("Location")):
            for prop in location.iterfind(path("Property")):
                if prop.get("FormalName") == "City" and clean_text(prop.get("Value")):
                    return clean_text(prop.get("Value"))
    return ""


def _category(described) -> str:
    """AFP marks its section on subject codes: cat="ECO", "SPO", "POL" …"""
    for metadata in described:
        for subject in metadata.iterfind(path("SubjectCode") + "/*"):
            if clean_text(subject.get("cat")):
                return clean_text(subject.get("cat"))
    return ""


def _keywords(chain, described) -> list[str]:
    keywords = [
        clean_text(prop.get("Value"))
        for metadata in described
        for prop in metadata.iterfind(path("Property"))
        if prop.get("FormalName") == "Keyword"
    ]
    for component in chain:
        keywords.extend(text_of(k) for k in component.iterfind(path("NewsLines/KeywordLine")))
    return keywords


def _media(top) -> tuple[MediaRef, ...]:
    """One MediaRef per picture component (its largest rendition), outermost first."""
    refs = []
    for component in _components(top):
        if component is top or not _is_media(component) or _in_media(component, top):
            continue
        renditions = [c for c in component.iter(path("ContentItem")) if _is_rendition(c)]
        if renditions:
            refs.append(_media_ref(component, max(renditions, key=_rendition_rank)))
    return tuple(refs)


def _is_rendition(content) -> bool:
    return _media_type(content) in _MEDIA_TYPES


def _rendition_rank(content) -> tuple[int, int]:
    return (integer(_characteristic(content, "Width")) or 0, integer(_size(content)) or 0)


def _characteristic(content, name: str) -> str:
    for prop in content.iterfind(path("Characteristics/Property")):
        if prop.get("FormalName") == name:
            return prop.get("Value") or ""
    return ""


def _size(content) -> str:
    return text_of(find(content, "Characteristics/SizeInBytes"))


def _media_ref(component, rendition) -> MediaRef:
    href = (rendition.get("Href") or "").strip()
    captions = [c for c in component.iter(path("ContentItem")) if _media_type(c) == "text"]
    caption = html_to_text(_body(captions[0])[0]) if captions else ""
    return MediaRef(
        ref=component.get("Duid") or component.get("Euid") or href,
        kind=_MEDIA_TYPES[_media_type(rendition)],
        url=href if href.startswith(("http://", "https://")) else "",
        caption=caption or _line([component], "HeadLine"),
        credit=_line([component], "CreditLine") or _line([component], "ByLine"),
        size=integer(_size(rendition)),
        mime_type=ascii_lower(_formal(rendition.find(path("MimeType")))),
        width=integer(_characteristic(rendition, "Width")),
        height=integer(_characteristic(rendition, "Height")),
    )
