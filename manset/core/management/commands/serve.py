"""`manset serve`: the development server, or gunicorn when MANSET_ENV=production."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Manşet: Django's development server, or gunicorn in production."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MANSET_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 2,
            help="gunicorn workers in production (default: one a core)",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=int(os.environ.get("MANSET_MAX_REQUESTS", "1000")),
            help="production: a gunicorn worker is replaced after this many requests, "
            "give or take a tenth (0: never)",
        )

    def handle(self, *args, host, port, workers, max_requests, **options):
        if settings.DEBUG:
            call_command("runserver", f"{host}:{port}", use_reloader=True)
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
        if gunicorn is None:
            raise CommandError(
                "gunicorn is not installed in this environment; run the set-up again"
            )
        metrics_dir(port)
        os.execv(  # noqa: S606  (replaces this process with the server)
            gunicorn,
            [
                gunicorn,
                "manset.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                # Several app servers may run on one machine; Manşet does not use
                # gunicorn's control socket, one shared path for all of them.
                "--no-control-socket",
                # The app is loaded once, before the workers are forked: they share its
                # memory (wsgi.py freezes it out of the collector's sight, so it stays
                # shared), and a replaced worker starts in milliseconds.
                "--preload",
                # A worker's memory grows slowly with what it has cached and fragmented;
                # replacing it now and then (not all at once: the jitter) keeps every
                # worker under 150 MB RSS. Measured with bench/stack_speed.py.
                "--max-requests",
                str(max(max_requests, 0)),
                "--max-requests-jitter",
                str(max(max_requests, 0) // 10),
                # No access log: Manşet writes its own JSON line per request, without
                # the query string (manset.core.requestlog).
            ],
        )


def metrics_dir(port: int) -> Path:
    """Where gunicorn's workers keep their metrics for /metrics to sum; emptied at each
    start, as prometheus_client asks (a dead worker's counts must not linger).
    PROMETHEUS_MULTIPROC_DIR if set, else one a port in the temporary directory."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    path = Path(given or tempfile.gettempdir()) / ("" if given else f"manset-metrics-{port}")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # only prometheus_client's files
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return path
