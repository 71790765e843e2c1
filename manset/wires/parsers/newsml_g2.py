"""NewsML-G2: a single newsItem, a newsMessage of several items, and packages grouping them.

Anadolu Ajansı (AA) delivers NewsML-G2 2.9 from its subscriber API, with ids
like aa:text:20261129:1234567 and its own priority scale (1 Flaş … 6 Arşiv).
A picture reaches the desk only with the story a package groups it with.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from manset.turkish import ascii_lower
from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal, Urgency
from manset.wires.parsers import nitf
from manset.wires.parsers.base import build_item, provider_code, urgency_from_iptc, version_number
from manset.wires.parsers.nitf import attribute, find, integer, label, path, text_of
from manset.wires.safexml import local
from manset.wires.text import clean_text
from manset.wires.times import parse_time

FORMAT = "newsml-g2"

_ROOTS = {"newsItem", "newsMessage", "packageItem"}
_MEDIA_KINDS = dict(picture="image", photo="image", graphic="graphic", video="video", audio="audio")
_MIME_KINDS = {"image": "image", "video": "video", "audio": "audio"}
_REFUSED_STATUSES = {"canceled", "cancelled", "withheld"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# AA's own scale: 1 Flaş, 2 Acil, 3 Önemli, 4 Rutin, 5 Özel, 6 Arşiv.
AA_PRIORITIES = {1: Urgency.FLASH, 2: Urgency.URGENT, 6: Urgency.LOW}


@dataclass
class _Packages:
    """What the packages of one file say about the text items in the same file."""

    media: dict[str, list[MediaRef]] = field(default_factory=dict)  # text guid → its media
    references: dict[str, list[str]] = field(default_factory=dict)  # text guid → package members
    taken: set[str] = field(default_factory=set)  # guids used as a text item's media
    served: set[str] = field(default_factory=set)  # packages whose text is in the file


def matches(root) -> bool:
    namespace = etree.QName(root).namespace or ""
    return local(root.tag) in _ROOTS and (not namespace or "iptc.org/std/nar" in namespace)


def read(root) -> Iterator[ParsedItem | Refusal]:
    header = root.find(path("header"))
    if local(root.tag) == "newsMessage":
        items = [e for e in root.iterfind(path("itemSet") + "/*") if isinstance(e.tag, str)]
    else:
        items = [root]
    texts = {e.get("guid") for e in items if _is_text(e)}
    packages = _read_packages(items, texts)
    for element in items:
        try:
            result = _read_one(element, header, packages)
        except WireFormatError as exc:
            guid = element.get("guid", "")
            where = "" if guid else f"line {element.sourceline}: "
            result = Refusal(reason=f"{where}{exc}", guid=guid, headline=_headline(element))
        if result is not None:
            yield result


def _read_one(element, header, packages: _Packages) -> ParsedItem | None:
    guid, kind = element.get("guid", ""), local(element.tag)
    if kind == "packageItem" and guid in packages.served:
        return None  # its stories carry what it groups
    if kind == "packageItem":
        count = len(_member_refs(element))
        raise WireFormatError(
            f"{label(guid, 'package')} references {count} items but none of them is a text "
            "item in this file; import the package together with its items"
        )
    if kind != "newsItem":
        raise WireFormatError(f"{label(guid)}: a {kind} is not a news story")
    _refuse_status(element, guid)
    item_class = _item_class(element)
    if item_class in _MEDIA_KINDS:
        if guid in packages.taken:
            return None  # it came in as the media of its story
        raise WireFormatError(
            f"{label(guid)}: a {item_class} item with no text (pictures and videos are taken "
            "only with a story that a package in the same file groups them with)"
        )
    return _text_item(element, header, packages)


def _read_packages(items, texts) -> _Packages:
    """Give each text item the media its packages group with it, where both are in the file."""
    by_guid = {e.get("guid"): e for e in items if e.get("guid")}
    packages = _Packages()
    for package in (e for e in items if local(e.tag) == "packageItem"):
        refs = _member_refs(package)
        stories = [r for r in refs if r.get("residref") in texts]
        if not stories:
            continue
        packages.served.add(package.get("guid"))
        media = [_member_media(r, by_guid.get(r.get("residref"))) for r in refs]
        media = [m for m in media if m is not None]
        packages.taken.update(m.ref for m in media)
        for story in stories:
            guid = story.get("residref")
            packages.media.setdefault(guid, []).extend(media)
            others = [r.get("residref") for r in refs if r.get("residref") != guid]
            packages.references.setdefault(guid, []).extend(others)
    return packages


def _member_refs(package) -> list:
    return [r for r in package.iter(path("itemRef")) if r.get("residref")]


def _member_media(item_ref, item) -> MediaRef | None:
    """A picture or video a package groups: from its own item when the file holds it."""
    if item is not None:
        return _picture_ref(item) if _item_class(item) in _MEDIA_KINDS else None
    kind = _qcode_value(item_ref.find(path("itemClass")))
    if kind not in _MEDIA_KINDS:
        return None
    return MediaRef(
        ref=item_ref.get("residref"),
        kind=_MEDIA_KINDS[kind],
        caption=text_of(item_ref.find(path("description")))
        or text_of(item_ref.find(path("title"))),
    )


def _picture_ref(item) -> MediaRef:
    kind = _MEDIA_KINDS[_item_class(item)]
    renditions = item.findall(path("contentSet/remoteContent"))
    best = max(renditions, key=_rendition_rank, default=None)
    ref = _remote_ref(best, kind=kind) if best is not None else MediaRef(ref="", kind=kind)
    return replace(
        ref,
        ref=item.get("guid", ""),
        caption=text_of(item.find(path("contentMeta/description"))) or _headline(item),
        credit=text_of(item.find(path("contentMeta/creditline")))
        or _name(item.find(path("rightsInfo/copyrightHolder"))),
    )


def _rendition_rank(remote) -> tuple:
    high = (remote.get("rendition") or "").endswith("highRes")
    return (high, integer(remote.get("width")) or 0, integer(remote.get("size")) or 0)


def _remote_ref(remote, *, kind: str = "") -> MediaRef:
    href = remote.get("href") or remote.get("residref") or ""
    mime = ascii_lower(remote.get("contenttype") or "")
    return MediaRef(
        ref=href,
        kind=kind or _MIME_KINDS.get(mime.split("/")[0], "other"),
        url=href if href.startswith(("http://", "https://")) else "",
        size=integer(remote.get("size")),
        mime_type=mime,
        width=integer(remote.get("width")),
        height=integer(remote.get("height")),
    )


def _text_item(item, header, packages: _Packages) -> ParsedItem:
    guid = item.get("guid", "")
    meta = item.find(path("contentMeta"))
    provider = _provider(item, header)
    body, inline_media, document = _content(item.find(path("contentSet")))
    return build_item(
        provider=provider,
        guid=guid,
        version=version_number(item.get("version")),
        headline=_headline(item) or text_of(find(document, ".//hl1")),
        body=body,
        format=FORMAT,
        slugline=text_of(find(meta, "slugline")),
        abstract=_abstract(meta),
        byline=_byline(meta),
        dateline=text_of(find(meta, "dateline")) or _name(find(meta, "located"), code=False),
        category=_category(item),
        language=attribute(meta, "language", "tag") or item.get(_XML_LANG, ""),
        subjects=[_name(s) for s in item.iterfind(path("contentMeta/subject"))],
        urgency=_urgency(_priority(item, header), provider),
        embargo=_time(item, "itemMeta/embargoed", guid),
        created=_time(item, "itemMeta/firstCreated", guid)
        or _time(item, "contentMeta/contentCreated", guid),
        versioned=_time(item, "itemMeta/versionCreated", guid),
        media=tuple(dict.fromkeys((*inline_media, *packages.media.get(guid, ())))),
        keywords=[text_of(k) for k in item.iterfind(path("contentMeta/keyword"))],
        link=_canonical_link(item),
        references=packages.references.get(guid, ()),
    )


def _content(content_set) -> tuple[str, list[MediaRef], object]:
    """The body HTML, the media the item's own content points to, and its NITF (if any)."""
    if content_set is None:
        return "", [], None
    media = [
        _remote_ref(r)
        for r in content_set.iterfind(path("remoteContent"))
        if not ascii_lower(r.get("contenttype") or "").startswith("text/")
    ]
    for inline in content_set.iterfind(path("inlineXML")):
        # XHTML needs no special case: the sanitiser drops its head and unwraps the rest.
        document = find(inline, "nitf")
        body = nitf.nitf_body(document) if document is not None else nitf.body_html(inline)
        if body:
            return body, media + list(nitf.media_refs(find(document, ".//body.content"))), document
    for data in content_set.iterfind(path("inlineData")):
        if body := nitf.body_html(data):
            return body, media, None
    return "", media, None


