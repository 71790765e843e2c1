"""The worker deletes finished task records: successful ones after 7 days, failed ones
after 30 (MANSET_TASK_KEEP_DAYS, MANSET_TASK_KEEP_FAILED_DAYS), in batches."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from manset.core import scheduler, taskqueue

pytestmark = pytest.mark.django_db


def record(status: str, *, days_ago: float | None) -> DBTaskResult:
    """A task record, finished `days_ago` (None: not finished)."""
    finished = None if days_ago is None else timezone.now() - timedelta(days=days_ago)
    return DBTaskResult.objects.create(
        status=status,
        task_path="tests.core.queue_tasks.record",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        finished_at=finished,
        started_at=finished,
    )


def test_successful_records_go_after_7_days_and_failed_ones_after_30():
    kept = [
        record(TaskResultStatus.SUCCESSFUL, days_ago=6.9),
        record(TaskResultStatus.FAILED, days_ago=8),
        record(TaskResultStatus.FAILED, days_ago=29.9),
        record(TaskResultStatus.READY, days_ago=None),
        record(TaskResultStatus.RUNNING, days_ago=None),
    ]
    record(TaskResultStatus.SUCCESSFUL, days_ago=7.1)
    record(TaskResultStatus.FAILED, days_ago=30.1)

    taskqueue.tasks_prune_job(timezone.now())

    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {r.id for r in kept}


def test_the_keep_periods_are_settings(settings):
    settings.MANSET_TASK_KEEP_DAYS, settings.MANSET_TASK_KEEP_FAILED_DAYS = 1, 2
    young = record(TaskResultStatus.FAILED, days_ago=1.5)
    record(TaskResultStatus.SUCCESSFUL, days_ago=1.5)
    record(TaskResultStatus.FAILED, days_ago=2.5)
    taskqueue.tasks_prune_job(timezone.now())
    assert list(DBTaskResult.objects.values_list("id", flat=True)) == [young.id]


def test_a_big_backlog_goes_in_batches_over_several_rounds():
    for _ in range(7):
        record(TaskResultStatus.SUCCESSFUL, days_ago=10)
    for _ in range(2):
        record(TaskResultStatus.FAILED, days_ago=40)
    keep = {"keep": timedelta(days=7), "keep_failed": timedelta(days=30)}
    now = timezone.now()

    first = taskqueue.tasks_prune(now=now, batch=3, batches=2, **keep)
    assert (first.successful, first.failed, first.more) == (6, 0, True)
    second = taskqueue.tasks_prune(now=now, batch=3, batches=2, **keep)
    assert (second.successful, second.failed, second.more) == (1, 2, False)
    assert not DBTaskResult.objects.exists()


def test_the_job_looks_every_ten_minutes_unless_a_backlog_is_left(monkeypatch):
    monkeypatch.setattr(taskqueue, "PRUNE_BATCH", 2)
    monkeypatch.setattr(taskqueue, "PRUNE_BATCHES_A_ROUND", 1)
    for _ in range(3):
        record(TaskResultStatus.SUCCESSFUL, days_ago=10)
    now = timezone.now()
    taskqueue.tasks_prune_job(now)
    assert DBTaskResult.objects.count() == 1, "one batch a round"
    taskqueue.tasks_prune_job(now)
    assert DBTaskResult.objects.count() == 0, "a backlog: the next round goes on"
    record(TaskResultStatus.SUCCESSFUL, days_ago=10)
    taskqueue.tasks_prune_job(now)
    assert DBTaskResult.objects.count() == 1, "no backlog: not again within ten minutes"


def test_the_worker_prunes_every_round():
    assert taskqueue.tasks_prune_job in scheduler.JOBS
