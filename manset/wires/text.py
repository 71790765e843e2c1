"""Agency text made safe and tidy: plain fields cleaned, body HTML sanitised."""

import html
import re
import unicodedata

import nh3

# What an article body may keep from agency HTML. Everything else is unwrapped
# (its text stays) or, for script-like elements, dropped with its content.
BODY_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "blockquote",
    "br",
}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "template",
    "noscript",
    "head",
    "title",
    "textarea",
    "select",
}

# Controls and invisible format characters (bidi overrides, zero-width) have no
# place in news copy; tab and newline stay for the caller to fold.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
# Only complete references: "&copy=2" in a URL is not "©=2".
_REFERENCE = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HREFLESS_LINK = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.S)
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote)>(\s|<br>|&nbsp;|\u00a0)*</\1>")
_HEADING = re.compile(r"<(/?)h[156]>")


def clean_text(value: str | None) -> str:
    """One line of plain text: NFC, no controls or invisible marks, spaces folded."""
    if not value:
        return ""
    if "&" in value:
        value = _REFERENCE.sub(lambda match: html.unescape(match[0]), value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    if not value.isprintable():  # controls and format characters are not printable
        value = _INVISIBLE.sub("", value)
    return " ".join(value.split())


def sanitise_html(fragment: str | None) -> str:
    """Agency HTML reduced to paragraphs, sub-heads, lists, links and emphasis; nothing runs."""
    if not fragment:
        return ""
    fragment = _INVISIBLE.sub("", unicodedata.normalize("NFC", fragment))
    fragment = _HEADING.sub(r"<\1h3>", fragment)
    cleaned = nh3.clean(
        fragment,
        tags=BODY_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=BODY_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    cleaned = _HREFLESS_LINK.sub(r"\1", cleaned)  # a link whose javascript: URL was removed
    cleaned = _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


def text_to_html(text: str | None) -> str:
    """Plain agency text as paragraphs, split at blank lines (at line ends when there are none)."""
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text.strip())
    if len(paragraphs) == 1:
        paragraphs = text.strip().split("\n")
    cleaned = (clean_text(p) for p in paragraphs)
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in cleaned if p)


def html_to_text(fragment: str) -> str:
    """The visible words of sanitised body HTML (for lengths, de-duplication and tests)."""
    return clean_text(re.sub(r"<[^>]+>", " ", fragment))