def _name(element, *, code: bool = True) -> str:
    """A concept's name, else its literal, else (when `code`) its qcode."""
    if element is None:
        return ""
    name = text_of(element.find(path("name"))) or clean_text(element.get("literal"))
    return name or (clean_text(element.get("qcode")) if code else "")


def _qcode_value(element) -> str:
    qcode = element.get("qcode", "") if element is not None else ""
    return ascii_lower(qcode.rsplit(":", 1)[-1].strip())


def _item_class(item) -> str:
    return _qcode_value(item.find(path("itemMeta/itemClass"))) or "text"


def _is_text(item) -> bool:
    return local(item.tag) == "newsItem" and _item_class(item) not in _MEDIA_KINDS


def _headline(item) -> str:
    headlines = item.findall(path("contentMeta/headline"))
    main = [h for h in headlines if not h.get("role") or h.get("role", "").endswith("main")]
    return text_of((main or headlines or [None])[0]) or text_of(item.find(path("itemMeta/title")))


def _abstract(meta) -> str:
    if meta is None:
        return ""
    for description in meta.iterfind(path("description")):
        role = description.get("role") or "summary"
        if role.endswith("summary") and text_of(description):
            return text_of(description)
    subs = [h for h in meta.iterfind(path("headline")) if "sub" in (h.get("role") or "")]
    return text_of(subs[0]) if subs else ""


