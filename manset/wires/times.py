"""Times in wire files, read into timezone-aware datetimes and checked for sense."""

import email.utils
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from manset.wires.errors import WireFormatError

ISTANBUL = ZoneInfo("Europe/Istanbul")
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
FUTURE_LIMIT = timedelta(days=400)  # an embargo a year ahead is rare but real

_COMPACT = re.compile(
    r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$"
)
_TURKISH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_time(value: str | None, *, field: str, naive_zone=UTC) -> datetime | None:
    """ISO 8601, the compact NewsML 1.2 / NITF form, RFC 822 (RSS) or dd.MM.yyyy HH:mm:ss.

    Times without a zone are read in `naive_zone` (UTC unless the format says
    otherwise: İHA writes Istanbul time). Empty or "-" is None; anything else
    unreadable or absurd is a WireFormatError naming the field.
    """
    if value is None:
        return None
    value = value.strip()
    if not value or value == "-":
        return None
    moment = _read(value, naive_zone)
    if moment is None:
        raise WireFormatError(f"{field}: {value!r} is not a date and time")
    return check_plausible(moment, field=field, value=value)


def _read(value: str, naive_zone) -> datetime | None:
    moment = None
    if match := _COMPACT.match(value):
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        except ValueError:
            return None
        if zone:
            moment = datetime.fromisoformat(moment.isoformat() + _iso_zone(zone))
    elif match := _TURKISH.match(value):
        day, month, year, hour, minute, second = match.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
    else:
        try:
            moment = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            try:
                moment = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=naive_zone)
    return moment


def _iso_zone(zone: str) -> str:
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def check_plausible(moment: datetime, *, field: str, value: str = "") -> datetime:
    now = datetime.now(UTC)
    if moment < EARLIEST or moment > now + FUTURE_LIMIT:
        shown = value or moment.isoformat()
        raise WireFormatError(
            f"{field}: {shown!r} is not a plausible time for agency copy "
            f"(accepted: {EARLIEST.year} to {FUTURE_LIMIT.days} days from now)"
        )
    return moment
