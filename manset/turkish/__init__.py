"""Turkish text for Manşet: casing, slugs, collation, dates and search analysis.

Pure Python with no Django imports, so every part can be tested and reused on its own.

>>> from manset import turkish
>>> turkish.upper("istanbul"), turkish.slugify("Kuzey Kore’de"), turkish.analyze("Kore’de")
('İSTANBUL', 'kuzey-korede', ['kore'])
"""

from manset.turkish.analysis import (
    APOSTROPHES,
    alternatives,
    analyze,
    capitalized_tokens,
    exact_terms,
    fold,
    fold_ascii,
    normalize_apostrophes,
    query_terms,
    stem,
    tokenize,
)
from manset.turkish.casing import (
    ascii_lower,
    casefold,
    fold_address,
    lower,
    title,
    upper,
)
from manset.turkish.collation import ALPHABET, COLLATION_ORDER, sort_key
from manset.turkish.dates import (
    ISTANBUL,
    MONTHS,
    WEEKDAYS,
    format_date,
    format_datetime,
    format_day,
    format_day_time,
    format_long,
    format_relative,
    format_short,
    to_istanbul,
)
from manset.turkish.evasion import (
    EvasionToken,
    evasion_fold,
    evasion_normalize,
    evasion_tokens,
    letters_agree,
    squeeze_doubles,
)
from manset.turkish.provinces import PROVINCES, province_of
from manset.turkish.slugs import DEFAULT_MAX_LENGTH, slugify
from manset.turkish.stopwords import STOP_WORDS
from manset.turkish.suffixes import inflects
from manset.turkish.typography import typographic_apostrophes

__all__ = [
    "ascii_lower",
    "ALPHABET",
    "APOSTROPHES",
    "COLLATION_ORDER",
    "DEFAULT_MAX_LENGTH",
    "EvasionToken",
    "ISTANBUL",
    "MONTHS",
    "PROVINCES",
    "STOP_WORDS",
    "WEEKDAYS",
    "alternatives",
    "analyze",
    "capitalized_tokens",
    "casefold",
    "evasion_fold",
    "evasion_normalize",
    "evasion_tokens",
    "exact_terms",
    "fold",
    "fold_address",
    "province_of",
    "fold_ascii",
    "format_date",
    "format_datetime",
    "format_day",
    "format_day_time",
    "format_long",
    "format_relative",
    "format_short",
    "inflects",
    "letters_agree",
    "lower",
    "normalize_apostrophes",
    "query_terms",
    "slugify",
    "sort_key",
    "squeeze_doubles",
    "stem",
    "title",
    "to_istanbul",
    "tokenize",
    "typographic_apostrophes",
    "upper",
]
