"""What the request id, the request metrics and the JSON log line cost on the fastest path:
a page served from the app's page cache, in-process through Django's WSGI handler, with
and without manset.core.requestlog.RequestLogMiddleware (and with the log line on).

Usage: .venv/bin/python bench/request_overhead.py [--requests 20000]
Needs a Redis server for the page cache (REDIS_URL, default redis://127.0.0.1:6379/14; the
bench empties that database) and makes a throwaway SQLite database.
"""

import argparse
import contextlib
import io
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = "/kvkk/"
HOST = "testserver"


def environ() -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PATH,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def start_response(status, headers):
    assert status.startswith("200"), status


def one_run_us(handler, requests: int) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        for _chunk in handler(environ(), start_response):
            pass
    return (time.perf_counter() - started) / requests * 1e6


def interleaved(setups: dict, requests: int, rounds: int = 15) -> dict:
    """Each set-up runs in turn, round after round (the machine is shared: its load
    drifts); the median round of each, in microseconds a request."""
    runs = {name: [] for name in setups}
    for _ in range(rounds):
        for name, (handler, enter) in setups.items():
            with enter():
                runs[name].append(one_run_us(handler, requests // rounds))
    return {name: statistics.median(times) for name, times in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="manset-overhead-"))
    os.environ |= {
        "MANSET_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "manset.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        "ALLOWED_HOSTS": HOST,
    }
    manset = str(Path(sys.executable).parent / "manset")
    subprocess.run([manset, "migrate", "-v", "0"], check=True, cwd=ROOT)  # noqa: S603

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    from manset.core.requestlog import JsonFormatter, RequestIdFilter

    cache.clear()
    assert settings.MANSET_PAGE_CACHE, "the page cache needs REDIS_URL"
    without = [m for m in settings.MIDDLEWARE if not m.endswith("RequestLogMiddleware")]
    with override_settings(MIDDLEWARE=without):
        plain = WSGIHandler()
    handler = WSGIHandler()
    one_run_us(handler, 50)  # renders the page once; every request after is a hit
    request_log = logging.getLogger("manset.request")
    sink = logging.StreamHandler(io.StringIO())
    sink.setFormatter(JsonFormatter())
    sink.addFilter(RequestIdFilter())
    request_log.addHandler(sink)
    request_log.propagate = False

    @contextlib.contextmanager
    def log_level(level):
        request_log.setLevel(level)
        yield

    figures = interleaved(
        {
            "without the middleware": (plain, lambda: log_level(logging.WARNING)),
            "with it, log line off (dev, test)": (handler, lambda: log_level(logging.WARNING)),
            "with it, JSON line on (production)": (handler, lambda: log_level(logging.INFO)),
        },
        args.requests,
    )
    base = figures["without the middleware"]
    print(f"page-cache hit of {PATH}, {args.requests} requests, median of 15 interleaved rounds")
    for name, us in figures.items():
        print(f"  {name:38} {us:7.1f} µs/request  (+{us - base:5.1f} µs)")
    cache.clear()


if __name__ == "__main__":
    main()
