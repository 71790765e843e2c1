"""What the spam model reads in a comment: its features, and their names for moderators.

Words (Turkish-lowercased, stemmed, folded to ASCII) as unigrams and bigrams; letter
3- to 5-grams of the folded text; words of links and of the website field; and layout:
links, phone numbers, @handles, capitals, digits, ``!!!``, emoji, the shape of the
author's name (never its words), and the evasions (spaced letters, ``b0nus``, Cyrillic
look-alikes, styled letters), each undone before the rest is read.
"""

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from manset.turkish import casefold, fold_ascii, stem, tokenize

# Comment.text allows 5,000 characters; anything longer is cut rather than slowing the guard.
MAX_CHARS = 20_000
CHAR_NGRAMS = (3, 4, 5)
# Cyrillic and Greek letters that look like Latin ones, pasted in to slip past word filters.
_CONFUSABLES = str.maketrans(
    dict(
        zip(
            "аеорсухіјѕкмтԁһӏԛԝАВЕКМНОРСТХУІЈЅαοειкνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
            "aeopcyxijskmtdhlqwABEKMHOPCTXYIJSaoeikvptuxABEZHIKMNOPTYX",
            strict=True,
        )
    )
)
_FOREIGN_LETTER = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
# Control and invisible characters, and lone surrogates (PostgreSQL's jsonb refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\ud800-\udfff]")
# d e n e m e, b.a.h.i.s: three or more single letters with one separator between them.
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][ .\-*·_]){2,}[^\W\d_](?!\w)")
# ev-den pa-ra ka-zan: short syllables joined by hyphens.
_SYLLABLES = re.compile(r"(?<![\w-])[^\W\d_]{1,3}(?:-[^\W\d_]{1,3})+(?![\w-])")
_SEPARATORS = re.compile(r"[ .\-*·_]")
# c@sino, $lot: symbols standing in for letters inside a word.
_SYMBOL_LETTER = re.compile(r"(?<=[^\W\d_])[@$](?=[^\W\d_])|(?<![\w@$])\$(?=[^\W\d_]{2})")
_SYMBOLS = str.maketrans({"@": "a", "$": "s"})
# b0nus, 3sc0rt: a digit between letters. 100tl and covid19 have none and stay as they are.
_LEET = re.compile(r"[^\W\d_]\d+[^\W\d_]")
_LEET_DIGITS = str.maketrans("013457", "oieast")
_TLDS = (
    "com|net|org|info|biz|xyz|top|site|online|club|shop|store|live|vip|bet|casino|link|"
    "click|app|io|co|me|tv|one|blog|video|ly|tr"
)
_LINK = re.compile(
    rf"https?://\S+|www\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/\S*)?", re.IGNORECASE
)
_URL_WORDS = {"http", "https", "www"}
# Ten to thirteen digits with at most two separators between them: 0599 123 45 67,
# +90 (599) 123-45-67, 0 5 9 9 ... Dates and prices have fewer digits.
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\s.\-()/]{0,2}){10,13}(?!\d)")
_HANDLE = re.compile(r"(?<![\w.])@[a-z0-9_]{3,}")
_REPEATED_PUNCTUATION = re.compile(r"[!?]{3,}")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/?#\s:]*)")

_KIND_LABELS = {
    "w": "kelime",
    "b": "kelime çifti",
    "c": "harf dizisi",
    "u": "bağlantıda",
    "s": "web sitesi",
}
_LAYOUT_LABELS = {
    "links": "bağlantı sayısı",
    "website": "web sitesi alanı dolu",
    "phone": "telefon numarası",
    "handle": "@kullanıcı adı",
    "upper": "büyük harf oranı",
    "digits": "rakam oranı",
    "punctuation": "tekrarlanan ünlem ya da soru işareti",
    "emoji": "emoji sayısı",
    "mixed": "Latin harflerle karışık Kiril/Yunan harfleri",
    "styled": "süslü ya da geniş yazı karakterleri",
    "spaced": "harfleri aralıklı yazılmış sözcük",
    "leet": "harf yerine rakam ya da simge",
    "name-digits": "adda rakam",
    "name-link": "adda site adresi",
    "name-upper": "ad tümüyle büyük harf",
    "name-long": "dört sözcükten uzun ad",
}


