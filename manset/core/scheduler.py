"""Scheduled jobs, run by `manset worker` and never by reader traffic.

A job is a function taking the tick's time (`now`). `JOBS` is the one explicit
list of them; a new periodic job is written here and added to it. A tick runs
every job in order; a job that fails is logged with its traceback and the
others still run, and so does the next tick.
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


def job_name(job: Job) -> str:
    return getattr(job, "__name__", repr(job))


def scheduler_tick(*, now: datetime | None = None, jobs: list[Job] | None = None) -> TickReport:
    """Run every job once; a failing job is logged and the others still run."""
    now = now or timezone.now()
    ran, failed = [], []
    _close_stale_connections()
    try:
        for job in JOBS if jobs is None else jobs:
            name = job_name(job)
            try:
                job(now)
            except Exception:
                logger.exception(
                    "job %s failed at %s; the worker carries on", name, now.isoformat()
                )
                failed.append(name)
            else:
                ran.append(name)
    finally:
        _close_stale_connections()
    return TickReport(now=now, ran=tuple(ran), failed=tuple(failed))


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
) -> int:
    """Tick every `interval` seconds until `stop` is set (or once); returns the number of ticks.

    `stop` is only looked at between ticks, so a tick in progress always finishes.
    """
    ticks = 0
    while True:
        started = time.monotonic()
        report = scheduler_tick(jobs=jobs)
        ticks += 1
        if on_tick is not None:
            on_tick(report)
        if once or stop.wait(max(0.0, interval - (time.monotonic() - started))):
            return ticks
