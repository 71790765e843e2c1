"""RSS 2.0 feeds: DHA's public and subscriber feeds, and any agency's RSS.

An item's guid is its <guid>, whatever isPermaLink says (subscriber feeds use
opaque ids), else its <link>; an item with neither cannot be told apart from
its next version and is refused. RSS numbers no versions, so every item is
version 1 and `versioned` (its pubDate) is what shows an update.

Media RSS (media:content, media:group, media:thumbnail) and the body reading
shared with other RSS-shaped formats are public here: Atom and İHA use them.
"""

import html
import mimetypes
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from manset.wires.errors import WireFormatError
from manset.wires.items import MediaRef, ParsedItem, Refusal
from manset.wires.parsers.base import build_item, each, provider_code
from manset.wires.safexml import local
from manset.wires.text import clean_text, html_to_text, sanitise_html
from manset.wires.times import parse_time

FORMAT = "rss"

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
# Feeds write the Media RSS namespace both with and without its final slash.
MEDIA_NAMESPACES = ("{http://search.yahoo.com/mrss/}", "{http://search.yahoo.com/mrss}")
MEDIUMS = {"image": "image", "video": "video", "audio": "audio"}

_BLOCK_TAG = re.compile(r"<(p|div|br|ul|ol|li|h[1-6]|blockquote|table)\b", re.IGNORECASE)
_AUTHOR = re.compile(r"^\S+@\S+\s*\((.+)\)$")


@dataclass(frozen=True)
class _Channel:
    provider: str
    language: str


def matches(root) -> bool:
    return root.tag == "rss" and root.find("channel") is not None


def read(root) -> Iterator[ParsedItem | Refusal]:
    channel = root.find("channel")
    if channel is None:  # only when the caller forced format="rss"
        raise WireFormatError(f"<{local(root.tag)}> has no <channel>: this is not an RSS feed")
    feed = _Channel(
        provider=provider_code(_text(channel, "title"), authority(_text(channel, "link"))),
        language=_text(channel, "language") or _text(channel, DC + "language"),
    )
    return each(channel.iterfind("item"), lambda item: _item(item, feed))


def _item(item, feed: _Channel) -> ParsedItem:
    headline = _text(item, "title")
    guid = _text(item, "guid") or _text(item, "link")
    if not guid:
        raise WireFormatError(
            f"{_where(headline)}: no <guid> and no <link>, so its versions cannot be told apart"
        )
    where = f"item {guid}"
    encoded = (item.findtext(CONTENT + "encoded") or "").strip()
    description = (item.findtext("description") or "").strip()
    published = parse_time(
        _text(item, "pubDate") or _text(item, DC + "date"), field=f"{where}: <pubDate>"
    )
    categories = [_text(c) for c in item.iterfind("category")]
    return build_item(
        provider=feed.provider,
        guid=guid,
        format=FORMAT,
        headline=headline,
        body=body_html(encoded or description),
        abstract=html_to_text(sanitise_html(description)) if encoded else "",
        byline=_byline(item),
        category=next((c for c in categories if c), ""),
        subjects=[*categories, *(_text(s) for s in item.iterfind(DC + "subject"))],
        language=_text(item, DC + "language") or feed.language,
        created=published,
        versioned=published,
        media=tuple(dedupe_media([*mrss_media(item), *_enclosures(item), *_images(item)])),
        keywords=_keywords(item),
        link=_text(item, "link") or _permalink(item),
    )


def _where(headline: str) -> str:
    return f"the item {headline[:60]!r}" if headline else "an item without a title"


def _byline(item) -> str:
    creators = [_text(c) for c in item.iterfind(DC + "creator")]
    if any(creators):
        return ", ".join(c for c in creators if c)
    author = _text(item, "author")
    if match := _AUTHOR.match(author):
        return match[1]
    return "" if "@" in author and " " not in author else author  # a bare e-mail is no byline


def _permalink(item) -> str:
    guid = item.find("guid")
    if guid is None or guid.get("isPermaLink", "true") == "false":
        return ""
    value = _text(guid)
    return value if value.startswith(("http://", "https://")) else ""


def _keywords(item) -> list[str]:
    return [k for node in media_children(item, "keywords") for k in _text(node).split(",")]


def _enclosures(item) -> Iterator[MediaRef]:
    for enclosure in item.iterfind("enclosure"):
        url = clean_text(enclosure.get("url"))
        if url:
            mime = clean_text(enclosure.get("type")) or guess_mime(url)
            length = size(enclosure.get("length"))
            kind = media_kind(mime, default="other")
            yield MediaRef(ref=url, kind=kind, url=url, size=length, mime_type=mime)


