"""Turkish collation: research vectors 21-24 and more."""

import random

import pytest

from manset.turkish import COLLATION_ORDER, sort_key

# Each row is in the expected order; the tests shuffle it first.
ORDERED = [
    "cam çay ılık Işık iğne İzmir ozan ördek su şu uzun üzüm zebra",  # 21
    # the 35-word check against PostgreSQL tr-x-icu, abridged
    "cam çay ğ h ılık ıslak ışık Işık iğne isim İzmir ozan ördek su şu uzun üzüm zebra",
    "2. yıl|10. yıl",  # 22
    "cam|Cam",  # 23: lowercase first, as ICU
    "alem|âlem|alet",  # 23: â right after its base letter
    "ılık|iğne",  # 24
    "ğ|h",  # 24
    "kar|kâr|kara",
    "hal|hâl|hala|hâlâ|halk",
    "pazar|qatar|rakam",  # q after p
    "vize|washington|xenon|yıl",  # w after v, x after w
    "9|10|100|a",  # digits before letters, numerically
    "yıl 2|yıl 2024",
    "#1|1 ab|ab",  # symbols, then digits, then letters
    "ab|ab c|ab-c|ab1|abc",  # space < punctuation < digit < letter
    "lodos|Łódź|lokma",
    "zurna|Zürich|Москва",  # other scripts after Latin
    "strasse|straße",
    "çay|Çay|çaydanlık",
    "oda|Oda|öda",
]


def _words(row):
    return row.split("|") if "|" in row else row.split()


@pytest.mark.parametrize("row", ORDERED)
def test_sort_key_puts_words_in_turkish_alphabetical_order(row):
    expected = _words(row)
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected


def test_the_research_word_list_sorts_as_postgresql_tr_icu_does():
    words = "zebra çay cam ılık iğne İzmir Işık ördek ozan şu su üzüm uzun".split()  # 21
    expected = "cam çay ılık Işık iğne İzmir ozan ördek su şu uzun üzüm zebra".split()
    assert sorted(words, key=sort_key) == expected
    assert sorted(words) != expected  # code-point order gets it wrong


@pytest.mark.parametrize("row", ORDERED)
def test_sorting_does_not_depend_on_the_input_order(row):
    words = _words(row)
    assert sorted(words, key=sort_key) == sorted(reversed(words), key=sort_key)


def test_every_letter_of_the_alphabet_sorts_in_alphabet_order_in_both_cases():
    letters = list(COLLATION_ORDER)
    assert sorted(reversed(letters), key=sort_key) == letters
    capitals = ["A", "B", "C", "Ç", "D", "E", "F", "G", "Ğ", "H", "I", "İ", "J", "K", "L", "M"]
    capitals += ["N", "O", "Ö", "P", "Q", "R", "S", "Ş", "T", "U", "Ü", "V", "W", "X", "Y", "Z"]
    assert sorted(reversed(capitals), key=sort_key) == capitals


def test_strings_equal_up_to_normalisation_still_get_distinct_keys():
    composed, decomposed = "çay", "c\u0327ay"
    assert sort_key(composed)[:3] == sort_key(decomposed)[:3]
    assert sort_key(composed) != sort_key(decomposed)


def test_sort_key_handles_mixed_and_empty_strings_without_type_errors():
    words = ["", " ", "5", "a", "Ä", "①", "²", "ﬁ", "北京", "\u0301", "a\u0301", "10 a", "x"]
    assert len(sorted(words, key=sort_key)) == len(words)
    assert sorted(words, key=sort_key)[0] == ""
