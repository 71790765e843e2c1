"""URL slugs the way Turkish news sites write them: ASCII, apostrophe removed (Kore'de → korede)."""

import re

from manset.turkish.analysis import fold_ascii
from manset.turkish.casing import lower

__all__ = ["DEFAULT_MAX_LENGTH", "slugify"]

DEFAULT_MAX_LENGTH = 80

# Deleted with no hyphen, so the suffix stays on its noun: Kore’de → korede.
_APOSTROPHES = str.maketrans(dict.fromkeys("'’‘ʼ´`＇"))
# A suffix written straight after a closing quote, “hayır”ı, joins its word too.
_QUOTED_SUFFIX = re.compile(r'(?<=\w)[”"»](?=\w)')
# Thousands groups only (5.000, 1.250.000): 3,5 and 19.06.2024 keep their separators.
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _truncate(slug: str, max_length: int) -> str:
    """Cut at the last hyphen within max_length; mid-word only for one over-long word.

    >>> _truncate("kuzey-kore-ziyareti", 12)
    'kuzey-kore'
    >>> _truncate("kuzey-kore-ziyareti", 10)
    'kuzey-kore'
    >>> _truncate("cekoslovakyalilastiramadiklarimizdan", 10)
    'cekoslovak'
    """
    if len(slug) <= max_length:
        return slug
    if slug[max_length] == "-":
        return slug[:max_length]
    head = slug[:max_length]
    cut = head.rfind("-")
    return head[:cut] if cut > 0 else head


def slugify(text: str, max_length: int | None = DEFAULT_MAX_LENGTH) -> str:
    """ASCII slug of a headline; "" when nothing is left. ``max_length=None`` means no cap.

    >>> slugify("24 yıl sonra ilk: Rusya Devlet Başkanı Putin, Kuzey Kore’de")
    '24-yil-sonra-ilk-rusya-devlet-baskani-putin-kuzey-korede'
    >>> slugify("IĞDIR'da %50 indirim: 5.000 TL")
    'igdirda-50-indirim-5000-tl'
    >>> slugify("“Türkiye” — Ankara’nın “hayır”ı")
    'turkiye-ankaranin-hayiri'
    >>> slugify("   ---   ")
    ''
    """
    if max_length is not None and max_length < 1:
        raise ValueError("max_length must be at least 1")
    s = _QUOTED_SUFFIX.sub("", lower(text)).translate(_APOSTROPHES)
    # fold_ascii strips diacritics; lower() again for NFKD output such as "Ⅻ" → "XII".
    s = fold_ascii(s).lower()
    s = _THOUSANDS.sub("", s)
    s = _SEPARATORS.sub("-", s).strip("-")
    return s if max_length is None else _truncate(s, max_length)
