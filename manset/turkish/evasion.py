"""Undo the spellings readers use to slip a word past a word list.

A comment is cut into word tokens, each normalised the same way the entries of a list are:
NFKC (full-width and mathematical letters), zero-width and bidi controls removed, Cyrillic and
Greek look-alikes made Latin, Turkish lowercase, leetspeak undone inside words (s1k, @mk),
letters stretched three times or more cut back to two. Single letters spelled apart
(s.i.k, o-r-o-s-p-u) are joined into extra tokens.

Each token keeps its Turkish spelling next to its ASCII folding, because the folding alone
confuses words a list must tell apart: ``sıkıntı`` folds to ``sikinti``. A writer who typed
``ı`` meant it, so :func:`letters_agree` lets a text drop diacritics but never add them.
Doubled letters are kept (saat, dikkat, sikke); a token whose doubling looks deliberate
(aammkk, siiktir, amkk) also gets a form with every doubled letter squeezed.

The suffix grammar with which a word list recognises salağa, salaksın or sikerim as forms
of its entries lives next door, in :mod:`manset.turkish.suffixes`.

>>> evasion_fold("ＳＩＫ ş.e.r.e.f.s.i.z 0r0spu")
'sik serefsiz orospu'
"""

import functools
import re
import unicodedata
from typing import NamedTuple

from manset.turkish.analysis import APOSTROPHES, fold_ascii
from manset.turkish.casing import casefold

__all__ = [
    "EvasionToken",
    "evasion_fold",
    "evasion_normalize",
    "evasion_tokens",
    "letters_agree",
    "squeeze_doubles",
]

# Characters that render as nothing: zero-width space/joiners, bidi marks and overrides,
# soft hyphen, word joiner, BOM, variation selectors, Hangul fillers.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Combining marks left after NFKC ("zalgo" text, or the U+0307 of a decomposed İ).
_MARKS_RE = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")

_LEET = "0134578@$€!"
_LEET_TABLE = str.maketrans("0134578@$€!", "oieastbasei")
_LEET_RE = re.compile(f"[{re.escape(_LEET)}]")
_LEET_SYMBOLS = str.maketrans("@$€!", "asei")
_LONE_LEET_DIGIT_RE = re.compile(r"(?<!\d)[0134578](?!\d)")

# A raw word: letters and digits of any script, leetspeak symbols, invisible characters and
# combining marks (so they cannot split a word), circled letters, and apostrophes inside. An
# underscore is part of a word and dropped later, so "s_i_k" comes out as "sik". One
# character class, not an alternation: this regex reads every character of every comment.
_WORDISH = rf"[\w{re.escape(_LEET)}{_INVISIBLE}\u0300-\u036f\u24b6-\u24e9\uff01\uff04\uff20]"
_APOSTROPHE_CLASS = f"[{re.escape(APOSTROPHES)}]"
_APOSTROPHE_RE = re.compile(_APOSTROPHE_CLASS)
_CHUNK_RE = re.compile(f"{_WORDISH}+(?:{_APOSTROPHE_CLASS}{_WORDISH}+)*")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_LETTER_RE = re.compile(r"[^\W\d_]")

# Separators allowed between letters spelled apart: "s.i.k", "s i k", "o-r-o-s-p-u", "s/i/k".
_LETTER_GAP_RE = re.compile(r"[^\S\n]*[^\w\s]?[^\S\n]*")
MAX_LETTER_GAP = 3
MIN_JOINED_LETTERS = 3
# One of these between a single letter and a word joins them: "s.iktir", "o-rospu".
_GLUE = ".-*"

_VOWELS = "aeıioöuü"
_RUN3_RE = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLE_RE = re.compile(r"([^\W\d_])\1")
_DOUBLE_VOWEL_RE = re.compile(rf"([{_VOWELS}])\1")
# A doubled consonant before another consonant or at the end is not Turkish (amkk, ammk);
# Turkish doubles sit between vowels (sikke, dikkat, anne).
_DOUBLE_CLOSED_RE = re.compile(rf"([^\W\d_{_VOWELS}])\1(?![{_VOWELS}])")

# Look-alikes of Latin letters. Applied before lowercasing, because the upper and lower
# Greek and Cyrillic forms resemble different Latin letters (Η is H, η is n).
_HOMOGLYPHS = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТУХІЈЅ", "ABEKMHOPCTYXIJS", strict=True)),  # Cyrillic capitals
        **dict(zip("авекмнорстухіјѕԁһӏьё", "abekmhopctyxijsdhlbe", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek capitals
        **dict(zip("αβγεηικμνορτυχωςϲ", "abyenikuvoptuxwsc", strict=True)),
        **dict(zip("ɑɡɩ", "agi", strict=True)),  # Latin look-alikes
    }
)

# Letters a Turkish writer types on purpose: one of them in a text never stands for its
# plain twin in an entry.
_TURKISH_SPECIAL = "çğıöşü"


