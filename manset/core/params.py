"""Values from a URL (path or query string) made safe to hand to the database.

A reader controls every character of a URL. An integer past 64 bits overflows
SQLite's INTEGER (and Python's own int() stops at 4,300 digits); PostgreSQL
refuses text holding NUL; a date at either end of the calendar overflows as soon
as a day is added or a time zone applied. Views take reader input through these
functions, which give None (or "") for such a value: a malformed parameter is
ignored or answers 404, never a 500.
"""

import re
from datetime import date

# The largest id a database column holds (bigint on PostgreSQL, INTEGER on SQLite).
MAX_ID = 2**63 - 1
# A reader's date stays a year away from the calendar's ends (1-01-01, 9999-12-31),
# so the day before or after it, and any time zone, still exist.
MIN_YEAR = 2
MAX_YEAR = 9998
MAX_TEXT = 200

_DIGITS = re.compile(r"[0-9]{1,19}")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# C0 and C1 control characters, NUL among them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def integer(value: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The value as an int when it is ASCII digits within the bounds, else None.

    Other digits (١٢, ２), signs, spaces and exponents are refused: int() reads
    some of them, but no URL this site makes contains them.

    >>> integer("42"), integer("0"), integer("99999999999999999999"), integer("١٢")
    (42, None, None, None)
    """
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def text(value: str, *, max_length: int = MAX_TEXT) -> str:
    """The value cut to max_length and stripped; "" when it holds a control character.

    >>> text("  dunya "), text("dunya\\x00"), text("x" * 300)[-3:], len(text("x" * 300))
    ('dunya', '', 'xxx', 200)
    """
    value = value[:max_length].strip()
    return "" if _CONTROL.search(value) else value


def calendar_date(year: int, month: int, day: int) -> date | None:
    """The date, when it exists and its year is MIN_YEAR..MAX_YEAR, else None.

    >>> calendar_date(2024, 2, 29), calendar_date(2023, 2, 29), calendar_date(9999, 12, 31)
    (datetime.date(2024, 2, 29), None, None)
    """
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 30 February and the like
        return None


def iso_date(value: str) -> date | None:
    """A YYYY-MM-DD date in ASCII digits, within calendar_date's years, else None.

    >>> iso_date("2024-06-19"), iso_date("0000-00-00"), iso_date("2024-6-19")
    (datetime.date(2024, 6, 19), None, None)
    """
    match = _ISO_DAY.fullmatch(value)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return calendar_date(year, month, day)
