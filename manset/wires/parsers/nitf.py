"""NITF 3.x: one story per file, and the NITF or XHTML bodies NewsML files carry inside.

The namespace-agnostic helpers (`path`, `find`, `attribute`, `text_of`,
`integer`) and the body readers (`body_html`, `nitf_body`, `media_refs`) are
shared with the NewsML parsers, whose content elements hold NITF or XHTML bodies.
"""

import copy
import html
import re
from collections.abc import Iterator

from lxml import etree

from manset.turkish import ascii_lower, slugify
from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal
from manset.wires.parsers.base import build_item, provider_code, urgency_from_iptc, version_number
from manset.wires.safexml import local
from manset.wires.text import clean_text, sanitise_html, text_to_html
from manset.wires.times import parse_time

FORMAT = "nitf"

# NITF names for what HTML calls something else; the sanitiser knows only HTML.
_RENAMED = {"hl2": "h3", "bq": "blockquote"}
# Elements that are not reading text: pictures (collected as media) and their notes.
_NOT_TEXT = {"media", "nitf-table-metadata"}
_BLOCKS = re.compile(r"<(p|h[1-6]|ul|ol|li|blockquote|br)\b")
# XML indentation between and inside blocks; HTML folds it anyway (no <pre> survives).
_LAYOUT = re.compile(r"[ \t\r\n]+")
_AROUND_BLOCKS = re.compile(r" ?(</?(?:p|h[2-4]|ul|ol|li|blockquote)>) ?")
# A complete character reference left in text by double escaping (&amp;#39; → &#39;).
_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")
_MEDIA_KINDS = {"image": "image", "photo": "image", "video": "video", "audio": "audio"}
_REFUSED_STATUSES = {"canceled", "cancelled", "withheld"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A subject's most specific name first; the IPTC code when it has none.
_SUBJECT_NAMES = ("detail", "matter", "type", "refnum")


def path(steps: str) -> str:
    """An ElementPath that ignores namespaces: 'head/docdata' → '{*}head/{*}docdata'."""
    return "/".join(s if s in ("", ".", "..") else "{*}" + s for s in steps.split("/"))


def text_of(element) -> str:
    """All the text inside an element, as one clean line ("" for a missing element)."""
    if element is None:
        return ""
    return clean_text(" ".join(element.itertext()))


def label(guid: str, noun: str = "item") -> str:
    """How a message names an item: by its guid, as build_item does, or "the item"."""
    return f"{noun} {guid}" if guid else f"the {noun}"


def find(element, steps: str):
    """The first element at a namespace-agnostic path below `element` (None-safe)."""
    return element.find(path(steps)) if element is not None else None


def attribute(element, steps: str, name: str) -> str:
    """An attribute of the element at `steps`, stripped; "" when either is missing."""
    found = find(element, steps)
    return (found.get(name) or "").strip() if found is not None else ""


def matches(root) -> bool:
    return local(root.tag) == "nitf"


def read(root) -> Iterator[ParsedItem | Refusal]:
    try:
        yield _item(root)
    except WireFormatError as exc:
        yield Refusal(reason=str(exc), guid=_guid(root), headline=_headline(root))


def body_html(container) -> str:
    """Sanitised HTML of a body element's content (NITF body.content, XHTML body, …)."""
    if container is None:
        return ""
    if len(container) == 0:
        return _plain_or_html(container.text)
    tree = copy.deepcopy(container)
    for element in list(tree.iter()):
        if isinstance(element.tag, str) and local(element.tag) in _NOT_TEXT:
            _remove(element)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        element.tag = _RENAMED.get(name, name)
        element.text, element.tail = _unescape(element.text), _unescape(element.tail)
    etree.cleanup_namespaces(tree)
    fragment = html.escape(tree.text or "", quote=False) + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in tree
    )
    return _tidy(sanitise_html(fragment))


def nitf_body(nitf) -> str:
    """The story of a NITF document: body.content, then body.end's tagline as a last paragraph."""
    end = text_to_html(text_of(find(nitf, ".//body.end")))
    return body_html(find(nitf, ".//body.content")) + end


def media_refs(container) -> tuple[MediaRef, ...]:
    """The pictures and videos NITF `media` elements point to."""
    if container is None:
        return ()
    refs = map(_media_ref, container.iter(path("media")))
    return tuple(ref for ref in refs if ref is not None)


def _plain_or_html(text: str | None) -> str:
    """Agencies label HTML as plain text and plain text as HTML; look before choosing."""
    if text and _BLOCKS.search(text):
        return _tidy(sanitise_html(text))
    return text_to_html(text)


def _unescape(text: str | None) -> str | None:
    """Undo agencies' double escaping (&amp;#39;), for whole references only.

    A URL's "&copy=2" stays as written; the sanitiser escapes the text again.
    """
    return _REFERENCE.sub(lambda m: html.unescape(m[0]), text) if text else text


def _tidy(fragment: str) -> str:
    """Body HTML without the source's indentation, so every format yields the same shape."""
    return _AROUND_BLOCKS.sub(r"\1", _LAYOUT.sub(" ", fragment)).strip()


