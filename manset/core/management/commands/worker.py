"""`manset worker`: runs the scheduled jobs (manset.core.scheduler) every --interval seconds."""

import argparse
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from manset.core import scheduler

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
        "Run Manşet's scheduled jobs (scheduled publishing, …) every --interval seconds. "
        "SIGTERM or Ctrl+C stops it once the current run has finished; a second one at once."
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
            "--once", action="store_true", help="run the jobs once and exit (cron, systemd timers)"
        )

    def handle(self, *args, interval, once, **options):
        names = ", ".join(scheduler.job_name(job) for job in scheduler.JOBS)
        failed: list[str] = []

        def on_tick(report: scheduler.TickReport) -> None:
            failed.extend(report.failed)

        stop = threading.Event()

        def on_signal(signum, frame):
            if stop.is_set():  # asked twice: stop now, mid-run
                raise SystemExit(128 + signum)
            stop.set()

        if not once:
            self.stdout.write(
                f"Manşet worker: {names} every {interval:g} s; SIGTERM or Ctrl+C stops it."
            )
        previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
        try:
            ticks = scheduler.scheduler_run(
                interval=interval, stop=stop, once=once, on_tick=on_tick
            )
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
