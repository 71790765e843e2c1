"""Atom 1.0 (RFC 4287): a <feed> of entries, or one bare <entry>.

The entry id is the guid (its alternate link when a broken feed omits it).
Atom numbers no versions, so every entry is version 1 and `versioned` (from
<updated>) is what shows an update. Authors and language are inherited from
the feed, as RFC 4287 says. Media come from rel="enclosure" links and Media RSS.
"""

import copy
import html
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal
from manset.wires.parsers.base import build_item, each, provider_code
from manset.wires.parsers.rss import (
    authority,
    body_html,
    dedupe_media,
    guess_mime,
    media_kind,
    mrss_media,
    size,
)
from manset.wires.safexml import local
from manset.wires.text import clean_text, html_to_text, sanitise_html
from manset.wires.times import parse_time

FORMAT = "atom"

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# <content type="…"> may be a MIME type instead of text/html/xhtml.
CONTENT_TYPES = {
    "text": "text",
    "html": "html",
    "xhtml": "xhtml",
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "xhtml",
}


@dataclass(frozen=True)
class _Feed:
    title: str
    link: str
    authors: tuple[str, ...]


def matches(root) -> bool:
    return root.tag in (ATOM + "feed", ATOM + "entry")


def read(root) -> Iterator[ParsedItem | Refusal]:
    if root.tag == ATOM + "entry":
        feed, entries = _Feed(title="", link="", authors=()), [root]
    else:
        feed = _Feed(
            title=_plain(root.find(ATOM + "title")),
            link=_alternate(root),
            authors=_authors(root),
        )
        entries = root.iterfind(ATOM + "entry")
    return each(entries, lambda entry: _entry(entry, feed))


def _entry(entry, feed: _Feed) -> ParsedItem:
    headline = _plain(entry.find(ATOM + "title"))
    link = _alternate(entry)
    guid = _text(entry, ATOM + "id") or link
    if not guid:
        shown = f"the entry {headline[:60]!r}" if headline else "an entry without a title"
        raise WireFormatError(f"{shown}: no <id> and no alternate <link> to identify it")
    where = f"entry {guid}"
    summary = entry.find(ATOM + "summary")
    content = _content_html(entry.find(ATOM + "content"), summary, where=where)
    source = entry.find(ATOM + "source")
    updated = parse_time(_text(entry, ATOM + "updated"), field=f"{where}: <updated>")
    published = parse_time(_text(entry, ATOM + "published"), field=f"{where}: <published>")
    categories = [
        clean_text(c.get("label")) or clean_text(c.get("term"))
        for c in entry.iterfind(ATOM + "category")
    ]
    return build_item(
        provider=provider_code(
            _plain(source.find(ATOM + "title")) if source is not None else "",
            feed.title,
            authority(feed.link),
            authority(link),
            authority(guid),
        ),
        guid=guid,
        format=FORMAT,
        headline=headline,
        body=content or _html(summary),
        abstract=_plain(summary) if content else "",
        byline=", ".join(_authors(entry) or _authors(source) or feed.authors),
        category=next((c for c in categories if c), ""),
        subjects=categories,
        language=_language(entry),
        created=published or updated,
        versioned=updated or published,
        media=tuple(dedupe_media([*_enclosures(entry), *mrss_media(entry)])),
        link=link,
    )


def _content_html(content, summary, *, where: str) -> str:
    """The body from <content>; "" when the entry has none and the summary stands in."""
    if content is None:
        return ""
    kind = CONTENT_TYPES.get(clean_text(content.get("type")) or "text")
    if kind is None and clean_text(content.get("type")).startswith("text/"):
        kind = "text"
    if kind is not None and not content.get("src"):
        return _html(content)
    if summary is None:
        what = f"at {content.get('src')}" if content.get("src") else "not text"
        raise WireFormatError(
            f"{where}: its <content> is {what} (type {content.get('type')!r}) "
            "and there is no <summary> to take as the body"
        )
    return ""


def _html(construct) -> str:
    """An Atom text construct (text, html or xhtml) as sanitised body HTML."""
    if construct is None:
        return ""
    kind = CONTENT_TYPES.get(clean_text(construct.get("type")) or "text", "text")
    if kind == "xhtml":
        return sanitise_html(_xhtml_markup(construct))
    return body_html(construct.text, plain=kind == "text")


def _plain(construct) -> str:
    """An Atom text construct as one line of plain text."""
    if construct is None:
        return ""
    kind = CONTENT_TYPES.get(clean_text(construct.get("type")) or "text", "text")
    if kind == "xhtml":
        return clean_text(" ".join(construct.itertext()))
    if kind == "html":
        return html_to_text(sanitise_html(construct.text or ""))
    return clean_text(construct.text)


def _xhtml_markup(construct) -> str:
    """The markup inside an xhtml construct's <div>, without the XHTML namespace."""
    div = next((child for child in construct if local(child.tag) == "div"), None)
    if div is None:
        return ""
    div = copy.deepcopy(div)  # renamed below; the parsed tree stays as it was
    for node in div.iter():
        if isinstance(node.tag, str):
            node.tag = local(node.tag)
    etree.cleanup_namespaces(div)
    inner = [html.escape(div.text or "", quote=False)]
    inner.extend(etree.tostring(child, encoding="unicode") for child in div)
    return "".join(inner)


def _alternate(element) -> str:
    for link in element.iterfind(ATOM + "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return clean_text(link.get("href"))
    return ""


def _authors(element) -> tuple[str, ...]:
    if element is None:
        return ()
    names = (_text(author, ATOM + "name") for author in element.iterfind(ATOM + "author"))
    return tuple(name for name in names if name)


def _enclosures(entry) -> Iterator[MediaRef]:
    for link in entry.iterfind(ATOM + "link"):
        url = clean_text(link.get("href"))
        if link.get("rel") != "enclosure" or not url:
            continue
        mime = clean_text(link.get("type")) or guess_mime(url)
        yield MediaRef(
            ref=url,
            kind=media_kind(mime, default="other"),
            url=url,
            caption=clean_text(link.get("title")),
            size=size(link.get("length")),
            mime_type=mime,
        )


def _language(element) -> str:
    """xml:lang of the entry or the nearest element around it."""
    while element is not None:
        if element.get(XML_LANG):
            return clean_text(element.get(XML_LANG))
        element = element.getparent()
    return ""


def _text(element, path: str) -> str:
    return clean_text(element.findtext(path))
