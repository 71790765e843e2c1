"""Two publications committing at once both count: the day counts they share are
increments under the database's row locks, not a read and a write (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, transaction

from manset.newsroom.models import ArticlePage
from manset.newsroom.publications import PublicationDay
from manset.newsroom.services import article_upsert

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def test_two_publications_at_once_both_count(desks, make_record):
    drafts = [
        article_upsert(record=make_record(external_id=f"taslak-{n}", published_at=None)).article
        for n in range(2)
    ]
    ready = threading.Barrier(2)
    errors = []

    def publish(article_id: int) -> None:
        try:
            with transaction.atomic():
                ready.wait(timeout=10)
                ArticlePage.objects.get(id=article_id).get_latest_revision().publish()
                time.sleep(0.3)  # the other publication counts while this one is open
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(draft.id,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    counts = dict(
        PublicationDay.objects.filter(kind__in=["all", "desk"]).values_list("kind", "articles")
    )
    assert counts == {"all": 2, "desk": 2}
    tags = PublicationDay.objects.filter(kind="tag").values_list("articles", flat=True)
    assert sorted(tags) == [2, 2]  # both carry the record's two tags