class EvasionToken(NamedTuple):
    """A word of a text, normalised for matching.

    ``text`` is the Turkish spelling with evasions undone (upper-case I counts as i, since most
    keyboards lose the dot there); ``folded`` is its ASCII form, of the same length;
    ``squeezed`` has every doubled letter single, set only when the doubling looks deliberate.
    ``start`` and ``end`` locate the word in the original text; ``joined`` marks a word put
    together from letters spelled apart. (A named tuple, not a dataclass: a long comment has
    a thousand of them, and building these is most of the cost of matching.)
    """

    text: str
    folded: str
    squeezed: str | None
    start: int
    end: int
    joined: bool = False


def squeeze_doubles(word: str) -> str:
    """Write every run of a repeated letter once.

    >>> squeeze_doubles("aammkk"), squeeze_doubles("dikkat")
    ('amk', 'dikat')
    """
    return _DOUBLE_RE.sub(r"\1", _RUN3_RE.sub(r"\1", word))


def _doubling_is_deliberate(word: str) -> bool:
    """True when the repeated letters of a word are not Turkish spelling.

    >>> [_doubling_is_deliberate(w) for w in ("siiiktir", "aammkk", "amkk", "sikke", "saat")]
    [True, True, True, False, True]
    """
    if _RUN3_RE.search(word) or _DOUBLE_VOWEL_RE.search(word) or _DOUBLE_CLOSED_RE.search(word):
        return True
    return len(_DOUBLE_RE.findall(word)) >= 2


def _unleet(word: str) -> str:
    """Read digits and symbols as letters inside a word that has at least two letters.

    Only a lone digit is a letter: "2024'te", "15inde" and "G20" keep their numbers. A
    trailing "!" is punctuation, not an i; a word of digits (31, 2024) is left alone. Each
    part between apostrophes counts on its own ("3'te").

    >>> _unleet("s1k"), _unleet("@mk"), _unleet("harika!"), _unleet("4m"), _unleet("s!k")
    ('sik', 'amk', 'harika', '4m', 'sik')
    >>> _unleet("2024'te"), _unleet("s1k'e"), _unleet("covid19"), _unleet("0r0spu")
    ("2024'te", "sik'e", 'covid19', 'orospu')
    """
    parts = []
    for part in _APOSTROPHE_RE.split(word):
        part = part.strip("!")
        if len(_LETTER_RE.findall(part)) >= 2:
            part = _LONE_LEET_DIGIT_RE.sub(lambda m: m.group().translate(_LEET_TABLE), part)
            part = part.translate(_LEET_SYMBOLS)
        parts.append(part)
    return "'".join(parts)


@functools.lru_cache(maxsize=65536)
def _normalize_word(raw: str) -> tuple[str, str, str | None]:
    """Turkish form, ASCII form and (when deliberate) squeezed form of one raw word.

    >>> _normalize_word("ŞEREFSİZ"), _normalize_word("ｓ1ｋｔｉｒ")
    (('şerefsiz', 'serefsiz', None), ('siktir', 'siktir', None))
    >>> _normalize_word("Sııııktır"), _normalize_word("оrоspu")
    (('sııktır', 'siiktir', 'sıktır'), ('orospu', 'orospu', None))
    """
    if raw.isascii():
        # Plain lower() is the Turkish rule here: an ASCII "I" is read as the ambiguous i.
        word = raw.lower()
    else:
        word = unicodedata.normalize("NFKC", raw)
        word = _INVISIBLE_RE.sub("", word).translate(_HOMOGLYPHS)
        word = _MARKS_RE.sub("", casefold(word.replace("I", "i")))
    if not word.isalpha():
        if _LEET_RE.search(word):
            word = _unleet(word)
        word = _NOT_ALNUM_RE.sub("", word)
    kept, squeezed = word, None
    if _DOUBLE_RE.search(word):  # most words have no repeated letter: skip the rest
        kept = _RUN3_RE.sub(r"\1\1", word)
        squeezed = squeeze_doubles(kept) if _doubling_is_deliberate(word) else None
    folded = fold_ascii(kept)
    if len(folded) != len(kept):  # æ → ae and the like: keep only the ASCII spelling
        kept = folded
        squeezed = squeeze_doubles(kept) if squeezed else None
    return kept, folded, squeezed


def _token(raw: str, start: int, end: int, *, joined: bool = False) -> EvasionToken:
    kept, folded, squeezed = _normalize_word(raw)
    return EvasionToken(kept, folded, squeezed, start, end, joined)


