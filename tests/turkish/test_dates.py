"""Reader-facing dates in Istanbul time."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from manset.turkish import (
    MONTHS,
    WEEKDAYS,
    format_date,
    format_datetime,
    format_day,
    format_long,
    format_relative,
    format_short,
)

NOW = datetime(2024, 6, 19, 10, 15)  # a Wednesday, Istanbul wall-clock time


def test_month_and_weekday_names_are_turkish_and_complete():
    assert MONTHS[0] == "Ocak" and MONTHS[5] == "Haziran" and MONTHS[11] == "Aralık"
    assert len(MONTHS) == 12
    assert WEEKDAYS == ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")


@pytest.mark.parametrize(
    ("dt", "long", "short", "day"),
    [
        (NOW, "19 Haziran 2024 Çarşamba 10:15", "19.06.2024 10:15", "19 Haziran 2024"),
        (
            datetime(2024, 6, 9, 8, 5),
            "9 Haziran 2024 Pazar 08:05",
            "09.06.2024 08:05",
            "9 Haziran 2024",
        ),
        (  # aware UTC is converted: 07:15 UTC is 10:15 in Istanbul
            datetime(2024, 6, 19, 7, 15, tzinfo=UTC),
            "19 Haziran 2024 Çarşamba 10:15",
            "19.06.2024 10:15",
            "19 Haziran 2024",
        ),
        (  # late UTC evening is already the next day in Istanbul
            datetime(2024, 12, 31, 22, 30, tzinfo=UTC),
            "1 Ocak 2025 Çarşamba 01:30",
            "01.01.2025 01:30",
            "1 Ocak 2025",
        ),
        (
            datetime(2024, 2, 29, 23, 59, tzinfo=timezone(timedelta(hours=3))),
            "29 Şubat 2024 Perşembe 23:59",
            "29.02.2024 23:59",
            "29 Şubat 2024",
        ),
        (  # 2015 still had summer time (UTC+3); winter was UTC+2
            datetime(2015, 1, 10, 12, 0, tzinfo=UTC),
            "10 Ocak 2015 Cumartesi 14:00",
            "10.01.2015 14:00",
            "10 Ocak 2015",
        ),
    ],
)
def test_absolute_formats_show_istanbul_local_time(dt, long, short, day):
    assert format_long(dt) == long
    assert format_short(dt) == short
    assert format_date(dt) == day


@pytest.mark.parametrize(
    ("dt", "published", "moment", "day"),
    [
        (
            datetime(2026, 12, 7, 13, 47),
            "7 Aralık 2026 Pazartesi 13:47",
            "7 Aralık 2026 13:47",
            "7 Aralık 2026 Pazartesi",
        ),
        (  # 21:05 UTC on Sunday is already Monday in Istanbul
            datetime(2026, 12, 6, 21, 5, tzinfo=UTC),
            "7 Aralık 2026 Pazartesi 00:05",
            "7 Aralık 2026 00:05",
            "7 Aralık 2026 Pazartesi",
        ),
    ],
)
def test_the_two_reader_formats_share_one_order_of_day_month_year_time(dt, published, moment, day):
    """Publication with the weekday; every other moment without it; a day's heading."""
    assert format_long(dt) == published
    assert format_datetime(dt) == moment
    assert format_day(dt) == day


def test_a_day_heading_accepts_a_plain_date():
    assert format_day(date(2026, 12, 8)) == "8 Aralık 2026 Salı"


def test_format_date_accepts_a_plain_date():
    assert format_date(date(2024, 8, 30)) == "30 Ağustos 2024"


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (NOW, "az önce"),
        (NOW - timedelta(seconds=59), "az önce"),
        (NOW + timedelta(seconds=30), "az önce"),  # clock skew
        (NOW - timedelta(seconds=60), "1 dakika önce"),
        (NOW - timedelta(minutes=3, seconds=20), "3 dakika önce"),
        (NOW - timedelta(minutes=59, seconds=59), "59 dakika önce"),
        (NOW - timedelta(hours=1), "1 saat önce"),
        (NOW - timedelta(hours=2, minutes=40), "2 saat önce"),
        (datetime(2024, 6, 19, 0, 5), "10 saat önce"),  # same calendar day
        (datetime(2024, 6, 18, 14, 5), "dün 14:05"),
        (datetime(2024, 6, 18, 0, 0), "dün 00:00"),
        (datetime(2024, 6, 17, 14, 5), "17 Haziran 14:05"),
        (datetime(2024, 1, 2, 9, 0), "2 Ocak 09:00"),
        (datetime(2023, 12, 31, 23, 59), "31 Aralık 2023 23:59"),
        (NOW + timedelta(days=1), "20 Haziran 10:15"),  # far future: shown as a date
        (datetime(2024, 6, 19, 7, 0, tzinfo=UTC), "15 dakika önce"),  # 10:00 Istanbul
    ],
)
def test_relative_time_reads_like_a_turkish_news_site(dt, expected):
    assert format_relative(dt, NOW) == expected


@pytest.mark.parametrize(
    ("dt", "now", "expected"),
    [
        (datetime(2024, 6, 18, 23, 30), datetime(2024, 6, 19, 0, 45), "1 saat önce"),
        (datetime(2024, 6, 18, 20, 0), datetime(2024, 6, 19, 1, 30), "5 saat önce"),
        (datetime(2024, 6, 18, 20, 0), datetime(2024, 6, 19, 9, 0), "dün 20:00"),
        (datetime(2023, 12, 31, 23, 0), datetime(2024, 1, 1, 9, 0), "dün 23:00"),
        (datetime(2023, 12, 30, 23, 0), datetime(2024, 1, 1, 9, 0), "30 Aralık 2023 23:00"),
    ],
)
def test_relative_time_across_midnight_prefers_hours_then_yesterday(dt, now, expected):
    assert format_relative(dt, now) == expected


def test_relative_time_compares_aware_and_naive_datetimes_in_istanbul_time():
    published = datetime(2024, 6, 19, 6, 0, tzinfo=UTC)  # 09:00 in Istanbul
    assert format_relative(published, NOW) == "1 saat önce"
    assert format_relative(NOW, datetime(2024, 6, 19, 7, 20, tzinfo=UTC)) == "5 dakika önce"


def test_relative_time_defaults_to_the_current_time():
    assert format_relative(datetime.now(UTC)) == "az önce"
