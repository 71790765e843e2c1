"""In production the index task is queued, and a failed run is retried with back-off."""

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.core import taskqueue
from manset.search import indexing
from manset.search.models import SearchEntry
from manset.search.tasks import INDEX_ATTEMPTS, index_pages_task

pytestmark = [
    pytest.mark.django_db,
]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_ready_tasks() -> list[DBTaskResult]:
    """What a worker would run now, run in this process (inside the test's transaction)."""
    worker = taskqueue.queue_worker(worker_id="test")
    ran = []
    for row in DBTaskResult.objects.ready():
        worker.run_task(row)
        ran.append(DBTaskResult.objects.get(pk=row.pk))
    return ran


def failing(times: int, monkeypatch):
    real = indexing.index_pages
    calls = {"n": 0}

    def index_pages(page_ids):
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError("server closed the connection unexpectedly")
        return real(page_ids)

    monkeypatch.setattr(indexing, "index_pages", index_pages)


def test_a_failed_index_run_is_retried_30_seconds_later_and_then_indexes(publish, monkeypatch):
    article = publish(headline="Deprem sonrası yardım kampanyası")
    SearchEntry.objects.all().delete()
    failing(1, monkeypatch)
    with override_settings(TASKS=DATABASE_QUEUE):
        index_pages_task.enqueue(page_ids=[article.pk])
        started = timezone.now()
        [first] = run_ready_tasks()
        assert first.status == TaskResultStatus.SUCCESSFUL and "retry_at" in first.return_value
        [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        assert retry.args_kwargs["kwargs"] == {"page_ids": [article.pk], "attempt": 2}
        assert timedelta(seconds=29) < retry.run_after - started < timedelta(seconds=31)
        assert run_ready_tasks() == [], "not before its time"

        with time_machine.travel(started + timedelta(seconds=31)):
            [second] = run_ready_tasks()
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert second.return_value == {"indexed": 1, "removed": 0}
    assert SearchEntry.objects.filter(page_id=article.pk).exists()


def test_an_index_task_failing_every_time_fails_for_good_with_its_error(publish, monkeypatch):
    article = publish(headline="Seçim sonuçları")
    failing(99, monkeypatch)
    with override_settings(TASKS=DATABASE_QUEUE):
        index_pages_task.enqueue(page_ids=[article.pk])
        now = timezone.now()
        for delay in (0, 31, 2 * 60 + 31, 8 * 60 + 31, 32 * 60 + 31):
            now += timedelta(seconds=delay)
            with time_machine.travel(now):
                run_ready_tasks()
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(rows) == INDEX_ATTEMPTS == 4
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 3 + [
        TaskResultStatus.FAILED
    ]
    assert rows[-1].exception_class_path == "django.db.utils.OperationalError"
    assert "server closed the connection unexpectedly" in rows[-1].traceback


def test_in_development_a_failing_index_task_raises_at_once(publish, monkeypatch):
    article = publish(headline="Hava durumu")
    failing(1, monkeypatch)
    result = index_pages_task.enqueue(page_ids=[article.pk])
    assert result.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.count() == 0, "nothing queued for later"
