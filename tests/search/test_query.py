"""The reader's query: parsing, and the compiled strings run in real SQLite FTS5 and PostgreSQL.

PostgreSQL runs when TEST_DATABASE_URL (or a postgres DATABASE_URL) is set; only TEMP tables.
"""

import doctest
import os
import re
import sqlite3
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manset.search import query as query_module
from manset.search.query import (
    MAX_QUERY_CHARS,
    MAX_WORDS,
    Query,
    Word,
    fts5_match,
    parse,
    pg_phrase_tsqueries,
    pg_tsquery,
)
from manset.turkish import analyze, tokenize
from manset.turkish.analysis import _term

TERM = re.compile(r"[a-z0-9]+")

# id: (headline, lead, body, meta)
DOCUMENTS = {
    1: (
        "24 yıl sonra ilk: Putin, Kuzey Kore’de",
        "Rusya Devlet Başkanı Putin, Pyongyang'a vardı.",
        "Kim Jong Un ile görüşmelerde bulundu.",
        "Kuzey Kore, Vladimir Putin",
    ),
    2: (
        "Kuzey Kore yeni füzeleri denedi",
        "Pyongyang yönetimi denemeyi duyurdu.",
        "Kim Jong Un atışları izledi.",
        "Kuzey Kore",
    ),
    3: (
        "İSTANBUL'DA play-off heyecanı",
        "Beylikdüzü-Esenyurt hattında yoğun trafik.",
        "Stadyumda IŞIK gösterisi yapıldı.",
        "Spor",
    ),
    4: (
        "Güney Kore ile kuzey sınırında gerginlik",
        "Seul alarmda.",
        "Kim Yo Jong açıklama yaptı.",
        "Güney Kore",
    ),
    5: (
        "Öğrenciler sınavda not aldı",
        "Okullarda karne günü.",
        "Görüşme saatleri açıklandı.",
        "Eğitim",
    ),
}


def _exact(*fields: str) -> str:
    return " ".join(term for token in tokenize(" ".join(fields)) if (term := _term(token)))


def _accent(*fields: str) -> str:
    return " ".join(token for token in tokenize(" ".join(fields)) if not token.isascii())


def _row(fields: tuple[str, ...]) -> tuple[str, ...]:
    return (*(" ".join(analyze(field)) for field in fields), _exact(*fields), _accent(*fields))


@pytest.fixture(scope="module")
def fts5():
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "headline, lead, body, meta, exact, accent, tokenize='ascii')"
    )
    for rowid, fields in DOCUMENTS.items():
        connection.execute(
            "INSERT INTO docs(rowid, headline, lead, body, meta, exact, accent)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rowid, *_row(fields)),
        )
    yield connection
    connection.close()


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(scope="module")
def postgres():
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TEMP TABLE docs (id int PRIMARY KEY, vector tsvector, exact_vector tsvector)"
        )
        for rowid, fields in DOCUMENTS.items():
            headline, lead, body, meta, exact, _ = _row(fields)
            connection.execute(
                "INSERT INTO docs VALUES (%s,"
                " setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B')"
                " || setweight(to_tsvector('simple', %s), 'C')"
                " || setweight(to_tsvector('simple', %s), 'D'),"
                " to_tsvector('simple', %s))",
                (rowid, headline, lead, meta, body, exact),
            )
        yield connection


def fts5_ids(connection, query: Query, **options) -> set[int]:
    expression = fts5_match(query, **options)
    if expression is None:
        return set()
    rows = connection.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))
    return {rowid for (rowid,) in rows}


def pg_ids(connection, query: Query, **options) -> set[int]:
    tsquery = pg_tsquery(query, **options)
    if tsquery is None:
        return set()
    phrases = pg_phrase_tsqueries(query)
    sql = "SELECT id FROM docs WHERE vector @@ to_tsquery('simple', %s)"
    sql += " AND exact_vector @@ to_tsquery('simple', %s)" * len(phrases)
    return {rowid for (rowid,) in connection.execute(sql, (tsquery, *phrases))}


@pytest.fixture(params=["fts5", "postgresql"])
def search(request):
    """Runs a reader's query text in one engine and gives the matching document ids."""
    if request.param == "fts5":
        connection, ids = request.getfixturevalue("fts5"), fts5_ids
    else:
        connection, ids = request.getfixturevalue("postgres"), pg_ids
    return lambda text, **options: ids(connection, parse(text), **options)


def terms_of(query: Query) -> list[str]:
    words = [*query.words, *query.excluded]
    words += [word for phrase in (*query.phrases, *query.excluded_phrases) for word in phrase]
    return [term for word in words for term in word.alternatives]


