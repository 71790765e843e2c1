"""Scheduled jobs, run by `manset worker` and never by reader traffic.

A job is a function taking the tick's time (`now`). `JOBS` is the one explicit
list of them; a new periodic job is written here and added to it. A tick runs
every job in order; a job that fails is logged with its traceback and the
others still run, and so does the next tick. While the database is away (an outage the
worker passes in: manset.core.outage) a tick runs nothing and logs nothing: the outage is
logged once, and the first tick after it runs every job again.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from manset.core.outage import DATABASE_DOWN, DatabaseOutage, database_answers

logger = logging.getLogger(__name__)

Job = Callable[[datetime], None]


def publish_scheduled_job(now: datetime) -> None:
    """Wagtail's scheduled publishing: due revisions go live, expired pages go offline."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    if text := out.getvalue().strip():
        logger.info("publish_scheduled: %s", text)


JOBS: list[Job] = [publish_scheduled_job]


@dataclass(frozen=True)
class TickReport:
    now: datetime
    ran: tuple[str, ...]
    failed: tuple[str, ...]
    database_down: bool = False  # the jobs did not run (or stopped): the database is away


def job_name(job: Job) -> str:
    return getattr(job, "__name__", repr(job))


def scheduler_tick(
    *,
    now: datetime | None = None,
    jobs: list[Job] | None = None,
    outage: DatabaseOutage | None = None,
) -> TickReport:
    """Run every job once; a failing job is logged and the others still run.

    With `outage`, a tick while the database is away runs nothing, and a job failing
    because it went away ends the tick (the outage is logged once, not each job).
    """
    now = now or timezone.now()
    ran, failed = [], []
    _close_stale_connections()
    try:
        if outage is not None and outage.ongoing:
            if not database_answers():
                return TickReport(now=now, ran=(), failed=(), database_down=True)
            outage.back()
        for job in JOBS if jobs is None else jobs:
            name = job_name(job)
            try:
                job(now)
            except DATABASE_DOWN as error:
                if outage is not None and not database_answers():
                    outage.lost(error)
                    return TickReport(
                        now=now, ran=tuple(ran), failed=tuple(failed), database_down=True
                    )
                _job_failed(name, now)
                failed.append(name)
            except Exception:
                _job_failed(name, now)
                failed.append(name)
            else:
                ran.append(name)
    finally:
        _close_stale_connections()
    return TickReport(now=now, ran=tuple(ran), failed=tuple(failed))


def _job_failed(name: str, now: datetime) -> None:
    logger.exception("job %s failed at %s; the worker carries on", name, now.isoformat())


def _close_stale_connections() -> None:
    """Drop broken or expired connections, as Django does around each request.

    A connection inside a transaction (a test's, for one) is left alone.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def scheduler_run(
    *,
    interval: float,
    stop: threading.Event,
    once: bool = False,
    jobs: list[Job] | None = None,
    on_tick: Callable[[TickReport], None] | None = None,
    outage: DatabaseOutage | None = None,
) -> int:
    """Tick every `interval` seconds until `stop` is set (or once); returns the number of ticks.

    `stop` is only looked at between ticks, so a tick in progress always finishes.
    """
    ticks = 0
    while True:
        started = time.monotonic()
        report = scheduler_tick(jobs=jobs, outage=outage)
        ticks += 1
        if on_tick is not None:
            on_tick(report)
        if once or stop.wait(max(0.0, interval - (time.monotonic() - started))):
            return ticks
