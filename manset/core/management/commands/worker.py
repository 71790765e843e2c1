"""`manset worker`: runs the scheduled jobs (manset.core.scheduler) every --interval seconds,
and, when the tasks backend is the persistent queue (production), the queue's tasks.

It outlives database outages (manset.core.outage): nothing restarts it in `manset stack`.
`--once`, for cron, ends with an error instead."""

import argparse
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django_tasks.utils import get_random_id

from manset.core import scheduler, taskqueue
from manset.core.outage import DatabaseOutage

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of seconds")
    return seconds


class Command(BaseCommand):
    help = (
        "Run Manşet's scheduled jobs (scheduled publishing, …) every --interval seconds and, "
        "with the database tasks backend, the queued tasks. SIGTERM or Ctrl+C stops it once "
        "the current run and task have finished; a second one at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=30.0,
            metavar="SECONDS",
            help="seconds between the starts of two runs (default: 30)",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="run the jobs once, then the queued tasks until none is left, and exit",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="this worker's name in the queue's records (default: a random one)",
        )

    def handle(self, *args, interval, once, worker_id, **options):
        names = ", ".join(scheduler.job_name(job) for job in scheduler.JOBS)
        queue = None
        if taskqueue.queue_backend_name() is not None:
            queue = taskqueue.queue_worker(worker_id=worker_id or get_random_id(), batch=once)
        failed: list[str] = []
        outage = None if once else DatabaseOutage("the worker")

        def on_tick(report: scheduler.TickReport) -> None:
            failed.extend(report.failed)

        stop = threading.Event()

        def on_signal(signum, frame):
            if stop.is_set():  # asked twice: stop now, mid-run
                raise SystemExit(128 + signum)
            stop.set()
            if queue is not None:
                queue.running = False  # django-tasks-db's loop ends after the task in hand

        def run_jobs() -> int:
            try:
                return scheduler.scheduler_run(
                    interval=interval, stop=stop, once=once, on_tick=on_tick, outage=outage
                )
            finally:
                if threading.current_thread() is not threading.main_thread():
                    connections.close_all()

        if not once:
            tasks = f", queued tasks as {queue.worker_id}" if queue else ""
            self.stdout.write(
                f"Manşet worker: {names} every {interval:g} s{tasks}; SIGTERM or Ctrl+C stops it."
            )
        previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
        try:
            if queue is None:
                ticks = run_jobs()
            elif once:
                ticks = run_jobs()
                queue.run()
            else:
                ticks = self.run_beside_queue(run_jobs, queue, stop, outage)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if once and failed:
            raise CommandError(f"{', '.join(failed)} failed; the log above says why")
        if once:
            self.stdout.write(f"Manşet worker: ran {names} once.")
        else:
            self.stdout.write(
                f"Manşet worker: stopped after {ticks} runs ({len(failed)} failed jobs, logged)."
            )

    @staticmethod
    def run_beside_queue(run_jobs, queue, stop: threading.Event, outage: DatabaseOutage) -> int:
        """The jobs in a thread of their own, so a long task never delays scheduled publishing."""
        ticks: list[int] = []
        jobs = threading.Thread(target=lambda: ticks.append(run_jobs()), name="manset-jobs")
        jobs.start()
        try:
            taskqueue.queue_run(queue, stop=stop, outage=outage)
        finally:
            stop.set()
            queue.running = False
            jobs.join()
        return ticks[0] if ticks else 0