def _remove(element) -> None:
    """Drop an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _media_ref(media) -> MediaRef | None:
    # The largest rendition stands for the picture; the others are previews of it.
    references = media.findall(path("media-reference"))
    reference = max(references, key=lambda r: integer(r.get("width")) or 0, default=None)
    source = (reference.get("source") or "").strip() if reference is not None else ""
    if not source:
        return None
    kind = ascii_lower(media.get("media-type") or "")
    return MediaRef(
        ref=source,
        kind=_MEDIA_KINDS.get(kind, "other" if kind else "image"),
        url=source if source.startswith(("http://", "https://")) else "",
        caption=text_of(media.find(path("media-caption")))
        or clean_text(reference.get("alternate-text")),
        credit=text_of(media.find(path("media-producer"))),
        mime_type=ascii_lower(reference.get("mime-type") or ""),
        width=integer(reference.get("width")),
        height=integer(reference.get("height")),
        size=integer(reference.get("source-size") or reference.get("size")),
    )


def integer(value) -> int | None:
    """A whole number from an attribute agencies may leave empty or fill with words."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _item(root) -> ParsedItem:
    guid = _guid(root) or _fallback_guid(root)
    _refuse_status(root, guid)
    issued = _time(root, "head/docdata/date.issue", guid)
    released = _time(root, "head/docdata/date.release", guid)
    content = root.find(path("body/body.content"))
    meta = _meta(root)
    return build_item(
        provider=_provider(root),
        guid=guid,
        version=_version(root),
        headline=_headline(root),
        body=nitf_body(root),
        format=FORMAT,
        slugline=meta.get("slug", "") or meta.get("slugline", ""),
        abstract=text_of(root.find(path("body/body.head/abstract"))),
        byline=_byline(root.find(path("body/body.head/byline"))),
        dateline=_dateline(root.find(path("body/body.head/dateline"))),
        category=_category(root, meta),
        language=root.get("baselang") or root.get(_XML_LANG) or meta.get("language", ""),
        subjects=_subjects(root, meta),
        urgency=urgency_from_iptc(attribute(root, "head/docdata/urgency", "ed-urg")),
        # A release time later than the issue time is an embargo; equal ones are not.
        embargo=released if released and issued and released > issued else None,
        created=issued,
        versioned=issued,
        media=media_refs(content),
        keywords=_keywords(root),
        link=meta.get("url", ""),
    )


def _guid(root) -> str:
    # The du-key stays the same across a story's versions; doc-id may not.
    return clean_text(
        attribute(root, "head/docdata/du-key", "key")
        or attribute(root, "head/docdata/doc-id", "id-string")
    )


def _fallback_guid(root) -> str:
    """Some agencies (AP's NITF) send no id at all: provider, issue time and headline stand in."""
    issued = attribute(root, "head/docdata/date.issue", "norm")
    headline = _headline(root)
    if not issued or not headline:
        return ""
    return f"{_provider(root) or 'nitf'}:{issued}:{slugify(headline, max_length=60)}"


def _version(root) -> int:
    return version_number(attribute(root, "head/docdata/du-key", "version"))


def _headline(root) -> str:
    return text_of(root.find(path("body/body.head/hedline/hl1"))) or text_of(
        root.find(path("head/title"))
    )


def _refuse_status(root, guid: str) -> None:
    status = ascii_lower(attribute(root, "head/docdata", "management-status"))
    if status in _REFUSED_STATUSES:
        raise WireFormatError(f"{label(guid)}: the agency marked it {status} (management-status)")


def _time(root, steps: str, guid: str):
    return parse_time(
        attribute(root, steps, "norm"), field=f"{label(guid)}: {steps.split('/')[-1]}"
    )


def _meta(root) -> dict[str, str]:
    meta = {}
    for element in root.iterfind(path("head/meta")):
        name = ascii_lower(element.get("name") or "")
        if name and name not in meta:
            meta[name] = clean_text(element.get("content"))
    return meta


def _provider(root) -> str:
    return provider_code(
        attribute(root, "head/docdata/doc-id", "regsrc"),
        attribute(root, "head/docdata/doc.copyright", "holder"),
        text_of(root.find(path("body/body.head/distributor"))),
        attribute(root, "head/docdata/del-list/from-src", "src-name"),
    )


def _byline(byline) -> str:
    """The byline's names without the job title (byttl) that often follows them."""
    if byline is None:
        return ""
    parts = [byline.text or ""]
    for child in byline:
        if local(child.tag) != "byttl":
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return clean_text(" ".join(parts)).strip(" ,")


def _dateline(dateline) -> str:
    """The place in a dateline: its location (or city) element, else its text before the date."""
    if dateline is None:
        return ""
    place = text_of(dateline.find(path("location"))) or text_of(dateline.find(path(".//city")))
    return place or clean_text(dateline.text).strip(" ,")


def _category(root, meta: dict[str, str]) -> str:
    return attribute(root, "head/tobject", "tobject.type") or meta.get("category", "")


def _subjects(root, meta: dict[str, str]) -> list[str]:
    subjects = map(_subject_name, root.iterfind(path("head/tobject/tobject.subject")))
    return [*subjects, meta.get("subject", "")]


def _subject_name(subject) -> str:
    names = (subject.get(f"tobject.subject.{part}") for part in _SUBJECT_NAMES)
    return next((name for name in names if name), "")


def _keywords(root) -> list[str]:
    keywords = [k.get("key", "") for k in root.iterfind(path("head/docdata/key-list/keyword"))]
    identified = root.find(path("head/docdata/identified-content"))
    if identified is not None:
        keywords.extend(text_of(element) or element.get("value", "") for element in identified)
    return keywords