def _clean(text: str) -> tuple[str, list[str]]:
    """Cut, drop control characters, undo styled letters and look-alikes; note what was undone.

    >>> _clean("Dеnеmе 𝐁𝐨𝐧𝐮𝐬")  # Cyrillic е, mathematical bold
    ('Deneme Bonus', ['styled', 'mixed'])
    """
    text = _CONTROL.sub(" ", text[:MAX_CHARS])
    layout = []
    if not text.isascii():
        compatible = unicodedata.normalize("NFKC", text)
        if compatible != text and any(
            unicodedata.normalize("NFKC", ch) != ch for ch in text if ch.isalnum()
        ):
            layout.append("styled")
        text = compatible
        if _FOREIGN_LETTER.search(text):
            if _LATIN_LETTER.search(text):
                layout.append("mixed")
            text = text.translate(_CONFUSABLES)
    return text, layout


def _join_spaced(text: str) -> tuple[str, bool]:
    """Join letters written apart (``d e n e m e``, ``ka-zan``) back into words.

    >>> _join_spaced("d e n e m e  b.o.n.u.s ev-den pa-ra Ankara-İzmir")
    ('deneme  bonus evden para Ankara-İzmir', True)
    """
    joined = _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group()), text)
    joined = _SYLLABLES.sub(lambda m: m.group().replace("-", ""), joined)
    return joined, joined != text


@lru_cache(maxsize=65536)
def _term(token: str) -> str:
    """The word feature of a lowercase token: leetspeak undone, stemmed, folded to ASCII.

    >>> _term("görüşmelerde"), _term("b0nusu"), _term("100tl")
    ('gorusme', 'bonus', '100tl')
    """
    if not token.isalpha() and _LEET.search(token):
        token = token.translate(_LEET_DIGITS)
    return fold_ascii(stem(token))


def _share_bucket(part: int, whole: int, low: float, high: float) -> str | None:
    """'low%–high%' or 'high%+' when part/whole reaches low, else None (nothing unusual)."""
    if whole < 8 or part < low * whole:
        return None
    if part < high * whole:
        return f"%{low * 100:.0f}–{high * 100:.0f}"
    return f"%{high * 100:.0f}+"


def _name_shape(name: str) -> list[str]:
    """What a name's form says ("Bonus24", "BAHIS.COM"), never the name itself."""
    name = name[:200].strip()
    found = []
    if _DIGIT.search(name):
        found.append("name-digits")
    if _LINK.search(name) or re.search(r"\.\s*(com|net|org|xyz|tr)\b", casefold(name)):
        found.append("name-link")
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        found.append("name-upper")
    if len(name.split()) > 4:
        found.append("name-long")
    return found


def _layout(text: str, folded: str, website: str, evasions: list[str], links: int) -> list[str]:
    """Layout features, as ``x:name`` or ``x:name=bucket``."""
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, text))
    visible = len(text) - text.count(" ")
    digits = len(_DIGIT.findall(text))
    emoji = len(_EMOJI.findall(text))
    # No "links=0" and no length: nearly every comment has the one, and the other measured
    # how the seed set was written more than what spam is.
    found = list(evasions)
    if links:
        found.append(f"links={min(links, 3)}{'+' if links >= 3 else ''}")
    if website.strip():
        found.append("website")
    if _PHONE.search(folded):
        found.append("phone")
    if _HANDLE.search(folded):
        found.append("handle")
    if _REPEATED_PUNCTUATION.search(text):
        found.append("punctuation")
    if emoji:
        found.append(f"emoji={min(emoji, 3)}{'+' if emoji >= 3 else ''}")
    if bucket := _share_bucket(upper, letters, 0.3, 0.6):
        found.append(f"upper={bucket}")
    if bucket := _share_bucket(digits, visible, 0.15, 0.3):
        found.append(f"digits={bucket}")
    return ["x:" + f for f in found]


def _char_ngrams(folded: str) -> set[str]:
    """Distinct character n-grams of folded text, whitespace collapsed and digits as 0."""
    padded = " " + _DIGIT.sub("0", _SPACES.sub(" ", folded).strip()) + " "
    return {padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)}


