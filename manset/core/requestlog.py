"""One log line per request, a request id on every line, and the request metrics.

The id comes from the proxy's X-Request-ID when it is a plain token (letters, digits,
`-`, `_`, `.`, `:`; at most 128), otherwise a new one; the response carries it back.
Every log record made while the request runs gets it (RequestIdFilter), so a task or
warning logged by a view can be matched with the request line. Production writes the
lines as JSON (settings.production). Never logged: the query string (search terms,
reply links) and anything a reader typed.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from manset.core import metrics
from manset.core.client import client_ip

logger = logging.getLogger("manset.request")
request_id = contextvars.ContextVar("request_id", default=None)
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def view_name(request, response) -> str:
    """A bounded label: the URL's name, the Wagtail page type, or what answered instead."""
    page_type = getattr(request, "manset_page_type", None)
    if page_type:
        return f"page:{page_type}"
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if response.get("X-Page-Cache") == "hit":
        return "page_cache_hit"
    return "unresolved"  # answered by a middleware, or no URL matched


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.META.get("HTTP_X_REQUEST_ID", "")  # not .headers: built on first use
        rid = given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            view = view_name(request, response)
            metrics.observe_request(view, request.method, response.status_code, seconds)
            response["X-Request-ID"] = rid
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "%s %s %s",
                    request.method,
                    view,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "view": view,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 2),
                        "client_ip": client_ip(request),
                    },
                )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


FIELDS = ("method", "view", "status", "duration_ms", "client_ip")


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, the request fields; then any traceback."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        line.update((f, getattr(record, f)) for f in FIELDS if hasattr(record, f))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
