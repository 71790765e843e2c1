"""Search analysis: one analyser for every backend (SQLite FTS5, PostgreSQL, ...).

Documents and queries go through the same steps: NFC, apostrophes unified, Turkish lowercase,
each token cut at its apostrophe (Kore'de → kore), then a Snowball Turkish stem and the exact
token, both folded to ASCII *after* stemming (folding first changes ~10% of stems).
"""

import functools
import re
import threading
import unicodedata

import Stemmer

from manset.turkish.casing import casefold, lower

__all__ = [
    "APOSTROPHES",
    "alternatives",
    "analyze",
    "exact_terms",
    "fold_ascii",
    "normalize_apostrophes",
    "query_terms",
    "stem",
    "tokenize",
]

# Every character seen standing in for the Turkish suffix apostrophe.
APOSTROPHES = "'’‘ʼ´`＇′"
_TO_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
# A suffix written straight after a closing quote, “hayır”ı, is cut like Kore'de.
_QUOTED_SUFFIX = re.compile(r'(?<=\w)[”"»](?=\w)')

_FOLD = str.maketrans(
    {
        **dict(zip("çğıöşüâîûÇĞİÖŞÜÂÎÛ", "cgiosuaiuCGIOSUAIU", strict=True)),
        # Latin letters that NFKD does not decompose.
        **dict(zip("øđłðØĐŁÐ", "odldODLD", strict=True)),
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)
# Runs of letters and digits (\w without "_"), joined by apostrophes;
# the captured group is the part before the first apostrophe: Kore'de → kore.
_TOKEN = re.compile(r"([^\W_]+)(?:'[^\W_]+)*")
# 5.000 / 1.250.000: a separator followed by exactly three digits groups thousands.
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
_NOT_TERM = re.compile(r"[^a-z0-9]+")

# The stem guard from the research: Snowball over-stems short words (ığdır → ık, putin → put).
MIN_STEMMED_TOKEN = 5
MIN_STEM = 4

# News vocabulary is Zipfian: caching a token's terms (lru_cache is thread-safe) makes repeats
# cheap, so PyStemmer's own, slower cache is switched off.
ALTERNATIVES_CACHE_SIZE = 65536

# PyStemmer objects keep internal state and "must not be called concurrently":
# one per thread, created on first use.
_local = threading.local()


def normalize_apostrophes(s: str) -> str:
    """Map every apostrophe look-alike (’ ‘ ʼ ´ ` ＇ ′) to U+0027.

    >>> normalize_apostrophes("Kore’de Rusya`nın")
    "Kore'de Rusya'nın"
    """
    return s.translate(_TO_APOSTROPHE)


def fold_ascii(s: str) -> str:
    """Fold Turkish letters to ASCII (ç→c ğ→g ı→i İ→I ...), strip other diacritics; keeps case.

    Letters of other scripts are kept as they are.

    >>> fold_ascii("Görüşmeler İĞNEADA ılık")
    'Gorusmeler IGNEADA ilik'
    >>> fold_ascii("Âşık Café Łódź straße")
    'Asik Cafe Lodz strasse'
    """
    if s.isascii():
        return s
    s = s.translate(_FOLD)
    if s.isascii():  # the common case for Turkish text: skip the Unicode tables
        return s
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    # Recompose what is left (e.g. Hangul), so other scripts survive intact.
    return unicodedata.normalize("NFC", s)


def fold(text: str) -> str:
    """The caseless, diacritic-free form to compare Turkish text by; spaces and apostrophes
    normalised.

    >>> fold("İSTANBUL’da  Kültür"), fold("istanbul'da kultur")
    ("istanbul'da kultur", "istanbul'da kultur")
    """
    return fold_ascii(casefold(" ".join(normalize_apostrophes(text).split())))


def tokenize(text: str) -> list[str]:
    """Split into Turkish-lowercase word tokens, each cut at its first apostrophe.

    >>> tokenize("Putin, Kuzey Kore’de! Rusya'nın 5.000 füzesi")
    ['putin', 'kuzey', 'kore', 'rusya', '5000', 'füzesi']
    >>> tokenize("İSTANBUL'DA “hayır”ı")
    ['istanbul', 'hayır']
    """
    text = lower(normalize_apostrophes(_QUOTED_SUFFIX.sub("'", text)))
    text = _THOUSANDS.sub("", text)
    return _TOKEN.findall(text)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def capitalized_tokens(text: str) -> list[str]:
    """The tokens of words written with a capital first letter: names, mostly.

    Sentence-initial words come too; callers use this as a hint, not a parser.

    >>> capitalized_tokens("Vali, Erciş'te İHA'ya konuştu; AFAD ekipleri bölgede.")
    ['vali', 'erciş', 'iha', 'afad']
    """
    found = []
    for match in _WORD.finditer(normalize_apostrophes(text)):
        word = match[0]
        if word[0].isupper():
            found.extend(tokenize(word)[:1])
    return found


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("turkish", 0)
    return stemmer


def stem(token: str) -> str:
    """Snowball Turkish stem of a lowercased token, or the token itself when the guard says so.

    Only tokens of at least 5 letters are stemmed, and only stems of at least 4 are kept.

    >>> stem("görüşmelerde"), stem("ülkelerinin"), stem("desteğinizi")
    ('görüşme', 'ülke', 'destek')
    >>> stem("ığdır"), stem("füze"), stem("putin")
    ('ığdır', 'füze', 'putin')
    """
    if len(token) < MIN_STEMMED_TOKEN or not token.isalpha():
        return token
    stemmed = _stemmer().stemWord(token)
    return stemmed if len(stemmed) >= MIN_STEM else token


def _term(token: str) -> str:
    """Index form of a token: ASCII-folded, only [a-z0-9].

    >>> _term("görüşme"), _term("путин")
    ('gorusme', '')
    """
    folded = fold_ascii(token)
    if folded.isascii() and folded.isalnum():
        return folded.lower()
    return _NOT_TERM.sub("", folded.lower())


@functools.lru_cache(maxsize=ALTERNATIVES_CACHE_SIZE)
def alternatives(token: str) -> tuple[str, ...]:
    """The folded stem, any repaired stem, then the folded exact form; empty terms dropped.

    The last alternative is the token's folded exact form (when it has one). Two repairs of
    Snowball add a stem where it goes wrong (see `_repaired_stems`).

    >>> alternatives("füzeleri"), alternatives("kore"), alternatives("путин")
    (('fuze', 'fuzeleri'), ('kore',), ())
    >>> alternatives("uyarısı"), alternatives("sonuclari")
    (('uyaris', 'uyar', 'uyarisi'), ('sonuc', 'sonuclari'))
    """
    stemmed_token = stem(token)
    exact = _term(token)
    stems = [_term(stemmed_token)] if stemmed_token != token else []
    stems += [_term(extra) for extra in _repaired_stems(token, stemmed_token)]
    stems = [t for t in dict.fromkeys(stems) if t and t != exact]
    return (*stems, exact) if exact else tuple(stems)


_HIGH_VOWELS = "ıiuü"
_BACK_VOWELS = "aıou"
_FRONT_VOWELS = "eiöü"


def _repaired_stems(token: str, stemmed: str) -> list[str]:
    """Stems Snowball misses, tried as extra alternatives on index and query alike.

    - The possessive after a vowel keeps its buffer s: uyarısı → uyarıs, sergisi → sergis,
      while uyarı → uyar and sergi → sergi. The stem of what is left without the s is added
      (for servisi → servis the extra "servi" is harmless).
    - A token typed without Turkish letters breaks the stemmer's vowel harmony: sonuclari is
      left whole, while sonuçları → sonuç. The stem of the token with its i/u vowels set by
      harmony (sonucları) is added.

    >>> _repaired_stems("sergisi", "sergis"), _repaired_stems("sonuclari", "sonuclari")
    (['sergi'], ['sonuç'])
    """
    extra = []
    n = len(stemmed)
    if (
        n >= MIN_STEMMED_TOKEN
        and stemmed.endswith("s")
        and stemmed[-2] in "aeıioöuü"
        and token[n : n + 1] in tuple(_HIGH_VOWELS)
    ):
        extra.append(stem(stemmed[:-1]))
    if stemmed == token and token.isascii() and len(token) >= MIN_STEMMED_TOKEN:
        harmonised = _harmonise(token)
        if harmonised != token:
            repaired = stem(harmonised)
            if repaired != harmonised:
                extra.append(repaired)
    return extra


def _harmonise(token: str) -> str:
    """An ASCII token's i and u set by two-way vowel harmony: sonuclari → sonucları.

    >>> _harmonise("sonuclari"), _harmonise("gorusmelerde"), _harmonise("ulkelerinin")
    ('sonucları', 'gorusmelerde', 'ulkelerinin')
    """
    out, previous = [], ""
    for ch in token:
        if ch in "iu" and previous:
            back = previous in _BACK_VOWELS
            ch = {"i": "ı" if back else "i", "u": "u" if back else "ü"}[ch]
        if ch in "aeıioöuü":
            previous = ch
        out.append(ch)
    return "".join(out)


def analyze(text: str) -> list[str]:
    """Index terms of a document: per token its folded stem and, when different, its exact form.

    Every term matches ``^[a-z0-9]+$``; repeated words give repeated terms (for term frequency).

    >>> analyze("Görüşmelerde Kuzey Kore’de")
    ['gorusme', 'gorusmelerde', 'kuzey', 'kore']
    >>> analyze("Kore'de") == analyze("Kore’de") == ["kore"]
    True
    """
    return [term for token in tokenize(text) for term in alternatives(token)]


def query_terms(text: str) -> list[tuple[str, ...]]:
    """One tuple per query token: the alternatives to OR together (tokens are ANDed).

    >>> query_terms("füze IŞIK")
    [('fuze',), ('isik',)]
    >>> query_terms("görüşmeler")
    [('gorusme', 'gorusmeler')]
    """
    return [alts for alts in map(alternatives, tokenize(text)) if alts]


def exact_terms(text: str) -> list[str]:
    """The unfolded Turkish-lowercase tokens, for ranking exact Turkish spellings higher.

    >>> exact_terms("IŞIK Kore’de")
    ['ışık', 'kore']
    """
    return tokenize(text)