def _images(item) -> Iterator[MediaRef]:
    """DHA's per-item <image>: a URL as text, or <url>/<title>/<description> children."""
    for image in item.iterfind("image"):
        url = clean_text(image.findtext("url") or image.get("url") or image.text)
        if url:
            caption = _text(image, "description") or _text(image, "title")
            yield MediaRef(ref=url, url=url, caption=caption, mime_type=guess_mime(url))


# Shared with other RSS-shaped formats ------------------------------------------------


def body_html(value: str | None, *, plain: bool = False) -> str:
    """An agency body that is HTML, or text with line breaks, as sanitised HTML.

    Text is split into paragraphs at blank lines, or at every line end when it
    has none (agencies use both). `plain` text is escaped; otherwise inline tags
    in tag-less-looking text survive sanitising.
    """
    if not value or not value.strip():
        return ""
    if not plain and _BLOCK_TAG.search(value):
        return sanitise_html(value)
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = re.split(r"\n\s*\n", text)
    if len(paragraphs) == 1:
        paragraphs = text.split("\n")
    escape = html.escape if plain else str
    return sanitise_html("".join(f"<p>{escape(p.strip())}</p>" for p in paragraphs if p.strip()))


def mrss_media(element) -> list[MediaRef]:
    """Media RSS children of an item or entry: content, group (its default), thumbnail."""
    refs = []
    for child in element:
        if _is_media(child, "content"):
            refs.append(_media_content(child, context=None))
        elif _is_media(child, "group"):
            contents = list(media_children(child, "content"))
            chosen = next((c for c in contents if c.get("isDefault") == "true"), None)
            if chosen is not None or contents:
                refs.append(_media_content(chosen if chosen is not None else contents[0], child))
        elif _is_media(child, "thumbnail"):
            refs.append(_media_content(child, context=None))
    return [ref for ref in refs if ref is not None]


def _media_content(node, context) -> MediaRef | None:
    url = clean_text(node.get("url"))
    if not url:
        return None
    mime = clean_text(node.get("type")) or guess_mime(url)
    scopes = (node,) if context is None else (node, context)
    return MediaRef(
        ref=url,
        kind=MEDIUMS.get(clean_text(node.get("medium"))) or media_kind(mime),
        url=url,
        caption=_first_media_text(scopes, "description", "title"),
        credit=_first_media_text(scopes, "credit"),
        size=size(node.get("fileSize")),
        mime_type=mime,
        width=number(node.get("width")),
        height=number(node.get("height")),
    )


def _first_media_text(scopes, *names) -> str:
    for name in names:
        for scope in scopes:
            for node in media_children(scope, name):
                if text := html_to_text(node.text or ""):
                    return text
    return ""


def _is_media(node, name: str) -> bool:
    return isinstance(node.tag, str) and node.tag in (ns + name for ns in MEDIA_NAMESPACES)


def media_children(element, name: str) -> Iterator:
    return (child for child in element if _is_media(child, name))


def dedupe_media(refs: Iterable[MediaRef]) -> list[MediaRef]:
    """Each file once: feeds often give one photo as media:content and as enclosure."""
    seen, unique = set(), []
    for ref in refs:
        key = ref.url or ref.ref
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return unique


def media_kind(mime: str, *, default: str = "image") -> str:
    """image, video or audio from a MIME type; `default` when there is none."""
    if not mime:
        return default
    major = mime.split("/", 1)[0]
    return major if major in ("image", "video", "audio") else "other"


def guess_mime(url: str) -> str:
    try:
        return mimetypes.guess_type(urlsplit(url).path)[0] or ""
    except ValueError:  # "https://]]>…": agencies' URLs are not always URLs
        return ""


def number(value) -> int | None:
    try:
        result = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return result if result >= 0 else None


def size(value) -> int | None:
    """A file size in bytes; RSS writes length="0" when it does not know, so 0 is None here."""
    return number(value) or None


def authority(uri: str) -> str:
    """Who minted a link or id: a URL's host, a tag: URI's authority, a NewsML URN's provider."""
    if uri.startswith(("http://", "https://")):
        try:
            return urlsplit(uri).hostname or ""
        except ValueError:  # a malformed host or port
            return ""
    if uri.startswith("tag:") and "," in uri:
        return uri[4:].split(",", 1)[0]
    if uri.startswith("urn:newsml:"):
        return uri.split(":")[2]
    return ""


def _text(element, path: str | None = None) -> str:
    if element is None:
        return ""
    if path is None:
        return clean_text(element.text)
    return clean_text(element.findtext(path))
