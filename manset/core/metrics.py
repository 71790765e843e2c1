"""Prometheus metrics at /metrics, for the operator's scraper only.

Counters and the latency histogram live in prometheus_client; under gunicorn's several
workers `manset serve` sets PROMETHEUS_MULTIPROC_DIR and each scrape sums the workers'
files. Gauges read from the database are computed at scrape time with a few counts on
indexed columns. Labels are bounded: view names (never paths), methods, status classes.

Access: a `Bearer` MANSET_METRICS_TOKEN, or a client address in MANSET_METRICS_ALLOWED
(loopback by default). Anyone else gets the site's plain 404, and nothing is cached.
"""

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from manset.core.client import client_ip

logger = logging.getLogger(__name__)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter("manset_requests", "Requests answered, by view", ["view", "method", "status"])
LATENCY = Histogram(
    "manset_request_duration_seconds",
    "Time to answer, by view",
    ["view"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
PAGE_CACHE = Counter("manset_page_cache", "App page cache lookups", ["result"])
PURGES = Counter("manset_cache_purge_urls", "URLs sent to the front-end cache to purge")
# Task states as metric labels (ASCII identifiers: no Turkish casing rules apply).
STATUS_LABELS = {
    "READY": "ready",
    "RUNNING": "running",
    "SUCCESSFUL": "successful",
    "FAILED": "failed",
}
TASKS = Counter("manset_tasks_finished", "Background tasks finished", ["task", "status"])


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view, method if method in METHODS else "other", f"{status // 100}xx").inc()
    LATENCY.labels(view).observe(seconds)


def count_task(sender, task_result, **kwargs) -> None:
    """django-tasks' task_finished signal: every backend sends it where the task ran."""
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    task = task_result.task
    status = str(task_result.status)
    TASKS.labels(task.module_path, STATUS_LABELS.get(status, "other")).inc()
    if task.func is purge_urls_from_cache_task.func and task_result.args:
        PURGES.inc(len(task_result.args[0]))


class DatabaseGauges:
    """Read at scrape time; each is one count or one small query on indexed columns.
    With the database down the scrape still answers, with the counters and `..._ok 0`."""

    def collect(self):
        try:
            gauges = list(self._read())
        except DatabaseError:
            logger.warning("metrics: the database did not answer", exc_info=True)
            gauges = []
        ok = GaugeMetricFamily("manset_metrics_database_ok", "1 when the gauges below were read")
        ok.add_metric([], 1.0 if gauges else 0.0)
        yield ok
        yield from gauges

    def _read(self):
        from manset.comments.models import Comment
        from manset.wires.models import WireSource

        queue = GaugeMetricFamily("manset_comment_queue", "Comments waiting for a moderator")
        queue.add_metric([], Comment.objects.filter(status=Comment.Status.PENDING).count())
        yield queue

        now = timezone.now()
        success = GaugeMetricFamily(
            "manset_wire_source_success_age_seconds",
            "Seconds since each enabled wire source's last successful fetch",
            labels=["source"],
        )
        failure = GaugeMetricFamily(
            "manset_wire_source_failure_age_seconds",
            "Seconds since the failed fetch of each wire source now failing",
            labels=["source"],
        )
        failures = GaugeMetricFamily(
            "manset_wire_source_failures",
            "Each enabled wire source's failed fetches in a row",
            labels=["source"],
        )
        # A handful of rows, one per feed or account the newsroom set up.
        rows = WireSource.objects.filter(enabled=True).values_list(
            "name", "last_success_at", "last_fetch_at", "failures"
        )
        for name, last_success, last_fetch, count in rows:
            if last_success is not None:
                success.add_metric([name], (now - last_success).total_seconds())
            if count and last_fetch is not None:
                failure.add_metric([name], (now - last_fetch).total_seconds())
            failures.add_metric([name], count)
        yield success
        yield failure
        yield failures
        yield from _task_queue(now)


def _task_queue(now):
    """Depth and failures of a database task queue, when one is installed (django-tasks-db)."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    by_status = dict.fromkeys(("READY", "RUNNING", "FAILED"), 0)
    counts = (
        DBTaskResult.objects.filter(status__in=by_status)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    for status, n in counts:  # one grouped count, not a row per task
        by_status[status] = n
    depth = GaugeMetricFamily("manset_task_queue", "Tasks in the queue", labels=["status"])
    for status, count in by_status.items():
        depth.add_metric([STATUS_LABELS[status]], count)
    yield depth


class _Default:
    def collect(self):
        return REGISTRY.collect()


def registry() -> CollectorRegistry:
    scrape = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(scrape)
    else:
        scrape.register(_Default())
    scrape.register(DatabaseGauges())
    return scrape


def allowed(request) -> bool:
    token = settings.MANSET_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # Behind a proxy nobody told us about, every reader looks like the proxy's address.
    if not settings.MANSET_PROXY_HOPS and "X-Forwarded-For" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n) for n in settings.MANSET_METRICS_ALLOWED)


def metrics_view(request):
    if request.method not in ("GET", "HEAD") or not allowed(request):
        response = page_not_found(request, Http404())
    else:
        started = time.perf_counter()
        response = HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
        response["X-Scrape-Ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
    add_never_cache_headers(response)
    return response
