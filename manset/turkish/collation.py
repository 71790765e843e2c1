"""Turkish alphabetical order in pure Python, modelled on ICU's ``tr`` collation.

Three levels, compared one after the other over the whole string, as in ICU:

1. primary: spaces < punctuation < symbols < digits < letters < other scripts. Letters follow
   a b c ç d e f g ğ h ı i j k l m n o ö p q r s ş t u ü v w x y z (q, w and x, used only in
   foreign words, sit where ICU puts them: q after p, w after v, x after w). Digit runs
   compare as numbers, so "2. yıl" < "10. yıl" (ICU's ``kn`` option).
2. secondary: accents; â î û and foreign accented letters sort right after their base letter.
3. tertiary: case, lowercase first (ICU's default): "cam" < "Cam".

The original string breaks any remaining tie, so the order is total and does not depend on the
input order. Use ``sorted(items, key=sort_key)``.
"""

import re
import unicodedata

from manset.turkish.analysis import fold_ascii
from manset.turkish.casing import upper

__all__ = ["ALPHABET", "COLLATION_ORDER", "sort_key"]

ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
COLLATION_ORDER = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"

# Primary classes, in ICU's order.
_SPACE, _PUNCT, _SYMBOL, _DIGIT, _LETTER, _OTHER = range(6)

# letter -> (primary, case); "I" is the capital of ı and "İ" of i.
_LETTERS = {ch: ((_LETTER, i), 0) for i, ch in enumerate(COLLATION_ORDER)}
_LETTERS.update({upper(ch): ((_LETTER, i), 1) for i, ch in enumerate(COLLATION_ORDER)})
_CLASSES = {"Z": _SPACE, "C": _SPACE, "P": _PUNCT, "S": _SYMBOL}
_PIECES = re.compile(r"\d+|.", re.DOTALL)

Element = tuple[tuple[int, int], int, int]  # (primary, secondary, tertiary)


def _char_elements(ch: str) -> list[Element]:
    """Collation elements of one character (a ligature or ß gives several).

    >>> _char_elements("Ç")
    [((4, 3), 0, 1)]
    >>> _char_elements("â")
    [((4, 0), 226, 0)]
    """
    if ch in _LETTERS:
        primary, case = _LETTERS[ch]
        return [(primary, 0, case)]
    folded = fold_ascii(ch)
    if folded != ch and folded.isascii() and folded.isalnum():
        # é, â, ß, ﬁ, ²: their base letters, then the original character as the accent.
        return [(p, ord(ch), t) for base in folded for p, _, t in _char_elements(base)]
    if ch.isdigit():
        return [((_DIGIT, unicodedata.digit(ch, 0)), ord(ch), 0)]
    if ch.isalpha():
        low = ch.lower()
        base = ord(low) if len(low) == 1 else ord(ch)
        return [((_OTHER, base), 0, int(low != ch))]
    if unicodedata.combining(ch):
        return []  # a lone combining mark: left to the final tie-break
    return [((_CLASSES.get(unicodedata.category(ch)[0], _SYMBOL), ord(ch)), 0, 0)]


def _elements(s: str) -> list[Element]:
    """Collation elements of a whole string; a digit run is one element worth its value.

    >>> [p for p, _, _ in _elements("10. yıl")][:3]
    [(3, 10), (1, 46), (0, 32)]
    """
    elements: list[Element] = []
    for piece in _PIECES.findall(s):
        if len(piece) > 1 or piece.isdecimal():
            elements.append(((_DIGIT, int(piece)), 0, 0))
        else:
            elements.extend(_char_elements(piece))
    return elements


def sort_key(s: str) -> tuple:
    """Sort key for Turkish alphabetical order.

    >>> sorted(["zebra", "çay", "cam", "ılık", "iğne", "İzmir", "Işık"], key=sort_key)
    ['cam', 'çay', 'ılık', 'Işık', 'iğne', 'İzmir', 'zebra']
    >>> sorted(["10. yıl", "2. yıl"], key=sort_key)
    ['2. yıl', '10. yıl']
    >>> sorted(["Cam", "âlem", "cam", "alem", "alet"], key=sort_key)
    ['alem', 'âlem', 'alet', 'cam', 'Cam']
    """
    elements = _elements(unicodedata.normalize("NFC", s))
    return (
        tuple(p for p, _, _ in elements),
        tuple(sec for _, sec, _ in elements),
        tuple(ter for _, _, ter in elements),
        s,  # the final tie-break: code points of the input itself
    )