# Parsing


def test_the_module_docstring_examples_pass():
    result = doctest.testmod(query_module)
    assert result.attempted > 0
    assert result.failed == 0


def test_an_inflected_word_keeps_its_typed_form_and_matches_through_stem_and_exact_form():
    (word,) = parse("Görüşmelerde").words
    assert word == Word("görüşmelerde", ("gorusme", "gorusmelerde"), "görüşmelerde")


def test_an_ascii_typed_word_has_the_same_terms_as_its_turkish_spelling_but_no_accent():
    (ascii_word,) = parse("gorusme").words
    (turkish_word,) = parse("görüşme").words
    assert ascii_word.alternatives == turkish_word.alternatives == ("gorusme",)
    assert ascii_word.accented is None
    assert turkish_word.accented == "görüşme"


def test_a_suffix_after_an_apostrophe_is_cut_whatever_the_apostrophe():
    assert parse("Kore’de").words == parse("Kore'de").words == parse("kore").words


def test_capital_dotted_i_lowercases_the_turkish_way():
    (word,) = parse("İSTANBUL").words
    assert (word.text, word.alternatives, word.accented) == ("istanbul", ("istanbul",), None)


def test_capital_dotless_i_keeps_its_accent_for_ranking():
    (word,) = parse("IŞIK").words
    assert (word.text, word.alternatives, word.accented) == ("ışık", ("isik",), "ışık")


def test_a_words_last_alternative_is_its_folded_exact_form():
    for word in parse("Görüşmelerde füzeleri ışık Kore’de desteğinizi 5.000").words:
        assert word.exact == word.alternatives[-1] == _term(word.text)


def test_a_quoted_group_of_words_is_a_phrase():
    query = parse('kuzey "Kim Jong" Un')
    assert [w.text for w in query.words] == ["kuzey", "un"]
    assert [[w.text for w in phrase] for phrase in query.phrases] == [["kim", "jong"]]


@pytest.mark.parametrize("text", ["“kim jong”", "„kim jong“", "«kim jong»", "»kim jong«"])
def test_typographic_quotes_delimit_phrases_too(text):
    assert parse(text).describe() == '"kim jong"'


def test_a_quoted_single_word_is_a_plain_word():
    assert parse('"füze"') == parse("füze")


def test_an_unclosed_quote_runs_to_the_end_of_the_query():
    assert parse('füze "kim jong un').describe() == 'füze "kim jong un"'


def test_a_suffix_written_after_the_closing_quote_is_cut():
    assert parse("“hayır”ı dedi").describe() == "hayır dedi"
    assert parse('"kim jong"un füzesi').describe() == 'füzesi "kim jong"'


def test_a_quote_between_letters_stands_for_the_apostrophe():
    assert parse('Kore"de').describe() == "kore"


def test_a_leading_dash_excludes_a_word():
    query = parse("kore -füze")
    assert [w.text for w in query.words] == ["kore"]
    assert [w.text for w in query.excluded] == ["füze"]


@pytest.mark.parametrize("dash", ["-", "\u2212", "\u2013"])
def test_minus_sign_and_en_dash_exclude_like_the_hyphen(dash):
    assert parse(f"kore {dash}füze").describe() == "kore -füze"


def test_a_leading_dash_before_quotes_excludes_the_phrase_as_a_phrase():
    query = parse('kore -"kim jong"')
    assert query.excluded == ()
    assert query.describe() == 'kore -"kim jong"'


def test_a_hyphen_inside_words_splits_them():
    assert parse("Beylikdüzü-Esenyurt play-off").describe() == "beylikdüzü esenyurt play off"


def test_an_excluded_hyphenated_word_excludes_it_as_a_phrase():
    assert parse("maç -play-off").describe() == 'maç -"play off"'


def test_a_dash_standing_alone_is_ignored():
    assert parse("kore - füze").describe() == "kore füze"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("kore OR rusya", "kore or rusya"),
        ("kore AND (füze)", "kore and füze"),
        ("NEAR(kim jong, 2)", "near kim jong 2"),
        ("NOT füze*", "not füze"),
        ("^haber +son", "haber son"),
        ("headline:istanbul", "headline istanbul"),
        ("{headline lead}: kore", "headline lead kore"),
    ],
)
def test_engine_operators_are_plain_words_or_vanish(text, described):
    query = parse(text)
    assert query.describe() == described
    assert not (query.phrases or query.excluded or query.excluded_phrases)


