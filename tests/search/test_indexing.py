"""The index follows the newsroom; a rebuild is idempotent and a crash leaves it working."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from manset.search import indexing
from manset.search.models import SearchEntry, SearchTerm

pytestmark = pytest.mark.django_db


def _make(desks, make_record, n):
    from manset.newsroom.services import article_upsert

    # No on-commit callbacks run here: these articles are in no index until a reindex.
    return [
        article_upsert(
            record=make_record(external_id=f"ix-{i}", headline=f"Deprem raporu {i}")
        ).article
        for i in range(n)
    ]


def test_reindex_indexes_everything_and_is_idempotent(desks, make_record, search):
    made = _make(desks, make_record, 5)
    assert search("deprem").total == 0
    first = indexing.reindex(batch=2)
    terms = dict(SearchTerm.objects.values_list("term", "docs"))
    second = indexing.reindex(batch=2)
    assert first["indexed"] == second["indexed"] == 5
    assert search("deprem").total == 5 and SearchEntry.objects.count() == 5
    assert dict(SearchTerm.objects.values_list("term", "docs")) == terms
    assert terms["deprem"] == 5 and terms["raporu"] == 5
    assert {hit.page_id for hit in search("raporu").hits} == {a.pk for a in made}


def test_reindex_drops_articles_no_longer_published(desks, make_record, search):
    made = _make(desks, make_record, 3)
    indexing.reindex()
    made[0].unpublish()  # without the task (as if it was lost)
    indexing.reindex()
    assert search("deprem").total == 2
    assert SearchTerm.objects.get(term="deprem").docs == 2


def test_a_crash_half_way_leaves_a_working_index_and_a_rerun_finishes(
    desks, make_record, search, monkeypatch
):
    made = _make(desks, make_record, 4)
    indexing.reindex()
    for article in made:
        article.title = article.title.replace("Deprem", "Sarsıntı")
        article.save_revision().publish()
    real = indexing.document_for
    crash_at = made[2].pk

    def crashing(article, **kwargs):
        if article.pk == crash_at:
            raise RuntimeError("worker killed")
        return real(article, **kwargs)

    monkeypatch.setattr(indexing, "document_for", crashing)
    with pytest.raises(RuntimeError):
        indexing.reindex(batch=2)
    # The first batch is in; the rest still answer with their old text.
    assert search("sarsıntı").total == 2 and search("deprem").total == 2
    monkeypatch.setattr(indexing, "document_for", real)
    indexing.reindex(batch=2)
    assert search("sarsıntı").total == 4 and search("deprem").total == 0


def test_the_command_reports_what_it_did(desks, make_record, capsys):
    _make(desks, make_record, 3)
    call_command("search", "reindex")
    assert "indexed 3 articles" in capsys.readouterr().out
    call_command("search", "stats")
    assert "3 articles" in capsys.readouterr().out


def test_the_workers_catch_up_job_indexes_what_a_lost_task_missed(desks, make_record, search):
    made = _make(desks, make_record, 2)
    indexing.search_catch_up_job(timezone.now())
    assert search("deprem").total == 2
    made[0].unpublish()
    indexing.search_catch_up_job(timezone.now())
    assert search("deprem").total == 1
    # Changes older than the window are left to `manset search reindex`.
    made[1].unpublish()
    indexing.search_catch_up_job(timezone.now() + indexing.CATCH_UP_WINDOW + timedelta(days=1))
    assert search("deprem").total == 1


def test_vocabulary_counts_follow_edits(publish, search):
    article = publish(headline="Galatasaray kazandı", tags=())
    assert SearchTerm.objects.get(term="galatasaray").docs == 1
    publish(external_id=article.external_id, headline="Fenerbahçe kazandı", tags=())
    assert SearchTerm.objects.get(term="galatasaray").docs == 0
    assert SearchTerm.objects.get(term="fenerbahce").display == "fenerbahçe"
