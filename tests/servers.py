"""A real HTTP server on a local socket: agency transports, source polling, picture
downloads and the guarded client."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

FEED = (
    b"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>Haberler</title></channel></rss>"
)


@pytest.fixture
def server():
    """A local HTTP server; each test sets `server.app(handler) -> (status, headers, body)`."""
    state = SimpleNamespace(requests=[], app=lambda handler: (200, {}, FEED))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # keep-alive replies without a 40 ms delayed-ACK stall

        def do_GET(self):
            state.requests.append(SimpleNamespace(path=self.path, headers=self.headers))
            status, headers, body = state.app(self)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Connection" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except ConnectionError:
                pass  # the client stopped reading on purpose (the size limit)

        def log_message(self, *args):
            pass

    with serving(Handler) as url:
        state.url = url
        yield state


@contextmanager
def serving(handler_class):
    """Serve with `handler_class` on a free local port, in a thread; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
