"""Highlighted snippets: the words that matched, found through the same Turkish analysis.

"Görüşmelerde" is marked for the query "gorusme", "Kore’de" for "kore". Output is escaped
HTML with ``<mark>`` around matches; nothing from the text is ever left unescaped.
"""

import functools
import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

from manset.search.query import Query
from manset.turkish import alternatives, tokenize

SNIPPET_WORDS = 32
# Only this much of a long body is scanned for the best window.
SCAN_CHARS = 20_000
_WORD = re.compile(r"[^\W_]+(?:['’‘ʼ][^\W_]+)*")


def query_terms(query: Query) -> frozenset[str]:
    """Every index term a query word or phrase word matches on."""
    return frozenset(term for word in query.wanted_words for term in word.alternatives)


def _matches(word: str, terms: frozenset[str]) -> bool:
    return not terms.isdisjoint(_word_terms(word))


@functools.lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one word of text (news text repeats its words: cached)."""
    tokens = tokenize(word)
    return alternatives(tokens[0]) if tokens else ()


def has_match(text: str, terms: frozenset[str]) -> bool:
    return any(_matches(m.group(), terms) for m in _WORD.finditer(text[:SCAN_CHARS]))


def highlight(text: str, terms: frozenset[str]) -> SafeString:
    """The whole text, escaped, with matching words marked."""
    return mark_safe(_render(text, list(_WORD.finditer(text)), terms, 0, None))  # noqa: S308


def snippet(text: str, terms: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of text around its densest run of matches, marked; "…" where cut.

    >>> from manset.search.query import parse
    >>> str(snippet("Putin, Kuzey Kore’de görüşmelerde bulundu.", query_terms(parse("gorusme"))))
    'Putin, Kuzey Kore’de <mark>görüşmelerde</mark> bulundu.'
    """
    scanned = text[:SCAN_CHARS]
    spans = list(_WORD.finditer(scanned))
    if not spans:
        return mark_safe("")
    hits = [i for i, m in enumerate(spans) if _matches(m.group(), terms)]
    start = 0
    if hits:
        # The window that holds the most matches, starting a few words before its first one.
        best, best_count = hits[0], 0
        for i, first in enumerate(hits):
            count = sum(1 for h in hits[i:] if h < first + words)
            if count > best_count:
                best, best_count = first, count
        start = max(0, best - 4)
    end = min(len(spans), start + words)
    html = _render(scanned, spans, terms, start, end)
    return mark_safe(html)  # noqa: S308  (built from escaped pieces)


def _render(text: str, spans: list, terms: frozenset[str], start: int, end: int | None) -> str:
    end = len(spans) if end is None else end
    if not spans:
        return escape(text)
    from_char = spans[start].start() if start else 0
    to_char = spans[end - 1].end() if end < len(spans) else len(text)
    if end < len(spans):
        # Keep the punctuation that closes the last word (a full stop, a quote).
        tail = re.match(r"[^\s\w]*", text[to_char:])
        to_char += tail.end() if tail else 0
    out = ["… " if from_char else ""]
    position = from_char
    for match in spans[start:end]:
        out.append(escape(text[position : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if _matches(match.group(), terms) else word)
        position = match.end()
    out.append(escape(text[position:to_char]))
    if end < len(spans):
        out.append(" …")
    return "".join(out).strip()
