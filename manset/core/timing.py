"""Server-Timing: how long the app spent on a request, visible in the browser's dev tools.

`app` is wall-clock time, `cpu` the CPU time of the serving thread: on a busy machine the
gap between them is time spent waiting (database, Redis, other processes).

First in MIDDLEWARE, so the figure covers every other middleware, the page cache and the view.
The admin on call reads it to tell a slow app from a slow network or proxy; the page-speed
bench reads it to measure render time apart from the HTTP client's own.
"""

import time


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}, cpu;dur={cpu_ms:.1f}"
        return response
