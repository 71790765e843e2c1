"""Health of the database and the cache, for load balancers (`/healthz`)."""

import time
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the reason is reported
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor, "ms": _ms(started)}


def check_cache() -> dict:
    started = time.perf_counter()
    key = f"healthz:{uuid.uuid4().hex}"
    cache = caches["default"]
    try:
        if hasattr(cache, "ping"):  # Manşet's Redis cache hides outages from pages
            cache.ping()
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:  # a cache server that is down raises its own errors
        return {"ok": False, "error": type(exc).__name__}
    backend = type(cache).__name__
    return {"ok": ok, "backend": backend, "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


@never_cache
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
