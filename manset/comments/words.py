"""Word lists of the comment guard: which listed words a comment contains.

A list is plain text, one entry a line, ``#`` starting a comment. An entry is matched against
the words of a comment after both went through :mod:`manset.turkish.evasion`, so spellings such
as ``S.İ.K``, ``s1kt1r``, ``ＡＭＫ`` or ``оrоspu`` (Cyrillic o) count. The syntax of an entry:

``salak``        the word and its inflected forms: salaklar, salağa, salaksın
``sik-``         a verb root and its verb forms: sikerim, siktir, sikeyim
``=amk``         the word alone, never inflected (short words: ``am`` is in ``ama``)
``orospu*``      any word starting with it; ``*bet`` ending with it; ``*casino*`` containing it
``deneme bonus`` consecutive words, each matched by the rules above
``!sıkıntı``     an exception: a word it matches at least as closely as any entry is not
                 reported; a phrase exception spares the words inside it

Turkish spelling matters: a comment may drop diacritics (``salaga`` is ``salağa``) but not add
them, so ``sıkıntı`` is not a form of ``sik-``. Where a word could be read both ways, the
entry with the longest matching stem decides (a whole word before a stem of its length), and
an exception wins a tie: ASCII ``sikici`` is ``sıkıcı`` (boring) before it is anything else.
"""

import enum
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from manset.core.errors import MansetError
from manset.turkish import (
    EvasionToken,
    evasion_tokens,
    fold_ascii,
    inflects,
    letters_agree,
    squeeze_doubles,
)

__all__ = [
    "Entry",
    "Mode",
    "WordList",
    "WordListError",
    "WordMatch",
    "block_list",
    "hold_list",
    "load_word_list",
    "parse_entry",
]

DATA = Path(__file__).resolve().parent / "data"
# Shorter stems make too many ordinary words: "am" + "a" is "ama".
MIN_INFLECTED = 3
MIN_AFFIX = 3
# Words seen again and again in comments (Zipf) are matched once per process.
TOKEN_CACHE_SIZE = 65536
_SOFTENING = {"k": "ğ", "t": "d", "p": "b", "ç": "c"}
_VOWELS = "aeıioöuü"
_TURKISH_LETTERS = "çğıöşü"


class WordListError(MansetError):
    """An entry of a word list cannot be used; the message names the line."""


class Mode(enum.Enum):
    """How the word of an entry matches a word of a text (see the module docstring)."""

    INFLECT = "inflect"
    VERB = "verb"
    EXACT = "exact"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    INFIX = "infix"


