"""What the search index holds for one article, analysed once for both engines.

`Document` is the article as search sees it: plain text fields and the filter values.
`Document.columns()` runs the Turkish analysis and gives the index columns:

- ``headline``, ``lead``, ``body``, ``meta`` (tags, desk, authors, agency): per token its
  folded stem and, when different, its folded exact term; these are matched and weighted;
- ``exact``: one folded exact term per token of every field, in order: phrases match here;
- ``accent``: the Turkish-lowercase tokens with non-ASCII letters, never matched, only used to
  rank a match typed with the exact Turkish letters above a folded one (ışık above isik).
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime

from manset.turkish import alternatives, tokenize

# Body text kept for snippets and analysed; a longer body is cut (news copy rarely nears it).
MAX_BODY_CHARS = 100_000

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Columns:
    headline: str
    lead: str
    body: str
    meta: str
    exact: str
    accent: str
    # The exact terms of headline, lead and meta, each with a Turkish spelling seen for it:
    # the vocabulary "Bunu mu demek istediniz?" suggests from.
    vocabulary: dict[str, str]


@dataclass(frozen=True)
class Document:
    page_id: int
    headline: str
    lead: str
    body: str
    meta: str
    desk_id: int | None
    agency: str
    published_at: datetime

    def columns(self) -> Columns:
        exact: list[str] = []
        accent: list[str] = []
        vocabulary: dict[str, str] = {}
        headline, lead, meta = (
            _analyse(text, exact, accent, vocabulary)
            for text in (self.headline, self.lead, self.meta)
        )
        body = _analyse(self.body, exact, accent, None)
        return Columns(
            headline=headline,
            lead=lead,
            body=body,
            meta=meta,
            exact=" ".join(exact),
            accent=" ".join(accent),
            vocabulary=vocabulary,
        )


def vocabulary(*texts: str) -> dict[str, str]:
    """The vocabulary terms of these texts (see `Columns.vocabulary`)."""
    words: dict[str, str] = {}
    for text in texts:
        _analyse(text, [], [], words)
    return words


# Longer terms are left out of the vocabulary (its column holds 100 characters).
MAX_VOCABULARY_TERM = 100


def _analyse(text: str, exact: list[str], accent: list[str], vocabulary: dict | None) -> str:
    terms: list[str] = []
    for token in tokenize(text):
        alts = alternatives(token)
        if not alts:
            continue
        terms.extend(alts)
        term = alts[-1]
        exact.append(term)
        if not token.isascii():
            accent.append(token)
        if vocabulary is not None and len(token) <= MAX_VOCABULARY_TERM:
            vocabulary.setdefault(term, token)
    return " ".join(terms)


def html_to_text(value: str) -> str:
    """Plain text of rich-text HTML: tags dropped, entities decoded, blocks kept apart.

    >>> html_to_text("<p>Kore&#x27;de <b>görüşme</b></p><p>İkinci</p>")
    "Kore'de görüşme İkinci"
    """
    text = _TAG.sub(" ", _BLOCK_END.sub(" ", value))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def body_text(raw_blocks) -> str:
    """The searchable text of an article body's StreamField data (as stored, JSON-like).

    Paragraphs, sub-headings, quotes with attribution, image captions and credits, fact boxes.
    """
    parts: list[str] = []
    for block in raw_blocks or ():
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(html_to_text(value))
        elif kind == "subheading" and isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for key in ("title", "text", "attribution", "caption", "credit"):
                if isinstance(value.get(key), str):
                    parts.append(value[key])
            if isinstance(value.get("body"), str):
                parts.append(html_to_text(value["body"]))
    return " ".join(part for part in parts if part)[:MAX_BODY_CHARS]