@pytest.mark.parametrize("text", ["", "   ", "?!.,;:*^()[]{}", "-", '""', "“ ”", "- -- ---"])
def test_punctuation_alone_is_an_empty_query(text):
    query = parse(text)
    assert query.empty and query == Query()
    assert fts5_match(query) is None and pg_tsquery(query) is None
    assert pg_phrase_tsqueries(query) == []


def test_an_excluded_only_query_is_empty():
    query = parse('-füze -"kim jong"')
    assert query.empty
    assert fts5_match(query) is None and pg_tsquery(query) is None


def test_emoji_and_symbols_are_ignored():
    assert parse("🚀 füze 🇹🇷 ★ © → 👨‍👩‍👧 kore").describe() == "füze kore"


def test_words_the_analysis_has_no_term_for_are_dropped():
    assert parse("путин Putin 北京 ٣").describe() == "putin"
    assert parse('"kim путин jong"').describe() == '"kim jong"'


def test_nul_and_control_characters_are_dropped_and_line_breaks_separate():
    assert parse("gö\x00rüşme\x07\tkore\nfüze\r\n").describe() == "görüşme kore füze"


def test_format_characters_and_lone_surrogates_are_dropped():
    assert parse("gö\u00adrüşme \u200fkore\u200d \ud800füze").describe() == "görüşme kore füze"


def test_text_is_normalised_to_nfc():
    assert parse("go\u0308ru\u0308s\u0327me") == parse("görüşme")


def test_repeated_words_and_phrases_collapse():
    query = parse('kore Kore KORE’de "kim jong" “Kim Jong” -füze -füze')
    assert query.describe() == 'kore "kim jong" -füze'


def test_words_beyond_the_limit_are_ignored_counting_phrase_words():
    words = [f"kelime{n}" for n in range(20)]
    query = parse(" ".join(words[:10]) + ' "kim jong un" ' + " ".join(words[10:]))
    assert len(query.words) == MAX_WORDS - 2 == 10
    assert [[w.text for w in phrase] for phrase in query.phrases] == [["kim", "jong"]]


def test_repeated_words_do_not_count_against_the_limit():
    query = parse("kore " * 30 + "füze")
    assert query.describe() == "kore füze"


def test_a_long_query_is_cut_without_a_half_word():
    text = "a" * (MAX_QUERY_CHARS - 4) + " kore füze"
    assert parse(text).describe() == "a" * (MAX_QUERY_CHARS - 4)
    assert parse("kore " + "x" * 10_000).describe() == "kore"


def test_a_ten_thousand_character_query_is_parsed_and_compiled_fast():
    text = ('görüşmelerde "kuzey kore -füze NEAR( ' * 300)[:10_000]
    started = time.perf_counter()
    query = parse(text)
    fts5_match(query, prefix_last=True)
    pg_tsquery(query, prefix_last=True)
    pg_phrase_tsqueries(query)
    assert time.perf_counter() - started < 0.05
    assert not query.empty


def test_describe_gives_words_phrases_then_exclusions():
    query = parse('-füze "kim jong" Kuzey -"güney kore" KORE’de')
    assert query.describe() == 'kuzey kore "kim jong" -füze -"güney kore"'


# Compiled strings


def test_fts5_terms_are_always_double_quoted():
    expression = fts5_match(parse("near or not and kore*"), prefix_last=True)
    assert (
        expression
        == " AND ".join(
            f'{{headline lead body meta}} : ("{term}")' for term in ["near", "or", "not", "and"]
        )
        + ' AND {headline lead body meta} : ("kore"*)'
    )


def test_fts5_prefix_applies_to_the_exact_form_of_the_last_word_only():
    expression = fts5_match(parse("kuzey görüşmelerde"), prefix_last=True)
    assert expression.endswith('("gorusme" OR "gorusmelerde"*)')
    assert '"kuzey"*' not in expression


def test_a_one_letter_last_word_is_not_matched_as_a_prefix():
    assert "*" not in fts5_match(parse("kore k"), prefix_last=True)
    assert ":*" not in pg_tsquery(parse("kore k"), prefix_last=True)


def test_pg_tsquery_constrains_phrase_only_queries_with_the_phrase_words():
    query = parse('"kuzey kore" -füze')
    assert pg_tsquery(query) == "kuzey & kore:* & !fuze"
    assert pg_phrase_tsqueries(query) == ["kuzey <-> kore:*"]


def test_pg_any_word_ors_the_words_and_keeps_phrases_and_exclusions():
    query = parse('kore rusya "kim jong" -füze')
    assert pg_tsquery(query, any_word=True) == "(kore | rusya) & kim & jong:* & !fuze"


