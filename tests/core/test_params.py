"""Values from URLs become safe values, or nothing: never a number, text or date the database
or the calendar cannot take."""

import doctest
from datetime import date

import pytest

from manset.core import params


def test_the_docstring_examples_pass():
    result = doctest.testmod(params)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("007", 7),
        (str(params.MAX_ID), params.MAX_ID),
        (str(params.MAX_ID + 1), None),  # one past bigint
        ("99999999999999999999", None),
        ("9" * 5000, None),  # int() itself refuses this many digits
        ("0", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1e3", None),
        ("١٢", None),  # Arabic-Indic digits
        ("１", None),  # fullwidth
        ("²", None),
        ("", None),
        ("1\x00", None),
    ],
)
def test_an_integer_is_plain_digits_within_64_bits(value, expected):
    assert params.integer(value) == expected


def test_integer_bounds_can_be_narrowed():
    assert params.integer("0", minimum=0) == 0
    assert params.integer("101", maximum=100) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  kuzey-kore ", "kuzey-kore"),
        ("İstanbul", "İstanbul"),
        ("\x00", ""),
        ("dunya\x00", ""),
        ("a\x1bb", ""),
        ("a\x85b", ""),  # C1 next line
        ("a\tb", ""),
        ("", ""),
    ],
)
def test_text_with_a_control_character_counts_as_not_given(value, expected):
    assert params.text(value) == expected


def test_text_is_cut_to_its_length_before_it_is_judged():
    assert params.text("x" * 10 + "\x00", max_length=10) == "x" * 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-19", date(2024, 6, 19)),
        ("0002-01-01", date(2, 1, 1)),
        ("9998-12-31", date(9998, 12, 31)),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("0000-00-00", None),
        ("2023-02-29", None),
        ("2024-13-01", None),
        ("２０２４-０１-０１", None),
        ("2024-06-19T10:00", None),
        ("20240619", None),
        ("", None),
    ],
)
def test_an_iso_date_is_a_real_day_away_from_the_calendars_ends(value, expected):
    assert params.iso_date(value) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((2024, 6, 19), date(2024, 6, 19)),
        ((99999999999, 1, 1), None),
        ((2024, 99999999999999999999, 1), None),
        ((1, 1, 1), None),
        ((9999, 12, 31), None),
        ((2024, 2, 30), None),
        ((2024, 0, 1), None),
    ],
)
def test_a_calendar_date_from_path_numbers(parts, expected):
    assert params.calendar_date(*parts) == expected
