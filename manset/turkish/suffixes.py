"""A small Turkish suffix grammar: is this ending a chain of Turkish suffixes on that stem?

Used by the comment word lists to catch suffixed forms ("salaklar", "salağa") without
listing them, and to leave alone words that merely start like an entry ("sikke").
"""

import re

from manset.turkish.analysis import fold_ascii

__all__ = ["inflects"]

_VOWELS = "aeıioöuü"

# Suffix grammar, on ASCII-folded text. After folding the two-way vowel is a/e and the four-way
# vowel i/u (ı→i, ü→u); vowel harmony is checked separately by _harmonious(). The pattern
# sees the stem's last letter first, so it can tell what follows a vowel from what follows a
# consonant: buffer letters (orospu-y-a, orospu-s-u) only after a vowel, linking vowels
# (salağ-ı-m) only after a consonant, and a suffix d turns t only after a voiceless
# consonant (sik-ti, but not sik-in-ti: "sıkıntı"); d there is a common misspelling, allowed.
_AFTER_VOWEL = "(?<=[aeiou])"
_AFTER_CONSONANT = "(?<![aeiou])"
_D = "(?:(?<=[cfhkpst])t|d)"
_LINK = f"(?:{_AFTER_VOWEL}|{_AFTER_CONSONANT}[iu])"
_Y, _N, _S = (f"(?:{_AFTER_VOWEL}{c}|{_AFTER_CONSONANT})" for c in "yns")
_PRONOMINAL_N = f"(?:{_AFTER_VOWEL}n)?"

_PLURAL = "l[ae]r"
_DERIV = "(?:l[iu][kg]|l[iu]|s[iu]z|c[iu][kg]|c[iu]|c[ae])"
_POSS = f"(?:{_LINK}m[iu]z|{_LINK}n[iu]z|l[ae]r[iu]|{_LINK}m|{_LINK}n|{_S}[iu])"
_CASE = (
    f"(?:{_PRONOMINAL_N}{_D}[ae]n?|{_N}[iu]n|{_Y}l[ae]|{_Y}[iu]|{_AFTER_VOWEL}n[iu]"
    f"|{_Y}[ae]|{_AFTER_VOWEL}n[ae]|c[ae])"
)
_KI = "(?:ki(?:n[iu]n|n[iu]|n[ae]|nd[ae]n?|l[ae]r)?)"
_PAST_PERSON = "(?:m|n|k|n[iu]z|l[ae]r)"
_COPULA = (
    f"(?:{_Y}[iu]m|s[iu]n(?:[iu]z)?|{_Y}[iu]z|{_D}[iu]r(?:l[ae]r)?|l[ae]r"
    f"|{_Y}{_D}[iu]{_PAST_PERSON}?|{_Y}m[iu]s(?:[iu]m|s[iu]n|[iu]z|l[ae]r)?|{_Y}s[ae]|{_Y}k[ae]n)"
)
_QUESTION = f"(?:m[iu](?:y[iu]m|s[iu]n(?:[iu]z)?|y[iu]z|d[iu]r|y?d[iu]{_PAST_PERSON}?|y?m[iu]s)?)"
_NOUN_TAIL = f"(?:{_PLURAL})?(?:{_POSS})?(?:{_CASE})?(?:{_KI})?(?:{_COPULA})?(?:{_QUESTION})?"
_NOUN = f"(?:{_DERIV})?{_NOUN_TAIL}"

