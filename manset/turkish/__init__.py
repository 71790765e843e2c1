"""Turkish text for Manşet: casing, slugs, collation, dates and search analysis.

Pure Python with no Django imports, so every part can be tested and reused on its own.

>>> from manset import turkish
>>> turkish.upper("istanbul"), turkish.slugify("Kuzey Kore’de"), turkish.analyze("Kore’de")
('İSTANBUL', 'kuzey-korede', ['kore'])
"""

from manset.turkish.analysis import (
    APOSTROPHES,
    analyze,
    exact_terms,
    fold_ascii,
    normalize_apostrophes,
    query_terms,
    stem,
    tokenize,
)
from manset.turkish.casing import casefold, lower, title, upper
from manset.turkish.collation import ALPHABET, COLLATION_ORDER, sort_key
from manset.turkish.dates import (
    ISTANBUL,
    MONTHS,
    WEEKDAYS,
    format_date,
    format_long,
    format_relative,
    format_short,
    to_istanbul,
)
from manset.turkish.slugs import DEFAULT_MAX_LENGTH, slugify

__all__ = [
    "ALPHABET",
    "APOSTROPHES",
    "COLLATION_ORDER",
    "DEFAULT_MAX_LENGTH",
    "ISTANBUL",
    "MONTHS",
    "WEEKDAYS",
    "analyze",
    "casefold",
    "exact_terms",
    "fold_ascii",
    "format_date",
    "format_long",
    "format_relative",
    "format_short",
    "lower",
    "normalize_apostrophes",
    "query_terms",
    "slugify",
    "sort_key",
    "stem",
    "title",
    "to_istanbul",
    "tokenize",
    "upper",
]
