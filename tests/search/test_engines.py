"""Engine details that the behaviour tests would not show."""

import pytest
from django.db import connection

from manset.search import indexing

pytestmark = pytest.mark.django_db


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_vectors_written_as_literals_equal_to_tsvector_of_the_text(desks, make_record):
    from manset.newsroom.services import article_upsert
    from manset.search.engines.postgres import vector_literals

    article = article_upsert(
        record=make_record(
            headline="Kore’de IŞIK: görüşmeler 5.000 kişiyle", lead="O'Neill’ın \\ yorumu"
        )
    ).article
    document = indexing.documents_for([article.pk], desks=indexing._desks())[0]
    columns = document.columns()
    vector, exact, accent = vector_literals(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setweight(to_tsvector('simple', %s), 'A')"
            " || setweight(to_tsvector('simple', %s), 'B')"
            " || setweight(to_tsvector('simple', %s), 'D')"
            " || setweight(to_tsvector('simple', %s), 'C')"
            " = %s::tsvector, to_tsvector('simple', %s) = %s::tsvector,"
            " strip(to_tsvector('simple', %s)) = %s::tsvector",
            [columns.headline, columns.lead, columns.body, columns.meta, vector]
            + [columns.exact, exact, columns.accent, accent],
        )
        assert cursor.fetchone() == (True, True, True)


@pytest.mark.django_db(transaction=True)
def test_reindex_analyses_in_worker_processes_outside_a_transaction(desks, make_record, search):
    from manset.newsroom.services import article_upsert

    for i in range(7):
        article_upsert(record=make_record(external_id=f"w-{i}", headline=f"Görüşme notu {i}"))
    report = indexing.reindex(batch=3, workers=2)
    assert report["indexed"] == 7
    assert search("gorusme").total == 7


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_widens_its_page_id_window_until_it_has_the_matches(publish, search, monkeypatch):
    from manset.search.engines import postgres

    # Buckets of one page: the newest window holds a single article, then 4, 16 ...
    monkeypatch.setattr(postgres, "BUCKET_SIZE", 1)
    monkeypatch.setattr(postgres, "FIRST_BUCKETS", 1)
    made = [publish(headline=f"Liman haberi {i}") for i in range(6)]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_searchentry SET bucket = page_id")
    assert {hit.page_id for hit in search("liman").hits} == {a.pk for a in made}
    assert search("liman").total == 6
    from manset.search import autocomplete

    assert len(autocomplete("lim", limit=5)["headlines"]) == 5
