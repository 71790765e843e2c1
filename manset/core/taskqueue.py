"""The persistent task queue (django-tasks-db) as `manset worker` runs it.

django-tasks-db claims a task with `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL;
SQLite takes an exclusive transaction) and marks it RUNNING before running it, so
several workers share one database without running a task twice. It does not
recover a task whose worker died mid-run (SIGKILL, OOM, a lost machine): that
stays RUNNING for ever. `tasks_requeue_abandoned` is that recovery: a task
RUNNING longer than the lease goes back to READY, or, once it has been claimed
`max_attempts` times, is marked FAILED, so a task that kills its worker does not
kill every worker in turn. `tasks_prune` deletes finished records once they are
old enough (MANSET_TASK_KEEP_DAYS, MANSET_TASK_KEEP_FAILED_DAYS), a batch a statement.

`queue_run` keeps that loop going through a database outage: django-tasks-db's own loop
ends on the first OperationalError, and with it the worker. The task in hand when the
database went away could not record its outcome; once the database is back it is queued
again at once (`tasks_requeue_interrupted`) rather than after its lease. Such a task may
thus run a second time, as after any crash: every task here is safe to repeat (search
indexing, proxy purges, picture downloads, retraining; a reply e-mail records that it went).
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from manset.core.outage import DATABASE_DOWN, DatabaseOutage

logger = logging.getLogger(__name__)

RETRY_FIRST_DELAY = timedelta(seconds=30)  # then ×4 each time: 30 s, 2 min, 8 min, …
PRUNE_BATCH = 1000  # rows a DELETE: short statements, each its own transaction
PRUNE_BATCHES_A_ROUND = 20  # then the next round goes on; scheduled publishing waits no longer
PRUNE_EVERY = timedelta(minutes=10)  # finding old rows reads the whole table; not every tick

# How often an idle worker looks for a new task (one indexed query): a publish's proxy
# purges must reach the proxy within a second of the publish.
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


def task_waiting(task: Task) -> bool:
    """Whether the persistent queue holds a run of `task` that has not finished yet.

    False without a persistent queue (development runs a task the moment it is queued).
    """
    if queue_backend_name() is None:
        return False
    waiting = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    return DBTaskResult.objects.filter(task_path=task.module_path, status__in=waiting).exists()


def queue_run(queue: Worker, *, stop: threading.Event, outage: DatabaseOutage) -> None:
    """`queue.run()` until it is stopped, waiting out database outages instead of ending."""
    interrupted = False
    while queue.running and not stop.is_set():
        try:
            if interrupted:
                tasks_requeue_interrupted(worker_id=queue.worker_id)
                interrupted = False
            queue.run()
            return
        except DATABASE_DOWN as error:
            outage.lost(error)
            interrupted = True
            if not outage.wait(stop):
                return


def tasks_requeue_interrupted(*, worker_id: str) -> tuple[str, ...]:
    """Queue again the tasks still marked running by this worker, which runs none now.

    Called when the queue loop resumes after an outage: the task it was running then
    finished or failed without its outcome being recorded.
    """
    requeued = []
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] == worker_id:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued.append(str(result.id))
    for task_id in requeued:
        logger.warning("task %s was running when the database went away: queued again", task_id)
    return tuple(requeued)


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


@dataclass(frozen=True)
class PruneReport:
    successful: int
    failed: int
    more: bool  # stopped at PRUNE_BATCHES_A_ROUND with old rows left: the next round goes on


def tasks_prune(
    *,
    now: datetime,
    keep: timedelta,
    keep_failed: timedelta,
    batch: int = PRUNE_BATCH,
    batches: int = PRUNE_BATCHES_A_ROUND,
) -> PruneReport:
    """Delete successful task records finished before `now - keep`, failed ones before
    `now - keep_failed`; READY and RUNNING ones are never touched.

    `batch` rows a DELETE, each statement its own transaction, so a table of millions
    is never locked for long and a crash loses nothing but the batch in hand; at most
    `batches` of them a call.
    """
    deleted = {TaskResultStatus.SUCCESSFUL: 0, TaskResultStatus.FAILED: 0}
    budget, more = batches, False
    for status, age in (
        (TaskResultStatus.SUCCESSFUL, keep),
        (TaskResultStatus.FAILED, keep_failed),
    ):
        old = DBTaskResult.objects.filter(status=status, finished_at__lt=now - age).order_by()
        while True:
            if budget == 0:
                more = more or old.exists()
                break
            ids = list(old.values_list("id", flat=True)[:batch])
            if not ids:
                break
            budget -= 1
            deleted[status] += DBTaskResult.objects.filter(id__in=ids).delete()[0]
            if len(ids) < batch:
                break
    report = PruneReport(
        successful=deleted[TaskResultStatus.SUCCESSFUL],
        failed=deleted[TaskResultStatus.FAILED],
        more=more,
    )
    if report.successful or report.failed:
        logger.info(
            "deleted %d successful and %d failed task records%s",
            report.successful,
            report.failed,
            "; more next round" if more else "",
        )
    return report


def tasks_prune_job(now: datetime) -> None:
    """Run by `manset worker`: every PRUNE_EVERY, or the next round while a backlog lasts."""
    if not cache.add("tasks:pruned", True, int(PRUNE_EVERY.total_seconds())):
        return
    report = tasks_prune(
        now=now,
        keep=timedelta(days=settings.MANSET_TASK_KEEP_DAYS),
        keep_failed=timedelta(days=settings.MANSET_TASK_KEEP_FAILED_DAYS),
        batch=PRUNE_BATCH,
        batches=PRUNE_BATCHES_A_ROUND,
    )
    if report.more:
        cache.delete("tasks:pruned")