def _byline(meta) -> str:
    if meta is None:
        return ""
    by = text_of(meta.find(path("by")))
    creators = (_name(c, code=False) for c in meta.iterfind(path("creator")))
    return by or ", ".join(name for name in creators if name)


def _category(item) -> str:
    """The agency's section: a memberOf name, else a subject whose scheme says category."""
    member = _name(item.find(path("itemMeta/memberOf")), code=False)
    if member:
        return member
    for subject in item.iterfind(path("contentMeta/subject")):
        kind = ascii_lower(subject.get("type") or "")
        scheme = ascii_lower((subject.get("qcode") or "").split(":")[0])
        if kind.endswith((":cat", "category")) or "cat" in scheme:
            return _name(subject, code=False) or _qcode_value(subject)
    return ""


def _provider(item, header) -> str:
    return provider_code(
        attribute(item, "itemMeta/provider", "literal"),
        text_of(find(item, "itemMeta/provider/name")),
        attribute(item, "itemMeta/provider", "qcode"),
        text_of(find(header, "sender")),
        _name(find(item, "rightsInfo/copyrightHolder")),
    )


def _priority(item, header) -> str:
    """The item's urgency, else the priority the message header gives all its items."""
    return text_of(item.find(path("contentMeta/urgency"))) or text_of(find(header, "priority"))


def _urgency(value: str, provider: str) -> Urgency:
    if provider == "AA":
        return AA_PRIORITIES.get(integer(value), Urgency.NORMAL)
    return urgency_from_iptc(value)


def _refuse_status(item, guid: str) -> None:
    status = _qcode_value(item.find(path("itemMeta/pubStatus")))
    if status in _REFUSED_STATUSES:
        raise WireFormatError(f"{label(guid)}: the agency marked it {status} (pubStatus)")


def _time(item, steps: str, guid: str):
    return parse_time(
        text_of(item.find(path(steps))), field=f"{label(guid)}: {steps.split('/')[-1]}"
    )


def _canonical_link(item) -> str:
    for link in item.iterfind(path("itemMeta/link")):
        if (link.get("rel") or "").endswith("canonical") and link.get("href"):
            return link.get("href")
    return ""