def _group(keys: Iterable[str], prefix: str) -> dict[str, float]:
    """Binary features of one kind, scaled so that the group has unit length.

    Without the scaling a long comment would outvote a short one by sheer number of words.
    """
    unique = keys if isinstance(keys, set) else set(keys)
    if not unique:
        return {}
    return dict.fromkeys([prefix + k for k in unique], 1 / math.sqrt(len(unique)))


def _extract(text: str, name: str, website: str) -> tuple[dict[str, float], dict[str, str]]:
    """Features with their values, and for each word feature the first word it came from."""
    text, evasions = _clean(text)
    text, spaced = _join_spaced(text)
    if spaced:
        evasions.append("spaced")
    if _SYMBOL_LETTER.search(text):
        text = _SYMBOL_LETTER.sub(lambda m: m.group().translate(_SYMBOLS), text)
        evasions.append("leet")
    links = _LINK.findall(text)
    # Words of a link are features of their own: "net" in a domain is not "net" in a sentence.
    tokens = tokenize(_LINK.sub(" ", text) if links else text)
    if "leet" not in evasions and any(not t.isalpha() and _LEET.search(t) for t in tokens):
        evasions.append("leet")
    terms = [_term(t) for t in tokens]
    folded = fold_ascii(casefold(text))
    found = _group(terms, "w:")
    found.update(_group(map(" ".join, zip(terms, terms[1:], strict=False)), "b:"))
    found.update(_group(_char_ngrams(folded), "c:"))
    found.update(_group({t for t in tokenize(" ".join(links)) if t not in _URL_WORDS}, "u:"))
    # A reader's name is not evidence: learnt from a seed set, common first names (Mehmet,
    # Ayşe) would push real readers towards spam. Only its shape counts (see _layout).
    name_tokens: list[str] = []
    found.update(dict.fromkeys(["x:" + f for f in _name_shape(name)], 1.0))
    host = _HOST.match(fold_ascii(casefold(website[:500].strip()))).group(1)
    found.update(_group({t for t in tokenize(host) if t not in _URL_WORDS}, "s:"))
    found.update(dict.fromkeys(_layout(text, folded, website, evasions, len(links)), 1.0))
    surface = {}
    for prefix, words in (("w:", tokens), ("n:", name_tokens)):
        for token in words:
            surface.setdefault(prefix + _term(token), token)
    for first, second in zip(tokens, tokens[1:], strict=False):
        surface.setdefault(f"b:{_term(first)} {_term(second)}", f"{first} {second}")
    return found, surface


def features(text: str, name: str = "", website: str = "") -> dict[str, float]:
    """The features of a comment with their values: ``w:`` word, ``b:`` bigram, ``c:``
    letter n-gram, ``u:`` word of a link, ``s:`` website word, ``x:`` layout (including the
    shape of the name, never its words).

    Words are stemmed and folded (``w:dene`` is deneme, denemek, DENEME).

    >>> f = features("Deneme b0nusu: bonus24.xyz", name="Bahis24")
    >>> [k for k in sorted(f) if not k.startswith("c:")]  # doctest: +NORMALIZE_WHITESPACE
    ['b:dene bonus', 'u:bonus24', 'u:xyz', 'w:bonus', 'w:dene', 'x:leet',
     'x:links=1', 'x:name-digits']
    """
    return _extract(text, name, website)[0]


def label(feature: str, surface: str = "") -> str:
    """Turkish description of a feature key for moderators; ``surface`` is the word as written.

    >>> label("w:hake", "hakem"), label("c:nus2"), label("x:links=3+"), label("x:phone")
    ('kelime: hakem', 'harf dizisi: «nus2»', 'bağlantı sayısı: 3+', 'telefon numarası')
    """
    kind, _, value = feature.partition(":")
    if kind == "x":
        name, _, bucket = value.partition("=")
        description = _LAYOUT_LABELS.get(name, name)
        return f"{description}: {bucket}" if bucket else description
    if kind == "c":
        return f"{_KIND_LABELS[kind]}: «{value}»"
    return f"{_KIND_LABELS.get(kind, kind)}: {surface or value}"