_VOICE = f"(?:{_LINK}l|{_LINK}n|{_LINK}s|{_D}[iu]r|{_AFTER_VOWEL}t)"
_PERSON = f"(?:[iu]m|s[iu]n(?:[iu]z)?|[iu]z|l[ae]r|y[iu]m|y[iu]z|{_PAST_PERSON})"
_AFTER_TENSE = f"(?:{_PERSON}|d[iu]{_PAST_PERSON}?|m[iu]s|s[ae]|k[ae]n|{_QUESTION})"
_AORIST = f"(?:{_AFTER_VOWEL}|{_AFTER_CONSONANT}[aeiu])r"
_FINITE = (
    f"(?:{_LINK}yor{_AFTER_TENSE}?|{_AORIST}{_AFTER_TENSE}?|(?<=m[ae])z{_AFTER_TENSE}?"
    f"|{_Y}[aeiu]c[ae][kgm]{_AFTER_TENSE}?|{_Y}[ae]c[ae]g[iu][mz]"
    f"|{_D}[iu]{_PAST_PERSON}?(?:d[iu]|s[ae])?|m[iu]s{_AFTER_TENSE}?"
    f"|s[ae]{_PAST_PERSON}?|m[ae]l[iu]{_AFTER_TENSE}?"
    f"|{_Y}[aeiu]y[iu][mz]|{_Y}[ae]l[iu]m|s[iu]n(?:l[ae]r)?|{_Y}[iu]n(?:[iu]z)?"
    "|(?<=m[ae])m|(?<=m[ae])y[iu][mz])"
)
_NONFINITE = (
    f"(?:m[ae][kg]|m[ae]|{_Y}[iu]s|{_Y}[ae]n|{_D}[iu][kg]|{_Y}[ae]c[ae][kg]|{_Y}[iu]p"
    f"|{_Y}[ae]r[ae]k|{_Y}[iu]c[iu]|{_Y}[iu][kg]|{_Y}[ae]s[iu]c[ae]|{_Y}[iu]nc[ae]"
    f"|m[ae]d[ae]n|m[ae]z|{_AORIST})"
)
_VERB = (
    f"(?:{_VOICE}){{0,2}}(?:{_Y}[ae]bil|{_Y}[ae]m[ae])?(?:m[ae])?"
    f"(?:{_FINITE}|{_NONFINITE}{_NOUN_TAIL})?"
)
# "." stands for the last letter of the stem.
_NOUN_RE = re.compile("." + _NOUN)
_VERB_RE = re.compile("." + _VERB)
_INVARIANT = ("yor", "ken", "ki")


def _harmonious(stem: str, suffixes: str) -> bool:
    """Vowel harmony of folded suffixes after a stem in Turkish spelling.

    a/e must agree in backness with the vowel before; i/u (the folded four-way vowel) in
    rounding. "yor", "ken" and "ki" do not change.

    >>> _harmonious("sik", "erim"), _harmonious("sık", "arim"), _harmonious("sik", "arim")
    (True, True, False)
    >>> _harmonious("göt", "une"), _harmonious("göt", "ine"), _harmonious("orospu", "yken")
    (True, False, True)
    """
    back, rounded = None, None
    for ch in reversed(stem):
        if ch in _VOWELS:
            back = ch in "aıou"
            rounded = ch in "oöuü"
            break
    i = 0
    while i < len(suffixes):
        for invariant in _INVARIANT:
            if suffixes.startswith(invariant, i):
                back, rounded = (True, True) if invariant == "yor" else (False, False)
                i += len(invariant)
                break
        else:
            ch = suffixes[i]
            if ch in "ae":
                if back is not None and back != (ch == "a"):
                    return False
                back, rounded = ch == "a", False
            elif ch in "iu":
                if rounded is not None and rounded != (ch == "u"):
                    return False
                rounded = ch == "u"
            i += 1
    return True


def inflects(stem: str, rest: str, *, verb: bool = False) -> bool:
    """Whether ``rest`` (folded to ASCII) is a chain of Turkish suffixes on ``stem``.

    Nouns take plural, possessive, case, "ki", copula and question endings and a few
    derivations (-lık, -lı, -sız, -cı, -ca); verb roots take voice, tense, mood, person and
    participles (which then inflect as nouns). Vowels must follow harmony, so ``sıkarım`` is
    not a form of ``sik-``.

    >>> [inflects("salak", r) for r in ("lar", "sin", "lik", "larin", "ke")]
    [True, True, True, True, False]
    >>> [inflects("sik", r, verb=True) for r in ("erim", "tir", "iyorum", "arim", "ke")]
    [True, True, True, False, False]
    >>> inflects("göt", "urmek"), inflects("orospu", "cocugu"), inflects("sik", "inti")
    (False, False, False)
    """
    if not rest:
        return True
    grammar = _VERB_RE if verb else _NOUN_RE
    if grammar.fullmatch(fold_ascii(stem[-1:]) + rest) is None:
        return False
    return _harmonious(stem, rest)