def test_compiling_a_word_with_a_term_outside_a_z_0_9_raises():
    query = Query(words=(Word("x", ("x' OR 1",), None),))
    with pytest.raises(ValueError, match="a-z and 0-9"):
        fts5_match(query)
    with pytest.raises(ValueError, match="a-z and 0-9"):
        pg_tsquery(query)


# The same behaviours in both engines

FINDS = [
    ("gorusme", {1, 5}),
    ("Görüşmelerde", {1, 5}),
    ("Kore’de", {1, 2, 4}),
    ("İSTANBUL", {3}),
    ("istanbul'da ışık", {3}),
    ("isik", {3}),
    ("füze", {2}),
    ("kuzey kore", {1, 2, 4}),
    ('"kuzey kore"', {1, 2}),
    ('"Kuzey Kore’de"', {1, 2}),
    ('"kim jong"', {1, 2}),
    ('"kim jong" -füze', {1}),
    ('kim -"kim jong"', {4}),
    ("kuzey kore -füzeleri", {1, 4}),
    ("kuzey kore −füze –putin", {4}),
    ("play-off", {3}),
    ("beylikdüzü-esenyurt", {3}),
    ("istanbul -off-play", {3}),
    ("istanbul -play-off", set()),
    ('"kim jong', {1, 2}),
    ("not", {5}),
    ("kore OR istanbul", set()),
    ("kore NOT füze", set()),
    ("headline:istanbul", set()),
    ("NEAR(kuzey kore)", set()),
    ("kore*", {1, 2, 4}),
    ("{headline}: kore", set()),
    ("-kore", set()),
    ("🚀", set()),
]


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_a_query_finds_the_right_documents(search, text, expected):
    assert search(text) == expected


def test_any_word_finds_documents_with_some_of_the_words(search):
    assert search("stadyum seul", any_word=True) == {3, 4}
    assert search("stadyum seul") == set()


def test_any_word_still_requires_phrases_and_honours_exclusions(search):
    assert search('stadyum seul "kim yo"', any_word=True) == {4}
    assert search("kore istanbul -füze", any_word=True) == {1, 3, 4}


def test_prefix_last_matches_the_last_word_as_it_is_being_typed(search):
    assert search("kuzey ko") == set()
    assert search("kuzey ko", prefix_last=True) == {1, 2, 4}
    assert search("görüş", prefix_last=True) == {1, 5}
    assert search("ko kuzey", prefix_last=True) == set()


# Properties

QUERY_PIECES = st.one_of(
    st.characters(),
    st.sampled_from(list("\"“”„«»-−–*^:+(){}[]'’ \t\n\x00\ud800\u200d\u00ad")),
    st.sampled_from(
        [
            "NEAR",
            "AND",
            "OR",
            "NOT",
            "headline:",
            "exact:",
            "kore",
            "Görüşmelerde",
            "İSTANBUL",
            "IŞIK",
            "😀",
            "путин",
            "NEAR(",
            '"kim jong',
            "-füze",
            "play-off",
            "5.000",
            " ",
        ]
    ),
)
QUERY_TEXTS = st.lists(QUERY_PIECES, max_size=60).map("".join)
PROPERTY_SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(text=QUERY_TEXTS)
def test_any_text_parses_to_index_terms_only(text):
    query = parse(text)
    assert all(TERM.fullmatch(term) for term in terms_of(query))
    assert len(terms_of(query)) <= 2 * MAX_WORDS
    assert all(len(phrase) >= 2 for phrase in (*query.phrases, *query.excluded_phrases))
    assert query.empty == (fts5_match(query) is None)


@PROPERTY_SETTINGS
@given(text=QUERY_TEXTS)
def test_describe_parses_back_to_the_same_query(text):
    query = parse(text)
    assert parse(query.describe()) == query


@settings(PROPERTY_SETTINGS, max_examples=300)
@given(text=QUERY_TEXTS, any_word=st.booleans(), prefix_last=st.booleans())
def test_any_compiled_fts5_expression_runs_in_fts5(fts5, text, any_word, prefix_last):
    fts5_ids(fts5, parse(text), any_word=any_word, prefix_last=prefix_last)


@settings(PROPERTY_SETTINGS, max_examples=30)
@given(text=QUERY_TEXTS, any_word=st.booleans(), prefix_last=st.booleans())
def test_any_compiled_tsquery_runs_in_postgresql(postgres, text, any_word, prefix_last):
    pg_ids(postgres, parse(text), any_word=any_word, prefix_last=prefix_last)
