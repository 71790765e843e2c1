"""The persistent task queue (django-tasks-db) as `manset worker` runs it.

django-tasks-db claims a task with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL;
SQLite takes an exclusive transaction) and marks it RUNNING before running it, so
several workers share one database without running a task twice. It does not
recover a task whose worker died mid-run (SIGKILL, OOM, a lost machine): that
stays RUNNING for ever. `tasks_requeue_abandoned` is that recovery: a task
RUNNING longer than the lease goes back to READY, or, once it has been claimed
`max_attempts` times, is marked FAILED, so a task that kills its worker does not
kill every worker in turn.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

RETRY_FIRST_DELAY = timedelta(seconds=30)  # then ×4 each time: 30 s, 2 min, 8 min, …
# An idle worker looks for a task this often: a publish's proxy purge waits for it, and
# readers should see the story within a second (one cheap indexed query each time).
POLL_SECONDS = 0.2


class TaskAbandoned(Exception):
    """Recorded as a task's error when its workers kept dying while running it."""


@dataclass(frozen=True)
class RequeueReport:
    requeued: tuple[str, ...]
    failed: tuple[str, ...]


def queue_backend_name() -> str | None:
    """The default tasks backend's alias when it is a persistent queue, else None."""
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return DEFAULT_TASK_BACKEND_ALIAS
    return None


def queue_worker(*, worker_id: str, interval: float = POLL_SECONDS, batch: bool = False) -> Worker:
    """django-tasks-db's worker loop over every queue of the default backend.

    Its `running` flag is what stops it: the loop ends after the task in hand.
    """
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


def task_retry_later(
    task: Task, *, attempt: int, max_attempts: int, kwargs: dict, error: Exception
) -> datetime | None:
    """Queue attempt `attempt + 1` of `task` after a back-off; None when it may not retry.

    None (the last attempt, or a backend that cannot defer, as in development) means the
    caller lets `error` propagate, so the task fails for good with it.
    """
    if attempt >= max_attempts or not task.get_backend().supports_defer:
        return None
    when = timezone.now() + RETRY_FIRST_DELAY * 4 ** (attempt - 1)
    task.using(run_after=when).enqueue(**kwargs, attempt=attempt + 1)
    logger.warning(
        "task %s failed (attempt %d of %d): %r; retrying at %s",
        task.name,
        attempt,
        max_attempts,
        error,
        when.isoformat(),
    )
    return when


def tasks_requeue_abandoned(*, now: datetime, lease: timedelta, max_attempts: int) -> RequeueReport:
    """Queue again the tasks RUNNING since before `now - lease`; fail those tried too often."""
    requeued, failed = [], []
    stale = DBTaskResult.objects.running().filter(started_at__lt=now - lease)
    with transaction.atomic():
        for result in stale.select_for_update(skip_locked=True).order_by("started_at"):
            attempts = len(result.worker_ids)
            if attempts >= max_attempts:
                workers = ", ".join(result.worker_ids)
                result.set_failed(
                    TaskAbandoned(
                        f"{result.task_path}: claimed {attempts} times and never finished "
                        f"within {lease.total_seconds():g} s; its workers ({workers}) "
                        "died or were killed while running it"
                    )
                )
                failed.append(str(result.id))
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued.append(str(result.id))
    for task_id in requeued:
        logger.warning("task %s outlived its %s lease: queued again", task_id, lease)
    for task_id in failed:
        logger.error("task %s abandoned too often: marked failed", task_id)
    return RequeueReport(requeued=tuple(requeued), failed=tuple(failed))


def tasks_requeue_abandoned_job(now: datetime) -> None:
    """Run by `manset worker` every round (settings: MANSET_TASK_LEASE_SECONDS, …_MAX_ATTEMPTS)."""
    tasks_requeue_abandoned(
        now=now,
        lease=timedelta(seconds=settings.MANSET_TASK_LEASE_SECONDS),
        max_attempts=settings.MANSET_TASK_MAX_ATTEMPTS,
    )
