"""Provinces in agency datelines."""

from manset.turkish import PROVINCES, province_of


def test_there_are_81_provinces_each_found_by_its_own_name():
    assert len(PROVINCES) == len(set(PROVINCES)) == 81
    assert all(province_of(name) == name for name in PROVINCES)


def test_a_dateline_in_capitals_or_without_turkish_letters_finds_its_province():
    assert province_of("ŞIRNAK (İHA) -") == "Şırnak"
    assert province_of("igdir") == "Iğdır"
    assert province_of("Muğla, Bodrum") == "Muğla"


def test_a_foreign_city_or_a_district_alone_is_no_province():
    assert province_of("Brüksel") == province_of("Pütürge") == ""
