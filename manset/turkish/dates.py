"""Reader-facing dates in Turkish, in Istanbul time.

The reader's pages use two formats, the same everywhere:

- `format_long`, "7 Aralık 2026 Pazartesi 13:47": when an article was published
  (its day alone, `format_day`, heads the day's archive);
- `format_datetime`, "7 Aralık 2026 13:48": every other moment (updates, corrections,
  cards, search results, comments).

`format_short` ("07.12.2026 13:48") is for the admin's tables, where columns line up.
Naive datetimes are taken as Istanbul wall-clock time already; aware ones are converted.
"""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "ISTANBUL",
    "MONTHS",
    "WEEKDAYS",
    "format_date",
    "format_datetime",
    "format_day",
    "format_long",
    "format_relative",
    "format_short",
    "to_istanbul",
]

try:
    ISTANBUL = ZoneInfo("Europe/Istanbul")
except ZoneInfoNotFoundError:  # pragma: no cover - slim images without tzdata
    # Right since September 2016 (permanent UTC+3); older summer times come out an hour off.
    ISTANBUL = timezone(timedelta(hours=3), "+03")

MONTHS = (
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
)
# Monday first, like datetime.weekday().
WEEKDAYS = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")

# Across midnight, "1 saat önce" reads better than "dün 23:30" for this long.
HOURS_BEFORE_YESTERDAY = 6


def to_istanbul(dt: datetime) -> datetime:
    """The aware Istanbul-time equivalent of dt (naive means Istanbul already).

    >>> to_istanbul(datetime(2024, 6, 19, 7, 15, tzinfo=UTC)).strftime("%H:%M %z")
    '10:15 +0300'
    >>> to_istanbul(datetime(2024, 6, 19, 10, 15)).strftime("%H:%M %z")
    '10:15 +0300'
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=ISTANBUL)
    return dt.astimezone(ISTANBUL)


def _day_month(d: date) -> str:
    """Day and month name, the day not zero-padded.

    >>> _day_month(date(2024, 6, 9))
    '9 Haziran'
    """
    return f"{d.day} {MONTHS[d.month - 1]}"


def format_date(dt: date) -> str:
    """Day, month name and year; a plain date is used as it is.

    >>> format_date(datetime(2024, 6, 19, 10, 15))
    '19 Haziran 2024'
    >>> format_date(date(2024, 2, 1))
    '1 Şubat 2024'
    """
    if isinstance(dt, datetime):
        dt = to_istanbul(dt)
    return f"{_day_month(dt)} {dt.year}"


def format_day(dt: date) -> str:
    """Date and weekday, the heading of a day's news.

    >>> format_day(date(2026, 12, 7))
    '7 Aralık 2026 Pazartesi'
    """
    if isinstance(dt, datetime):
        dt = to_istanbul(dt)
    return f"{format_date(dt)} {WEEKDAYS[dt.weekday()]}"


def format_long(dt: datetime) -> str:
    """News-style long form: date, weekday, time; an article's publication.

    >>> format_long(datetime(2024, 6, 19, 10, 15))
    '19 Haziran 2024 Çarşamba 10:15'
    """
    local = to_istanbul(dt)
    return f"{format_day(local)} {local:%H:%M}"


def format_datetime(dt: datetime) -> str:
    """Date and time without the weekday; updates, cards, comments.

    >>> format_datetime(datetime(2026, 12, 7, 13, 48))
    '7 Aralık 2026 13:48'
    """
    local = to_istanbul(dt)
    return f"{format_date(local)} {local:%H:%M}"


def format_day_time(dt: datetime) -> str:
    """Day, month name and time, for a moment in the coming days (a schedule, an embargo).

    >>> format_day_time(datetime(2024, 12, 7, 14, 0))
    '7 Aralık 14:00'
    """
    local = to_istanbul(dt)
    return f"{_day_month(local)} {local:%H:%M}"


def format_short(dt: datetime) -> str:
    """Numeric form, zero-padded.

    >>> format_short(datetime(2024, 6, 9, 8, 5))
    '09.06.2024 08:05'
    """
    return f"{to_istanbul(dt):%d.%m.%Y %H:%M}"


def format_relative(dt: datetime, now: datetime | None = None) -> str:
    """How long ago, as a reader would say it; older items get a date.

    >>> now = datetime(2024, 6, 19, 10, 15)
    >>> format_relative(datetime(2024, 6, 19, 10, 14, 30), now)
    'az önce'
    >>> format_relative(datetime(2024, 6, 19, 7, 0), now)
    '3 saat önce'
    >>> format_relative(datetime(2024, 6, 18, 14, 5), now)
    'dün 14:05'
    >>> format_relative(datetime(2023, 12, 31, 14, 5), now)
    '31 Aralık 2023 14:05'
    """
    local = to_istanbul(dt)
    ref = to_istanbul(now if now is not None else datetime.now(UTC))
    # Subtract in UTC: two datetimes sharing a ZoneInfo subtract as wall-clock times.
    seconds = (ref.astimezone(UTC) - local.astimezone(UTC)).total_seconds()
    if abs(seconds) < 60:
        return "az önce"  # includes a little clock skew into the future
    if 0 < seconds < 3600:
        return f"{int(seconds // 60)} dakika önce"
    if 0 < seconds and (local.date() == ref.date() or seconds < HOURS_BEFORE_YESTERDAY * 3600):
        return f"{int(seconds // 3600)} saat önce"
    clock = f"{local:%H:%M}"
    if local.date() == ref.date() - timedelta(days=1):
        return f"dün {clock}"
    if local.year == ref.year:
        return f"{_day_month(local)} {clock}"
    return f"{format_date(local)} {clock}"
