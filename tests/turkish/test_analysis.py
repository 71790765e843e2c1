"""Search analysis: research vectors 25-34 and more."""

import re
import threading

import pytest

from manset.turkish import (
    analyze,
    exact_terms,
    fold_ascii,
    normalize_apostrophes,
    query_terms,
    stem,
    tokenize,
)


def matches(query: str, document: str) -> bool:
    """Every query token shares at least one alternative with the document's terms."""
    terms = set(analyze(document))
    alternatives = query_terms(query)
    return bool(alternatives) and all(terms & set(alts) for alts in alternatives)


FINDS = [
    ("gorusme", "görüşmelerde"),  # 25
    ("görüşme", "Görüşmelerde"),
    ("ulke", "ülkelerinin"),  # 26
    ("iliski", "ilişkilerinin"),  # 26
    ("kuzey kore", "Kuzey Kore’de"),  # 27
    ("Pyongyang", "Pyongyang’da"),  # 28
    ("füze", "füzeleri"),  # 29
    ("fuze", "füzeleri"),  # 29
    ("IŞIK", "IŞIK gösterisi"),  # 30
    ("ışık", "IŞIK gösterisi"),  # 30
    ("isik", "IŞIK gösterisi"),  # 30
    ("IŞIK", "ışık"),  # 30
    ("isik", "ışık"),  # 30
    ("Kim Jong Un", "Kim Jong Un füze denemesi yaptı"),  # 31
    ("kim", "Kim"),  # 31
    ("kim", "KİM: RUSYA İLE STRATEJİK İLETİŞİMİ GÜÇLENDİRME NİYETİNDEYİZ"),  # 31
    ("Rusya'nın", "Rusya"),  # 32
    ("Rusya’nın", "Rusya"),  # 32
    ("İSTANBUL'DA", "istanbul"),  # 34
    ("istanbul", "İSTANBUL'DA"),  # 34
    ("desteğinizi", "destek"),
    ("destek", "desteğinizi"),
    ("gorusmelerde", "görüşmeler"),
    ("Iğdır", "IĞDIR'da"),
    ("5000", "5.000 kişi"),
    ("hayır", "“hayır”ı"),
    ("seçim", "seçimlerde"),
]

MISSES = [
    ("IĞDIR", "iki"),  # 33: over-stemming guard
    ("ılık", "iki"),
    ("putin", "put"),
    ("kuzey kore", "Kuzey Irak"),
]


@pytest.mark.parametrize(("query", "document"), FINDS)
def test_query_finds_the_inflected_or_differently_spelled_document(query, document):
    assert matches(query, document)


@pytest.mark.parametrize(("query", "document"), MISSES)
def test_query_does_not_find_an_unrelated_document(query, document):
    assert not matches(query, document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kore’de", ["kore"]),  # 32
        ("Kore'de", ["kore"]),  # 32
        ("İSTANBUL'DA", ["istanbul"]),  # 34
        ("Görüşmelerde", ["gorusme", "gorusmelerde"]),
        ("füze füzeleri", ["fuze", "fuze", "fuzeleri"]),
        ("Pyongyang’da", ["pyongyangi", "pyongyang"]),
        ("IĞDIR", ["igdir"]),
        ("", []),
        ("— “…” —", []),
    ],
)
def test_analyze_emits_the_folded_stem_and_the_folded_exact_form(text, expected):
    assert analyze(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "İSTANBUL'DA IŞIK gösterisi",  # 34
        "24 yıl sonra ilk: Rusya Devlet Başkanı Putin, Kuzey Kore’de",
        "Âşık Veysel, Café Müller, Łódź, Straße, Путин, 北京, ﬁnal, Ⅻ, i\u0307",
    ],
)
def test_every_index_term_is_lowercase_ascii_letters_and_digits(text):
    terms = analyze(text)
    assert terms
    assert all(re.fullmatch(r"[a-z0-9]+", t) for t in terms), terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kuzey Kore’de", ["kuzey", "kore"]),
        ("Rusya'nın Rusya’yı", ["rusya", "rusya"]),
        ("IĞDIR DİYARBAKIR", ["ığdır", "diyarbakır"]),
        ("I\u0307STANBUL", ["istanbul"]),
        ("F-16 ve 5.000 asker", ["f", "16", "ve", "5000", "asker"]),
        ("yüzde 3,5", ["yüzde", "3", "5"]),
        ("snake_case", ["snake", "case"]),
        ("'90'lar", ["90"]),
    ],
)
def test_tokenize_lowercases_the_turkish_way_and_cuts_at_the_apostrophe(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("çğıöşü âîû", "cgiosu aiu"),
        ("ÇĞIİÖŞÜ ÂÎÛ", "CGIIOSU AIU"),
        ("Café Ñandú", "Cafe Nandu"),
        ("Łódź Søren Straße", "Lodz Soren Strasse"),
        ("Путин", "Путин"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold_ascii_removes_turkish_and_other_diacritics(text, expected):
    assert fold_ascii(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kore’de", "Kore'de"),
        ("Kore‘de Koreʼde Kore´de Kore`de Kore＇de Kore′de", " ".join(["Kore'de"] * 6)),
    ],
)
def test_normalize_apostrophes_maps_look_alikes_to_the_ascii_apostrophe(text, expected):
    assert normalize_apostrophes(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("görüşmelerde", "görüşme"),
        ("ülkelerinin", "ülke"),
        ("ilişkilerinin", "ilişki"),
        ("desteğinizi", "destek"),
        ("füzeleri", "füze"),
        ("füze", "füze"),  # 4 letters: not stemmed (Snowball gives füz)
        ("ığdır", "ığdır"),  # stem ık is shorter than 4
        ("putin", "putin"),  # stem put is shorter than 4
        ("kim", "kim"),
        ("f16", "f16"),
    ],
)
def test_stem_applies_snowball_only_where_the_length_guard_allows(token, expected):
    assert stem(token) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("görüşmeler Kore’de", [("gorusme", "gorusmeler"), ("kore",)]),
        ("IŞIK", [("isik",)]),
        ("Путин kim", [("kim",)]),
        ("", []),
    ],
)
def test_query_terms_gives_one_tuple_of_alternatives_per_token(query, expected):
    assert query_terms(query) == expected


def test_exact_terms_keep_the_turkish_letters_for_ranking():
    assert exact_terms("IŞIK gösterisi Kore’de") == ["ışık", "gösterisi", "kore"]


def test_stemming_from_many_threads_gives_the_same_results():
    words = ["görüşmelerde", "ülkelerinin", "desteğinizi", "füzeleri", "seçimlerde"] * 200
    expected = [stem(w) for w in words]
    results = []

    def work():
        results.append([stem(w) for w in words])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8
