"""The reader's search query: parsed once, then compiled for SQLite FTS5 or PostgreSQL.

What a reader may type:

- words, matched through the Turkish analysis, so inflected and ASCII-typed forms meet
  (gorusme finds Görüşmelerde, Kore’de finds Kore); all must match (any, in fallback mode);
- "exact phrases" between straight or typographic quotes (" “ ” „ « »). Every quote character
  opens or closes, whichever is due; an unclosed quote runs to the end of the query (``"kim
  jong`` while typing is a phrase); a suffix written straight after the closing quote
  (``"kim jong"un``) is cut like Kore'de; a quoted single word is a plain word;
- ``-word`` and ``-"a phrase"`` (hyphen-minus, U+2212 minus or en dash) to exclude. An excluded
  phrase excludes the phrase, not each of its words, and so does an excluded hyphenated word
  (``-play-off`` excludes the phrase "play off"); elsewhere a hyphen inside a word splits it,
  as the analysis does (Beylikdüzü-Esenyurt is two words);
- anything else is plain text: engine operators (NEAR, AND, OR, NOT, ``*``, ``^``, ``:``, ``+``,
  parentheses, braces, ``headline:``) become plain words or vanish with the punctuation, as do
  emoji, symbols, control and format characters.

Input is cut at ``MAX_QUERY_CHARS`` (dropping a word cut in half) and only the first
``MAX_WORDS`` words count (phrase and excluded words included; a repeated word counts once).
Words the analysis gives no index term for (other scripts: путин) are dropped.

The compiled strings are assembled here from terms matching ``^[a-z0-9]+$`` and nothing else
(checked again when compiling); in FTS5 every term is double-quoted besides. No reader input
can act as an engine operator.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from manset.turkish import APOSTROPHES, alternatives, tokenize

__all__ = [
    "DASHES",
    "FTS5_PHRASE_COLUMN",
    "FTS5_WORD_COLUMNS",
    "MAX_QUERY_CHARS",
    "MAX_WORDS",
    "MIN_PREFIX_CHARS",
    "QUOTES",
    "Query",
    "Word",
    "fts5_match",
    "parse",
    "pg_phrase_tsqueries",
    "pg_tsquery",
]

MAX_QUERY_CHARS = 500
MAX_WORDS = 12
# A shorter last word is not matched as a prefix: "k"* would walk every term starting with k.
MIN_PREFIX_CHARS = 2

QUOTES = '"“”„«»'
# Hyphen-minus, U+2212 MINUS SIGN, U+2013 EN DASH.
DASHES = "-\u2212\u2013"

# The FTS5 columns holding analysed terms (stems and exact forms) and the one for phrases.
FTS5_WORD_COLUMNS = "{headline lead body meta}"
FTS5_PHRASE_COLUMN = "exact"

_TERM = re.compile(r"[a-z0-9]+")
_QUOTE = re.compile(f"[{re.escape(QUOTES)}]")
_WORD_TAIL = re.compile(r"[^\W_]+\Z")
# A dash straight before a word, after nothing but punctuation: -füze, (-füze), not play-off.
_WORD_NEGATION = re.compile(rf"[^\w]*[{re.escape(DASHES)}](?=[^\W_])")
# A dash straight before an opening quote, not after a letter or digit: -"kim jong".
_PHRASE_NEGATION = re.compile(rf"(?<![^\W_])[{re.escape(DASHES)}]\Z")
# A suffix written straight after a closing quote: "kim jong"un, “hayır”’ı.
_APOSTROPHE = f"[{re.escape(APOSTROPHES)}]"
_QUOTED_SUFFIX = re.compile(rf"{_APOSTROPHE}?[^\W_]+(?:{_APOSTROPHE}[^\W_]+)*")


@dataclass(frozen=True)
class Word:
    """One query word: the token as the analysis sees it and the index terms that match it."""

    # Turkish-lowercase token as typed, apostrophe suffix cut: "görüşmelerde", "kore".
    text: str
    # Folded stem first, then the folded exact form when different; all ^[a-z0-9]+$.
    alternatives: tuple[str, ...]
    # `text` when it has non-ASCII letters (to rank exact Turkish spellings higher), else None.
    accented: str | None

    @property
    def exact(self) -> str:
        """The folded exact form of the token: the term phrases match in the exact column."""
        return self.alternatives[-1]


@dataclass(frozen=True)
class Query:
    """A parsed reader query.

    A row matches when it has every word (any word in fallback mode), every phrase, and none
    of the excluded words and excluded phrases.
    """

    words: tuple[Word, ...] = ()
    phrases: tuple[tuple[Word, ...], ...] = ()  # each of two words or more
    excluded: tuple[Word, ...] = ()
    excluded_phrases: tuple[tuple[Word, ...], ...] = ()  # -"kim jong", -play-off

    @property
    def wanted_words(self) -> tuple[Word, ...]:
        """The plain words and the words of the phrases: what a match is looked for by."""
        return (*self.words, *(word for phrase in self.phrases for word in phrase))

    @property
    def accented(self) -> tuple[str, ...]:
        """The wanted words typed with Turkish letters (ışık, not isik), sorted, once each."""
        return tuple(sorted({word.accented for word in self.wanted_words if word.accented}))

    @property
    def empty(self) -> bool:
        """No words and no phrases: nothing to search for (exclusions alone find nothing)."""
        return not (self.words or self.phrases)

    def describe(self) -> str:
        """The query in normalised form: words, "phrases", -excluded, -"excluded phrases".

        >>> parse('Kuzey  KORE’de -Füze "Kim Jong"').describe()
        'kuzey kore "kim jong" -füze'
        """
        parts = [word.text for word in self.words]
        parts += [_quoted(phrase) for phrase in self.phrases]
        parts += [f"-{word.text}" for word in self.excluded]
        parts += [f"-{_quoted(phrase)}" for phrase in self.excluded_phrases]
        return " ".join(parts)


@dataclass(frozen=True)
class _Segment:
    """A stretch of the query: plain text, or the inside of a pair of quotes."""

    text: str
    quoted: bool = False
    negated: bool = False


def parse(text: str) -> Query:
    """Parse what a reader typed into a ``Query``; never raises.

    >>> query = parse("Görüşmelerde “kim jong” -füze")
    >>> [w.alternatives for w in query.words], query.describe()
    ([('gorusme', 'gorusmelerde')], 'görüşmelerde "kim jong" -füze')
    """
    return _assemble(_groups(_segments(_clean(text))))


def _quoted(phrase: tuple[Word, ...]) -> str:
    return '"' + " ".join(word.text for word in phrase) + '"'


def _clean(text: str) -> str:
    """Cut to MAX_QUERY_CHARS without a half word; drop control and format characters; NFC.

    Control characters that are whitespace (tab, newline) become spaces.

    >>> _clean("gö\\x00rüş\\u00adme\\tkore\\u200d")
    'görüşme kore'
    """
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS]
        text = _WORD_TAIL.sub("", cut) if text[MAX_QUERY_CHARS].isalnum() else cut
    if not text.isprintable():
        text = "".join(map(_clean_char, text))
    return unicodedata.normalize("NFC", text)


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " " if ch.isspace() else ""
    if category in ("Cf", "Cs"):  # soft hyphen, zero-width joiner, bidi marks; lone surrogates
        return ""
    return ch


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _segments(text: str) -> Iterator[_Segment]:
    """Plain stretches and quoted ones, in order.

    >>> [(s.text, s.quoted, s.negated) for s in _segments('a -"b c"un kore"de «d')]
    [('a -', False, False), ('b c', True, True), (" kore'de ", False, False), ('d', True, False)]
    """
    pieces: list[str] = []
    position = 0
    while (opening := _QUOTE.search(text, position)) is not None:
        start = opening.start()
        if _is_word_char(text, start - 1) and _is_word_char(text, start + 1):
            # kore"de: a quote between letters stands for the suffix apostrophe.
            pieces.append(text[position:start] + "'")
            position = start + 1
            continue
        before = "".join(pieces) + text[position:start]
        pieces = []
        if before:
            yield _Segment(before)
        closing = _QUOTE.search(text, start + 1)
        end = closing.start() if closing else len(text)
        negated = _PHRASE_NEGATION.search(before) is not None
        yield _Segment(text[start + 1 : end], quoted=True, negated=negated)
        position = end + 1
        if closing and (suffix := _QUOTED_SUFFIX.match(text, position)):
            position = suffix.end()
    if rest := "".join(pieces) + text[position:]:
        yield _Segment(rest)


def _words(text: str) -> tuple[Word, ...]:
    return tuple(word for word in map(_word, tokenize(text)) if word is not None)


def _word(token: str) -> Word | None:
    """The Word for a token from the analysis, or None when it gives no index term."""
    terms = tuple(term for term in alternatives(token) if _TERM.fullmatch(term))
    if not terms:
        return None
    return Word(text=token, alternatives=terms, accented=None if token.isascii() else token)


def _groups(segments: Iterable[_Segment]) -> Iterator[tuple[bool, tuple[Word, ...]]]:
    """(excluded?, words) in typed order: one per plain word, one per phrase or -chunk."""
    for segment in segments:
        if segment.quoted:
            yield segment.negated, _words(segment.text)
            continue
        for chunk in segment.text.split():
            words = _words(chunk)
            if _WORD_NEGATION.match(chunk):
                yield True, words
            else:
                yield from ((False, (word,)) for word in words)


def _assemble(groups: Iterable[tuple[bool, tuple[Word, ...]]]) -> Query:
    """Sort groups into words, phrases and exclusions; repeats collapse; MAX_WORDS at most."""
    # Dicts as ordered sets.
    words: dict[Word, None] = {}
    phrases: dict[tuple[Word, ...], None] = {}
    excluded: dict[Word, None] = {}
    excluded_phrases: dict[tuple[Word, ...], None] = {}
    budget = MAX_WORDS
    for negated, group in groups:
        group = group[:budget]
        if not group:
            if budget == 0:
                break
            continue
        if len(group) == 1:
            singles = excluded if negated else words
            if group[0] not in singles:
                singles[group[0]] = None
                budget -= 1
        else:
            multiples = excluded_phrases if negated else phrases
            if group not in multiples:
                multiples[group] = None
                budget -= len(group)
    return Query(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        excluded_phrases=tuple(excluded_phrases),
    )


def _checked(term: str) -> str:
    """The term itself, when it is an index term (only a-z and 0-9) and so safe to compile."""
    if not _TERM.fullmatch(term):
        raise ValueError(f"search term {term!r} has characters other than a-z and 0-9")
    return term


def _prefixed(word: Word, prefix: bool) -> bool:
    return prefix and len(word.exact) >= MIN_PREFIX_CHARS


def fts5_match(
    query: Query,
    *,
    any_word: bool = False,
    prefix_last: bool = False,
    columns: str = FTS5_WORD_COLUMNS,
) -> str | None:
    """An FTS5 MATCH expression for the query, or None when it is empty.

    Words match any of their alternatives in headline, lead, body or meta; phrases match
    the folded exact terms in the ``exact`` column. ``any_word`` ORs the words (phrases and
    exclusions still hold); ``prefix_last`` also matches the last word's exact form as a prefix;
    ``columns`` narrows where words match (``{headline}`` for autocomplete).

    >>> fts5_match(parse('görüşme kor "kuzey kore" -füze'), prefix_last=True)
    '({headline lead body meta} : ("gorusme") AND {headline lead body meta} : ("kor"*) \
AND exact : "kuzey kore"*) NOT ({headline lead body meta} : ("fuze"))'
    """
    if query.empty:
        return None
    last = len(query.words) - 1
    words = [
        _fts5_word(word, prefix=_prefixed(word, prefix_last and i == last), columns=columns)
        for i, word in enumerate(query.words)
    ]
    required = [_fts5_phrase(phrase) for phrase in query.phrases]
    if any_word and len(words) > 1:
        required.insert(0, "(" + " OR ".join(words) + ")")
    else:
        required[:0] = words
    unwanted = [_fts5_word(word) for word in query.excluded]
    unwanted += [_fts5_phrase(phrase) for phrase in query.excluded_phrases]
    expression = " AND ".join(required)
    if not unwanted:
        return expression
    # FTS5 NOT is binary (a NOT b): the required part always stands on its left.
    return f"({expression}) NOT ({' OR '.join(unwanted)})"


def _fts5_word(word: Word, *, prefix: bool = False, columns: str = FTS5_WORD_COLUMNS) -> str:
    terms = [f'"{_checked(term)}"' for term in word.alternatives]
    if prefix:
        terms[-1] += "*"
    return f"{columns} : ({' OR '.join(terms)})"


# The last word of a phrase also matches with suffixes ("ipotekli satışlar" finds "ipotekli
# satışlarda"): Turkish inflects the head of a noun phrase, which comes last.
MIN_PHRASE_PREFIX_CHARS = 3


def _phrase_prefix(phrase: tuple[Word, ...]) -> bool:
    return len(phrase[-1].exact) >= MIN_PHRASE_PREFIX_CHARS


def _fts5_phrase(phrase: tuple[Word, ...]) -> str:
    terms = " ".join(_checked(word.exact) for word in phrase)
    return f'{FTS5_PHRASE_COLUMN} : "{terms}"' + ("*" if _phrase_prefix(phrase) else "")


def pg_tsquery(
    query: Query, *, any_word: bool = False, prefix_last: bool = False, weight: str = ""
) -> str | None:
    """A ``to_tsquery('simple', ...)`` string for the ``vector`` column, or None when empty.

    It holds the words, the excluded words and, so that the index on ``vector`` narrows
    phrase-only queries too, every phrase word's exact term. Phrase order is checked by the
    ``pg_phrase_tsqueries`` against ``exact_vector``. Same options as ``fts5_match``; ``weight``
    ("A") restricts the words to lexemes of that weight (the headline, for autocomplete).

    >>> pg_tsquery(parse('görüşmelerde kor "kim jong" -füzeler'), prefix_last=True)
    '(gorusme | gorusmelerde) & kor:* & kim & jong:* & !(fuze | fuzeler)'
    """
    if query.empty:
        return None
    last = len(query.words) - 1
    words = [
        _pg_word(word, prefix=_prefixed(word, prefix_last and i == last), weight=weight)
        for i, word in enumerate(query.words)
    ]
    if any_word and len(words) > 1:
        words = ["(" + " | ".join(words) + ")"]
    phrase_terms = dict.fromkeys(
        _checked(word.exact) + (":*" if i == len(phrase) - 1 and _phrase_prefix(phrase) else "")
        for phrase in query.phrases
        for i, word in enumerate(phrase)
    )
    unwanted = [f"!{_pg_word(word)}" for word in query.excluded]
    return " & ".join([*words, *phrase_terms, *unwanted])


def pg_phrase_tsqueries(query: Query) -> list[str]:
    """One ``to_tsquery('simple', ...)`` string per phrase, each to hold for ``exact_vector``.

    Excluded phrases come negated. Empty for an empty query.

    >>> pg_phrase_tsqueries(parse('"kuzey kore" -"kim jong" füze'))
    ['kuzey <-> kore:*', '!(kim <-> jong:*)']
    """
    if query.empty:
        return []
    required = [_pg_phrase(phrase) for phrase in query.phrases]
    return required + [f"!({_pg_phrase(phrase)})" for phrase in query.excluded_phrases]


def _pg_word(word: Word, *, prefix: bool = False, weight: str = "") -> str:
    if weight not in ("", "A", "B", "C", "D"):
        raise ValueError(f"tsquery weight {weight!r} is not one of A, B, C, D")
    terms = [_checked(term) + (f":{weight}" if weight else "") for term in word.alternatives]
    if prefix:
        terms[-1] += "*" if weight else ":*"
    return terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")"


def _pg_phrase(phrase: tuple[Word, ...]) -> str:
    return " <-> ".join(_checked(word.exact) for word in phrase) + (
        ":*" if _phrase_prefix(phrase) else ""
    )
