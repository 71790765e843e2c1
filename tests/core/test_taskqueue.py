"""The persistent task queue (django-tasks-db) run by `manset worker`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.core import scheduler, taskqueue
from tests.core import queue_tasks

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.parametrize(
    ("environment", "backend"),
    [("production", "django_tasks_db.backend"), ("development", "django_tasks.backends.immediate")],
)
def test_production_queues_tasks_in_the_database_and_development_runs_them_at_once(
    environment, backend
):
    from tests.core.test_settings import run_manset

    result = run_manset(
        "shell",
        "-c",
        "from django_tasks import task_backends; print(type(task_backends['default']).__module__)",
        MANSET_ENV=environment,
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-queue-test-0123456789",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_task_waits_for_the_worker_which_runs_it(tmp_path):
    log = tmp_path / "runs.log"
    result = queue_tasks.record.enqueue(number=7, log=str(log))
    assert not log.exists(), "queued, not run in the request"
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY

    call_command("worker", "--once", "--worker-id", "w1", stdout=StringIO())

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, row.worker_ids) == (
        TaskResultStatus.SUCCESSFUL,
        7,
        ["w1"],
    )
    assert log.read_text().split()[0] == "7"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_failing_task_is_recorded_failed_with_its_error():
    result = queue_tasks.fail.enqueue(reason="ajans sunucusu 502 döndü")
    call_command("worker", "--once", stdout=StringIO())
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"
    assert "ajans sunucusu 502 döndü" in row.traceback


def running_since(ago: timedelta, *, workers: list[str]) -> DBTaskResult:
    result = queue_tasks.record.using(backend="default").enqueue(number=1, log="/dev/null")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - ago, worker_ids=workers
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, MANSET_TASK_LEASE_SECONDS=60, MANSET_TASK_MAX_ATTEMPTS=3)
def test_a_task_running_past_its_lease_is_queued_again_and_a_younger_one_is_left_alone():
    abandoned = running_since(timedelta(seconds=61), workers=["dead"])
    busy = running_since(timedelta(seconds=30), workers=["alive"])

    scheduler.scheduler_tick(jobs=[taskqueue.tasks_requeue_abandoned_job])

    abandoned.refresh_from_db()
    busy.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, MANSET_TASK_LEASE_SECONDS=60, MANSET_TASK_MAX_ATTEMPTS=3)
def test_a_task_whose_workers_died_three_times_is_failed_with_the_reason():
    poison = running_since(timedelta(minutes=5), workers=["a", "b", "c"])

    report = taskqueue.tasks_requeue_abandoned(
        now=timezone.now(), lease=timedelta(seconds=60), max_attempts=3
    )

    poison.refresh_from_db()
    assert report.failed == (str(poison.id),) and report.requeued == ()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "manset.core.taskqueue.TaskAbandoned"
    assert "claimed 3 times" in poison.traceback and "a, b, c" in poison.traceback


def test_the_worker_runs_the_recovery_of_abandoned_tasks_every_round():
    assert taskqueue.tasks_requeue_abandoned_job in scheduler.JOBS


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_after_an_outage_a_worker_queues_again_only_the_task_it_was_running_itself():
    own = running_since(timedelta(seconds=5), workers=["dead", "w1"])
    others = running_since(timedelta(seconds=5), workers=["w1", "w2"])

    assert taskqueue.tasks_requeue_interrupted(worker_id="w1") == (str(own.id),)

    own.refresh_from_db()
    others.refresh_from_db()
    assert own.status == TaskResultStatus.READY
    assert others.status == TaskResultStatus.RUNNING  # w2 claimed it after w1: it is w2's
