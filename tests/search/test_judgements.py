"""The judged query set of the relevance bench is well-formed, and the bench's metrics are right.

The bench (bench/search_relevance.py) is a script, not a package: it is loaded by path.
"""

import doctest
import importlib.util
import json
import math
from pathlib import Path

import pytest

from manset.turkish import analyze, tokenize

ROOT = Path(__file__).resolve().parents[2]


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "search_relevance", ROOT / "bench" / "search_relevance.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
JUDGEMENTS = bench.load_judgements()
ARTICLES = {article.external_id: article for article in bench.load_articles()}


def _text(external_id: str) -> str:
    a = ARTICLES[external_id]
    return "\n".join((a.headline, a.lead, a.body, a.tags))


def _story_asked_for(judgement) -> list[str]:
    return [doc for doc, rel in judgement.relevant.items() if rel == 2]


# The judged set --------------------------------------------------------------------------------


def test_the_set_has_at_least_seventy_queries():
    assert len(JUDGEMENTS) >= 70


def test_every_line_names_a_query_a_kind_and_relevant_articles():
    lines = bench.JUDGEMENTS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        assert set(json.loads(line)) == {"query", "kind", "relevant"}, f"line {number}"


def test_every_relevant_id_is_a_demo_article():
    unknown = {(j.query, doc) for j in JUDGEMENTS for doc in j.relevant if doc not in ARTICLES}
    assert not unknown


def test_the_demo_newsroom_has_the_38_articles_the_judges_read():
    assert len(ARTICLES) == 38


def test_every_kind_is_known_and_has_at_least_five_queries():
    kinds = [j.kind for j in JUDGEMENTS]
    assert set(kinds) == set(bench.KINDS)
    assert min(kinds.count(kind) for kind in bench.KINDS) >= 5


def test_no_query_is_judged_twice():
    typed = [" ".join(j.query.casefold().split()) for j in JUDGEMENTS]
    assert len(typed) == len(set(typed))


def test_grades_are_one_or_two_and_every_query_has_the_story_asked_for():
    for j in JUDGEMENTS:
        assert set(j.relevant.values()) <= {1, 2}, j.query
        assert _story_asked_for(j), j.query


def test_inflected_queries_use_a_form_the_story_does_not_contain():
    for j in (j for j in JUDGEMENTS if j.kind == "inflected"):
        for doc in _story_asked_for(j):
            assert set(tokenize(j.query)) - set(tokenize(_text(doc))), (j.query, doc)


def test_ascii_queries_are_ascii_and_spell_a_word_unlike_the_story():
    for j in (j for j in JUDGEMENTS if j.kind == "ascii"):
        assert j.query.isascii(), j.query
        for doc in _story_asked_for(j):
            assert set(tokenize(j.query)) - set(tokenize(_text(doc))), (j.query, doc)


def test_apostrophe_queries_have_an_apostrophe():
    for j in (j for j in JUDGEMENTS if j.kind == "apostrophe"):
        assert "'" in j.query or "’" in j.query, j.query


def test_both_apostrophes_are_used():
    queries = " ".join(j.query for j in JUDGEMENTS)
    assert "'" in queries and "’" in queries


def test_phrase_queries_have_a_phrase_and_exclude_queries_an_excluded_word():
    for j in JUDGEMENTS:
        query = bench.parse_query(j.query)
        if j.kind == "phrase":
            assert query.phrases, j.query
        if j.kind == "exclude":
            assert query.excluded, j.query


def test_caps_queries_have_a_word_in_capitals():
    for j in (j for j in JUDGEMENTS if j.kind == "caps"):
        assert any(len(word) > 1 and word.isupper() for word in j.query.split()), j.query


def test_no_relevant_article_contains_a_word_its_query_excludes():
    """Even stemmed (-tatbikat also shuts out tatbikatı), so no engine could find it."""
    for j in JUDGEMENTS:
        excluded = {term for word in bench.parse_query(j.query).excluded for term in analyze(word)}
        for doc in j.relevant:
            assert not excluded & set(analyze(_text(doc))), (j.query, doc)


# Metrics ---------------------------------------------------------------------------------------


def test_the_bench_doctests_pass():
    result = doctest.testmod(bench)
    assert result.attempted and not result.failed


def test_a_perfect_ranking_scores_one():
    relevant = {"a": 2, "b": 1}
    assert bench.ndcg_at(["a", "b", "x"], relevant) == pytest.approx(1.0)
    assert bench.reciprocal_rank(["a", "b", "x"], relevant) == 1.0


def test_the_only_relevant_article_second_scores_one_over_log2_of_three():
    assert bench.ndcg_at(["x", "a"], {"a": 2}) == pytest.approx(1 / math.log2(3))


def test_graded_gains_are_two_to_the_relevance_minus_one():
    # DCG = (2^1-1)/log2(2) + (2^2-1)/log2(3); ideal = (2^2-1)/log2(2) + (2^1-1)/log2(3).
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert bench.ndcg_at(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(expected)
    assert bench.dcg([2, 0, 1]) == pytest.approx(3 + 1 / 2)


def test_judged_articles_that_are_not_retrieved_lower_the_score():
    # The ideal holds both judged articles although only one came back.
    expected = 3 / (3 + 1 / math.log2(3))
    assert bench.ndcg_at(["a"], {"a": 2, "b": 1}) == pytest.approx(expected)


def test_only_the_first_ten_results_count():
    ranking = [f"x{i}" for i in range(10)] + ["a"]
    assert bench.ndcg_at(ranking, {"a": 2}) == 0.0
    assert bench.reciprocal_rank(ranking, {"a": 2}) == 0.0


def test_nothing_relevant_found_scores_zero():
    assert bench.ndcg_at([], {"a": 2}) == 0.0
    assert bench.reciprocal_rank(["x", "y"], {"a": 2}) == 0.0


def test_reciprocal_rank_counts_the_first_partially_relevant_result():
    assert bench.reciprocal_rank(["x", "x2", "b", "a"], {"a": 2, "b": 1}) == pytest.approx(1 / 3)


def test_a_query_without_judgements_scores_zero_not_an_error():
    assert bench.ndcg_at(["a"], {}) == 0.0


# The baselines' query language -------------------------------------------------------------------


def test_a_lone_dash_is_neither_a_word_nor_an_exclusion():
    assert bench.parse_query("deprem - İzmir") == bench.ReaderQuery(
        words=("deprem", "İzmir"), phrases=(), excluded=()
    )


def test_typographic_quotes_make_a_phrase():
    assert bench.parse_query("“Kış Bahçesi” roman").phrases == ("Kış Bahçesi",)


def test_fts5_strings_escape_double_quotes_and_exclusions_apply_to_the_fallback():
    query = bench.ReaderQuery(words=('a"b', "c"), phrases=(), excluded=("d",))
    assert bench.fts5_match(query, any_word=True) == '("a""b" OR "c") NOT "d"'


def test_a_query_of_exclusions_alone_matches_nothing():
    assert bench.fts5_match(bench.parse_query("-putin")) == ""
