"""Search finds live articles the way Turkish readers type, on whichever engine is in use.

The whole file runs on SQLite (FTS5) and, in the PostgreSQL run of scripts/test, on
PostgreSQL (tsvector + GIN): the same behaviour from both.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from manset.importers.records import BodyBlock

pytestmark = pytest.mark.django_db
ISTANBUL = ZoneInfo("Europe/Istanbul")


def _ids(results):
    return [hit.page_id for hit in results.hits]


def test_a_published_article_is_found_by_inflected_and_ascii_forms(publish, search):
    article = publish(
        headline="Putin ile Kim arasındaki görüşmelerde yeni dönem",
        lead="Kuzey Kore’de yapılan görüşmeler sonrası iki ülkenin ilişkileri güçleniyor.",
    )
    for typed in ("görüşme", "gorusme", "görüşmeler", "GÖRÜŞMELERDE", "ulkelerinin", "ilişki"):
        assert _ids(search(typed)) == [article.pk], typed


def test_apostrophe_suffixes_and_turkish_capitals_meet(publish, search):
    article = publish(headline="İSTANBUL’DA IŞIK gösterisi", lead="Kore'de de gösteri var.")
    for typed in ("istanbul", "İstanbul'da", "ışık", "isik", "IŞIK", "Kore’de", "kore"):
        assert _ids(search(typed)) == [article.pk], typed


def test_an_unpublished_article_leaves_the_results(
    publish, search, django_capture_on_commit_callbacks
):
    article = publish(headline="Beylikdüzü metro hattında test sürüşü")
    assert _ids(search("metro")) == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert search("metro").total == 0


def test_an_edited_headline_shows_in_results(publish, search):
    article = publish(headline="Sinop’ta mozaik bulundu")
    publish(external_id=article.external_id, headline="Sinop’ta Roma dönemi mozaiği bulundu")
    assert _ids(search("roma")) == [article.pk]
    assert search("roma").hits[0].headline == "Sinop’ta Roma dönemi mozaiği bulundu"


def test_a_deleted_article_leaves_the_results(publish, search, django_capture_on_commit_callbacks):
    article = publish(headline="Fırtına uyarısı yapıldı")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert search("fırtına").total == 0


def test_every_word_must_match_and_otherwise_any_word_does(publish, search):
    both = publish(headline="Kuzey Kore füze denemesi yaptı")
    one = publish(headline="Güney Kore seçimlerinde sonuçlar belli oldu")
    assert _ids(search("kore füze")) == [both.pk]
    loose = search("kore referandum")
    assert loose.fallback and set(_ids(loose)) == {both.pk, one.pk}


def test_phrases_and_excluded_words(publish, search):
    north = publish(headline="Kuzey Kore ile Rusya anlaştı", tags=())
    south = publish(headline="Kore’nin kuzey kıyısında tatbikat", lead="Rusya izledi.", tags=())
    assert set(_ids(search("kuzey kore"))) == {north.pk, south.pk}
    assert _ids(search('"kuzey kore"')) == [north.pk]
    assert _ids(search("kore -tatbikat")) == [north.pk]
    assert _ids(search('"ipotekli satış"')) == []


def test_a_phrase_finds_its_last_word_with_suffixes(publish, search):
    article = publish(headline="Konutta ipotekli satışlarda toparlanma")
    assert _ids(search('"ipotekli satış"')) == [article.pk]


def test_headline_weighs_more_than_body(publish, search):
    in_body = publish(
        headline="Günün özeti",
        body=(BodyBlock("paragraph", "Bu arada deprem bölgesinde çalışmalar sürüyor."),),
    )
    in_headline = publish(
        headline="Marmara’da deprem", published_at=datetime(2024, 1, 1, tzinfo=ISTANBUL)
    )
    assert _ids(search("deprem")) == [in_headline.pk, in_body.pk]


def test_exact_turkish_letters_rank_above_a_folded_match(publish, search):
    folded = publish(headline="Kir yolunda kaza", lead="Kir yolu kapandı.")
    exact = publish(headline="Kır yolunda kaza", lead="Kır yolu kapandı.")
    assert _ids(search("kır")) == [exact.pk, folded.pk]
    assert set(_ids(search("kir"))) == {exact.pk, folded.pk}


def test_filters_narrow_by_desk_tag_author_agency_and_date(publish, search):
    old = datetime(2024, 6, 19, 12, tzinfo=ISTANBUL)
    world = publish(
        headline="Seçim sonuçları açıklandı",
        desk="dunya",
        agency="AA",
        tags=("Seçim",),
        authors=("İlker Işık",),
        published_at=old,
    )
    home = publish(headline="Seçim kurulu toplandı", desk="gundem", agency="DHA", tags=("Kurul",))
    assert _ids(search("seçim", desk="dunya")) == [world.pk]
    assert _ids(search("seçim", tag="secim")) == [world.pk]
    assert _ids(search("seçim", author="ilker-isik")) == [world.pk]
    assert _ids(search("seçim", agency="DHA")) == [home.pk]
    assert _ids(search("seçim", since=date(2024, 6, 19), until=date(2024, 6, 19))) == [world.pk]
    assert _ids(search("seçim", until=date(2024, 6, 18))) == []
    assert search("seçim", desk="yok-boyle").total == 0


def test_newest_first_sorts_by_time(publish, search):
    older = publish(headline="Deprem tatbikatı", published_at=datetime(2024, 1, 1, tzinfo=ISTANBUL))
    newer = publish(
        headline="Deprem deprem deprem", published_at=datetime(2024, 2, 1, tzinfo=ISTANBUL)
    )
    older_title = publish(
        headline="Deprem haberi", published_at=datetime(2024, 3, 1, tzinfo=ISTANBUL)
    )
    assert _ids(search("deprem", sort="newest")) == [older_title.pk, newer.pk, older.pk]


def test_pages_of_results(publish, search):
    made = [
        publish(
            headline=f"Deprem raporu {i}", published_at=datetime(2024, 1, 1 + i, tzinfo=ISTANBUL)
        )
        for i in range(5)
    ]
    first, second = (
        search("deprem", per_page=2, sort="newest"),
        search("deprem", per_page=2, page=2, sort="newest"),
    )
    assert first.total == 5 and first.pages == 3
    assert _ids(first) + _ids(second) == [a.pk for a in reversed(made)][:4]


def test_snippets_mark_inflected_matches_and_escape_html(publish, search):
    publish(
        headline="<script>alert(1)</script> Görüşmeler",
        lead="Liderler Pyongyang’daki görüşmelerde anlaştı & ayrıldı.",
    )
    hit = search("gorusme").hits[0]
    assert "<mark>görüşmelerde</mark>" in hit.snippet and "&amp;" in hit.snippet
    assert "<script>" not in hit.headline_html and "<mark>Görüşmeler</mark>" in hit.headline_html


def test_a_misspelt_word_is_corrected_when_nothing_matches(publish, search):
    article = publish(headline="Galatasaray deplasmanda kazandı")
    results = search("galatasray")
    assert results.corrected_from == "galatasray" and _ids(results) == [article.pk]


def test_did_you_mean_when_a_close_word_has_all_the_words(publish, search):
    article = publish(headline="Enflasyon rakamları açıklandı")
    publish(headline="İhracat rakamları yükseldi")
    results = search("enflsyon rakamlari")
    assert results.fallback and results.suggestion == "enflasyon rakamlari"
    assert article.pk in _ids(results)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!!",
        '"kuzey kore',
        "NEAR OR OR ^ : *",
        "-",
        "🙂🙂",
        "a\x00b",
        "x" * 10_000,
        "headline:kore",
        '""',
        "(((",
        "kore AND NOT",
        "путин",
        "--kore",
    ],
)
def test_hostile_or_empty_queries_give_results_not_errors(publish, search, text):
    publish(headline="Kuzey Kore açıklama yaptı")
    results = search(text)
    assert results.total >= 0 and isinstance(results.hits, list)