_AFFIXES = (Mode.PREFIX, Mode.SUFFIX, Mode.INFIX)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One word of an entry: its normalised Turkish spelling, ASCII folding and mode."""

    text: str
    folded: str
    mode: Mode


@dataclass(frozen=True, slots=True)
class Entry:
    """A parsed list entry: one word, or several for a phrase."""

    source: str
    words: tuple[Pattern, ...]
    exception: bool = False


@dataclass(frozen=True, slots=True)
class WordMatch:
    """An entry found in a text: the entry as written, and where it is."""

    entry: str
    fragment: str
    start: int
    end: int


def _pattern(word: str) -> Pattern:
    mode = Mode.INFLECT
    if word.startswith("="):
        mode, word = Mode.EXACT, word[1:]
    elif len(word) > 2 and word.startswith("*") and word.endswith("*"):
        mode, word = Mode.INFIX, word[1:-1]
    elif word.startswith("*"):
        mode, word = Mode.SUFFIX, word[1:]
    elif word.endswith("*"):
        mode, word = Mode.PREFIX, word[:-1]
    elif word.endswith("-"):
        mode, word = Mode.VERB, word[:-1]
    tokens = evasion_tokens(word, joined=False)
    if len(tokens) != 1:
        raise ValueError(f"{word!r} is not one word; write its parts apart, or as one word")
    token = tokens[0]
    shortest = MIN_AFFIX if mode in _AFFIXES else MIN_INFLECTED
    if mode is not Mode.EXACT and len(token.text) < shortest:
        raise ValueError(f"{word!r} is too short to match inside other words; write ={word}")
    return Pattern(token.text, token.folded, mode)


def parse_entry(line: str) -> Entry | None:
    """The entry on a line of a list, or None for a blank or comment line.

    >>> parse_entry("!sık sık  # 'often', typed without Turkish letters")
    Entry(source='!sık sık', words=(Pattern(text='sık', folded='sik', mode=<Mode.INFLECT: \
'inflect'>), Pattern(text='sık', folded='sik', mode=<Mode.INFLECT: 'inflect'>)), exception=True)
    """
    source = line.split("#", 1)[0].strip()
    if not source:
        return None
    body = source[1:] if source.startswith("!") else source
    words = tuple(_pattern(word) for word in body.split())
    if not words:
        raise ValueError("an exception mark with no word after it")
    return Entry(source, words, exception=source.startswith("!"))


def _squeezed(pattern: Pattern) -> Pattern:
    return Pattern(squeeze_doubles(pattern.text), squeeze_doubles(pattern.folded), pattern.mode)


def _softened(text: str) -> str | None:
    """The stem before a vowel when its last consonant softens: salak → salağ; None if not.

    Only stems of two syllables or more soften (salağa, but göte and sike).
    """
    if sum(ch in _VOWELS for ch in text) < 2 or text[-1] not in _SOFTENING:
        return None
    last = "g" if text.endswith("nk") else _SOFTENING[text[-1]]
    return text[:-1] + last


Rank = tuple[float, bool]


def _rank(text: str, length: float, written: str, canonical: str) -> Rank:
    """How closely a word matches a pattern; the closest pattern decides what the word is.

    Longer matches first; a whole word (``=entry``) counts half a letter more than a stem of
    its length. Then, for a word typed with Turkish letters, a pattern spelled exactly as
    written beats one it matches only by dropping diacritics: "oç" is not "öç". A word
    without Turkish letters says nothing about the writer's keyboard, so there it is a tie;
    so is i against ı, since upper-case text loses that dot ("SIKIŞTI").
    """
    same = written.replace("ı", "i") == canonical.replace("ı", "i")
    return length, same and any(ch in _TURKISH_LETTERS for ch in text)


class _Index:
    """Stems and words of patterns by folded spelling, for one way of writing doubles."""

    def __init__(self, patterns: list[Pattern]):
        self.patterns = patterns
        self.exact: dict[str, list[int]] = {}
        self.stems: dict[str, list[tuple[int, str, bool]]] = {}
        # The first two letters of every exact word and stem: most words of a comment start
        # otherwise and are done with after one set lookup.
        self.starts: set[str] = set()
        affixes: dict[str, list[int]] = {}
        for number, pattern in enumerate(patterns):
            if pattern.mode in _AFFIXES:
                affixes.setdefault(pattern.folded, []).append(number)
                continue
            self.starts.add(pattern.folded[:2])
            if pattern.mode is Mode.EXACT:
                self.exact.setdefault(pattern.folded, []).append(number)
                continue
            self.stems.setdefault(pattern.folded, []).append((number, pattern.text, False))
            softened = _softened(pattern.text)
            if softened:
                key = pattern.folded[:-1] + fold_ascii(softened[-1])
                self.stems.setdefault(key, []).append((number, softened, True))
        self.lengths = tuple(sorted({len(stem) for stem in self.stems}, reverse=True))
        self.affixes = affixes
        # The one regex: every affix at every position (a lookahead, so they may overlap),
        # the longest first where several start at the same letter.
        alternatives = "|".join(map(re.escape, sorted(affixes, key=len, reverse=True)))
        self.affix_re = re.compile(f"(?=({alternatives}))") if affixes else None

    def hits(self, text: str, folded: str) -> list[tuple[Rank, int]]:
        """(rank, pattern number) for every pattern a word is a form of; see :func:`_rank`."""
        found = self._affix_hits(text, folded) if self.affix_re else []
        if folded[:2] not in self.starts:
            return found
        patterns = self.patterns
        for number in self.exact.get(folded, ()):
            if letters_agree(text, patterns[number].text):
                found.append((_rank(text, len(folded) + 0.5, text, patterns[number].text), number))
        for length in self.lengths:
            if length > len(folded):
                continue
            rest = folded[length:]
            for number, stem, softened in self.stems.get(folded[:length], ()):
                if softened and not (rest and rest[0] in "aeiou"):
                    continue
                verb = patterns[number].mode is Mode.VERB
                written = text[:length]
                if letters_agree(written, stem) and inflects(stem, rest, verb=verb):
                    found.append((_rank(text, length, written, stem), number))
        return found

    def _affix_hits(self, text: str, folded: str) -> list[tuple[Rank, int]]:
        found = []
        for match in self.affix_re.finditer(folded):
            piece, at = match.group(1), match.start()
            end = at + len(piece)
            for number in self.affixes[piece]:
                pattern = self.patterns[number]
                if (pattern.mode is Mode.PREFIX and at) or (
                    pattern.mode is Mode.SUFFIX and end != len(folded)
                ):
                    continue
                written = text[at:end]
                if letters_agree(written, pattern.text):
                    found.append((_rank(text, len(piece), written, pattern.text), number))
        return found


class _Matcher:
    """Patterns indexed for looking words up, once as written and once with doubles squeezed."""

    def __init__(self, patterns: list[Pattern]):
        self.kept = _Index(patterns)
        self.squeezed = _Index([_squeezed(p) for p in patterns])

    def hits(self, text: str, folded: str, squeezed: str | None) -> list[tuple[Rank, int]]:
        found = self.kept.hits(text, folded)
        # The squeezed spelling is a fallback: "Şiilik" is read as written (and spared by
        # "!şii") before "şilik" could stand for "şıllık".
        if squeezed and not found:
            found = self.squeezed.hits(squeezed, squeeze_doubles(folded))
        return found


class WordList:
    """A compiled word list; :meth:`find` reports the entries a text contains.

    >>> words = WordList(["salak", "sik-", "!sık-", "=amk", "deneme bonus"])
    >>> [m.fragment for m in words.find("SALAĞA bak, s1kerim, canımı sikti, a.m.k")]
    ['SALAĞA', 's1kerim', 'a.m.k']
    >>> [m.entry for m in words.find("Deneme bonuslarını kaçırmayın")]
    ['deneme bonus']
    """

    def __init__(self, entries: Iterable[Entry | str]):
        parsed = [parse_entry(e) if isinstance(e, str) else e for e in entries]
        self.entries: tuple[Entry, ...] = tuple(e for e in parsed if e is not None)
        # The first word of every entry is looked up; pattern n belongs to entry n.
        self._first = _Matcher([entry.words[0] for entry in self.entries])
        # The later words of a phrase are only checked where its first word was found.
        self._rest = {
            number: [_Matcher([pattern]) for pattern in entry.words[1:]]
            for number, entry in enumerate(self.entries)
            if len(entry.words) > 1
        }
        self._resolve = functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)(self._resolve_uncached)

    def __len__(self) -> int:
        return len(self.entries)

    def _resolve_uncached(self, key: str | tuple[str, str]) -> tuple[tuple[int, ...], ...]:
        """Entries a word is reported for, and phrases it may start (entry numbers)."""
        text, squeezed = (key, None) if isinstance(key, str) else key
        hits = self._first.hits(text, fold_ascii(text), squeezed)
        heads = tuple(number for _, number in hits if number in self._rest)
        singles = [(rank, number) for rank, number in hits if number not in self._rest]
        if not singles:
            return (), heads
        best = max(rank for rank, _ in singles)
        winners = {number for rank, number in singles if rank == best}
        if any(self.entries[number].exception for number in winners):
            return (), heads
        return tuple(sorted(winners)), heads

    def _phrase_end(self, number: int, tokens: list[EvasionToken], first: int) -> int | None:
        """Where the phrase of entry ``number`` ends if it starts at ``tokens[first]``."""
        rest = self._rest[number]
        following = tokens[first + 1 : first + 1 + len(rest)]
        if len(following) < len(rest) or any(token.joined for token in following):
            return None
        for matcher, token in zip(rest, following, strict=True):
            if not matcher.hits(token.text, token.folded, token.squeezed):
                return None
        return following[-1].end

    def find(self, text: str) -> list[WordMatch]:
        """The entries found in a text, in order, each with the fragment of text it matched."""
        tokens = evasion_tokens(text)
        found: list[tuple[int, int, int]] = []  # start, end, entry number
        spared: list[tuple[int, int]] = []  # spans of phrase exceptions
        resolve = self._resolve
        for i, token in enumerate(tokens):
            key = token.text if token.squeezed is None else (token.text, token.squeezed)
            singles, heads = resolve(key)
            for number in singles:
                found.append((token.start, token.end, number))
            if not heads or token.joined:
                continue
            for number in heads:
                end = self._phrase_end(number, tokens, i)
                if end is None:
                    continue
                if self.entries[number].exception:
                    spared.append((token.start, end))
                else:
                    found.append((token.start, end, number))
        matches = []
        for start, end, number in sorted(set(found)):
            if any(s <= start and end <= e for s, e in spared):
                continue
            matches.append(WordMatch(self.entries[number].source, text[start:end], start, end))
        return matches


def load_word_list(path: str | Path) -> WordList:
    """Read a word list file (UTF-8, one entry a line, ``#`` comments).

    Raises :class:`WordListError` naming the file and line of an entry that cannot be used.
    """
    path = Path(path)
    entries = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                entry = parse_entry(line)
            except ValueError as error:
                raise WordListError(f"{path}, line {number}: {error}") from error
            if entry is not None:
                entries.append(entry)
    return WordList(entries)


@functools.cache
def block_list() -> WordList:
    """The shipped list of words that make a comment spam (profanity and slurs)."""
    return load_word_list(DATA / "block_tr.txt")


@functools.cache
def hold_list() -> WordList:
    """The shipped list of words that send a comment to a moderator."""
    return load_word_list(DATA / "hold_tr.txt")