def _is_letter_gap(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return 0 < len(gap) <= MAX_LETTER_GAP and _LETTER_GAP_RE.fullmatch(gap) is not None


def _single(text: str, word: EvasionToken) -> str | None:
    """The letter a one-character word stands for ("5" → "s"), else None."""
    if len(word.text) == 1 and word.text.isalpha():
        return word.text
    if word.end - word.start == 1 and text[word.start] in _LEET:
        return text[word.start].translate(_LEET_TABLE)
    return None


def _letter_runs(text: str, words: list[EvasionToken], singles: list[int]) -> list[EvasionToken]:
    """Words spelled one letter at a time, joined: "s.i.k", "s i k t i r", "o-r-o-s-p-u".

    ``singles`` are the positions of the one-character words, in order.
    """
    runs: list[tuple[list[int], list[str]]] = []
    for i in singles:
        letter = _single(text, words[i])
        if letter is None:
            continue
        previous = runs[-1][0] if runs else None
        if (
            previous
            and previous[-1] == i - 1
            and _is_letter_gap(text, words[i - 1].end, words[i].start)
        ):
            previous.append(i)
            runs[-1][1].append(letter)
        else:
            runs.append(([i], [letter]))
    joined = []
    for run, letters in runs:
        if len(run) >= MIN_JOINED_LETTERS and sum(ch.isalpha() for ch in letters) >= 2:
            start, end = words[run[0]].start, words[run[-1]].end
            joined.append(_token("".join(letters), start, end, joined=True))
    return joined


def _glued_letters(text: str, words: list[EvasionToken], singles: list[int]) -> list[EvasionToken]:
    """A single letter glued to a word by one mark: "s.iktir", "o-rospu", "orospu-ç".

    A dot glues only a letter on its left, since "bitti.O zaman" is a missing space.
    """
    glued = []
    single = set(singles)
    for i in singles:
        for left, right in ((i, i + 1), (i - 1, i)):
            if left < 0 or right >= len(words) or (left in single and right in single):
                continue
            mark_at = words[left].end
            if words[right].start - mark_at != 1 or text[mark_at] not in _GLUE:
                continue
            if not (words[left].text.isalpha() and words[right].text.isalpha()):
                continue  # 5.000 is a number
            if text[mark_at] == "." and right == i:
                continue
            start, end = words[left].start, words[right].end
            glued.append(_token(words[left].text + words[right].text, start, end, joined=True))
    return glued


def evasion_tokens(text: str, *, joined: bool = True) -> list[EvasionToken]:
    """The normalised words of a text in order, then the words joined from spelled-out letters.

    >>> [t.folded for t in evasion_tokens("Ş.E.R.E.F.S.İ.Z herif, s.iktir!")]
    ['s', 'e', 'r', 'e', 'f', 's', 'i', 'z', 'herif', 's', 'iktir', 'serefsiz', 'siktir']
    >>> [(t.text, t.squeezed) for t in evasion_tokens("aammkk saat s_i_k")]
    [('aammkk', 'amk'), ('saat', 'sat'), ('sik', None)]
    """
    words: list[EvasionToken] = []
    singles: list[int] = []  # positions of one-letter words, which may join others
    append = words.append
    for match in _CHUNK_RE.finditer(text):
        raw = match.group()
        kept, folded, squeezed = _normalize_word(raw)
        if kept:
            start, end = match.span()
            if raw[0] == "!" or raw[-1] == "!":  # exclamation marks around a word are not in it
                start += len(raw) - len(raw.lstrip("!"))
                end -= len(raw) - len(raw.rstrip("!"))
            if end - start == 1 or len(kept) == 1:
                singles.append(len(words))
            # tuple.__new__ skips the named tuple's Python-level __new__: a third faster.
            append(tuple.__new__(EvasionToken, (kept, folded, squeezed, start, end, False)))
    if not joined or not singles:
        return words
    return words + _letter_runs(text, words, singles) + _glued_letters(text, words, singles)


def evasion_normalize(text: str) -> str:
    """The text as space-separated normalised words, Turkish letters kept; letters spelled
    apart are written as one word.

    >>> evasion_normalize("S I K T İ R git, ｇöt!")
    'siktir git göt'
    """
    tokens = evasion_tokens(text)
    joined: dict[int, EvasionToken] = {}
    for token in tokens:
        best = joined.get(token.start)
        if token.joined and (best is None or token.end > best.end):
            joined[token.start] = token
    words, covered_until = [], -1
    for token in tokens:
        if token.joined or token.start < covered_until:
            continue
        token = joined.get(token.start, token)
        words.append(token.text)
        covered_until = token.end
    return " ".join(words)


def evasion_fold(text: str) -> str:
    """:func:`evasion_normalize`, then folded to ASCII: the form to match word lists against.

    >>> evasion_fold("Çok SIKICI bir maç")
    'cok sikici bir mac'
    >>> evasion_fold("a\\u200bm\\u200bk  ＡＭＫ  4mk  аmк")
    'amk amk amk amk'
    """
    return fold_ascii(evasion_normalize(text))


def letters_agree(written: str, canonical: str) -> bool:
    """Whether a written word can stand for the canonical one, letter by letter.

    The text may drop a diacritic (``salag`` for ``salağ``) or carry a foreign one (``ș``), but
    a Turkish letter the writer typed must be there: ``sık`` is not ``sik``.

    >>> letters_agree("salag", "salağ"), letters_agree("sik", "sık"), letters_agree("sık", "sik")
    (True, True, False)
    """
    if written == canonical:
        return True
    if len(written) != len(canonical):
        return False
    for w, c in zip(written, canonical, strict=True):
        if w == c:
            continue
        if w in _TURKISH_SPECIAL or fold_ascii(w) != fold_ascii(c):
            return False
    return True
