"""Turkish casing: research vectors 1-12 and more."""

import pytest

from manset.turkish import casefold, lower, title, upper

UPPER = [
    ("istanbul", "İSTANBUL"),  # 1
    ("ılık", "ILIK"),  # 2
    (  # 3
        "kim: rusya ile stratejik iletişimi güçlendirme niyetindeyiz",
        "KİM: RUSYA İLE STRATEJİK İLETİŞİMİ GÜÇLENDİRME NİYETİNDEYİZ",
    ),
    ("straße", "STRASSE"),  # 10
    ("iPhone", "İPHONE"),  # 11
    ("ığdır'da işçi", "IĞDIR'DA İŞÇİ"),
    ("çğöşü âîû", "ÇĞÖŞÜ ÂÎÛ"),
    ("putin, kuzey kore'ye gidiyor", "PUTİN, KUZEY KORE'YE GİDİYOR"),  # ntv printed PUTIN
    ("i\u0307stanbul", "İSTANBUL"),
    ("москва", "МОСКВА"),
    ("", ""),
]

LOWER = [
    ("İSTANBUL", "istanbul"),  # 4
    ("IĞDIR", "ığdır"),  # 5
    ("DİYARBAKIR IŞIK", "diyarbakır ışık"),  # 6
    ("I\u0307STANBUL", "istanbul"),  # 7: decomposed İ
    ("ÇĞÖŞÜ ÂÎÛ", "çğöşü âîû"),
    ("KİM: RUSYA", "kim: rusya"),
    ("ΑΘΗΝΑ", "αθηνα"),
    ("i\u0307stanbul", "istanbul"),  # what str.lower() makes of İstanbul
]

TITLE = [
    ("kuzey kore'de", "Kuzey Kore'de"),  # 8
    ("kuzey kore’de", "Kuzey Kore’de"),  # 8, typographic apostrophe
    ("İZMİR ılıca", "İzmir Ilıca"),  # 9
    ("istanbul'da ılık ışık iğdır", "İstanbul'da Ilık Işık İğdır"),
    ("DİYARBAKIR", "Diyarbakır"),
    ("2. yıl", "2. Yıl"),
    ("gümüşhane-bayburt yolu", "Gümüşhane-Bayburt Yolu"),
    ("“hayır” dedi", "“Hayır” Dedi"),
    ("1990'larda", "1990'larda"),
]


@pytest.mark.parametrize(("text", "expected"), UPPER)
def test_upper_maps_i_to_dotted_capital_and_dotless_to_plain_capital(text, expected):
    assert upper(text) == expected


@pytest.mark.parametrize(("text", "expected"), LOWER)
def test_lower_maps_dotted_capital_to_i_and_plain_capital_to_dotless(text, expected):
    assert lower(text) == expected
    assert "\u0307" not in lower(text)


def test_lower_of_istanbul_has_eight_code_points():
    assert len(lower("İSTANBUL")) == 8  # 4


@pytest.mark.parametrize(("text", "expected"), TITLE)
def test_title_capitalises_words_but_not_suffixes_after_an_apostrophe(text, expected):
    assert title(text) == expected


@pytest.mark.parametrize("text", ["ığdır istanbul", "şişli'de iğneada", "çay ılık"])
def test_lower_of_upper_round_trips_turkish_text(text):
    assert lower(upper(text)) == text  # 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IĞDIR", "ığdır"), ("İstanbul", "istanbul"), ("Straße", "strasse"), ("I\u0307ZMİR", "izmir")],
)
def test_casefold_is_turkish_lower_then_unicode_casefold(text, expected):
    assert casefold(text) == expected
    assert "\u0307" not in casefold(text)


def test_casefold_makes_capital_and_small_turkish_spellings_equal():
    assert casefold("İSTANBUL IŞIK") == casefold("istanbul ışık")
    assert casefold("ILIK") != casefold("ilik")
