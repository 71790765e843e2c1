"""Server-Timing: how long the app spent on a request, for staff in the browser's dev tools.

`app` is wall-clock time, `cpu` the CPU time of the serving thread: on a busy machine the
gap between them is time spent waiting (database, Redis, other processes).

First in MIDDLEWARE, so the figure covers every other middleware, the page cache and the view.
Only staff get it (the admin on call reads it to tell a slow app from a slow network or
proxy): for anyone else it would help time password checks and tell cached pages from
rendered ones. MANSET_SERVER_TIMING=all gives it to everyone, for the page-speed bench.
"""

import time

from django.conf import settings


def _shown_to(request) -> bool:
    if settings.MANSET_SERVER_TIMING == "all":
        return True
    # Without a session nobody is logged in: decided without touching the session store.
    # With one, the request went past the authentication middleware (the page cache
    # serves no session requests), so request.user is there to ask.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_staff)


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        if _shown_to(request):
            response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}, cpu;dur={cpu_ms:.1f}"
        return response
