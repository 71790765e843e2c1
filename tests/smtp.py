"""A real SMTP server on a local socket, answering as a test tells it to (reply e-mails)."""

import socket
import socketserver
import threading
from types import SimpleNamespace

import pytest


@pytest.fixture
def smtp_server(settings):
    """Django's SMTP backend pointed at a local server. `smtp_server.greeting` and
    `smtp_server.rcpt` are its answers on connecting and to RCPT TO (a greeting of None:
    it accepts the connection and never says a word); what it accepted is in
    `smtp_server.messages` (each with `to` and `data`)."""
    state = SimpleNamespace(greeting="220 localhost ESMTP", rcpt="250 OK", messages=[])
    finished = threading.Event()

    class Handler(socketserver.StreamRequestHandler):
        def say(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self):
            if state.greeting is None:
                finished.wait(10)
                return
            self.say(state.greeting)
            if not state.greeting.startswith("220"):
                return
            recipients, data, in_data = [], [], False
            for raw in self.rfile:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if in_data:
                    if line == ".":
                        state.messages.append(
                            SimpleNamespace(to=list(recipients), data="\n".join(data))
                        )
                        recipients, data, in_data = [], [], False
                        self.say("250 2.0.0 queued")
                    else:
                        data.append(line[1:] if line.startswith("..") else line)
                    continue
                verb = line[:4].upper()
                if verb == "QUIT":
                    self.say("221 bye")
                    return
                if verb == "RCPT":
                    if state.rcpt.startswith("250"):
                        recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                    self.say(state.rcpt)
                elif verb == "DATA":
                    in_data = True
                    self.say("354 go ahead")
                elif verb in ("EHLO", "HELO", "MAIL", "RSET", "NOOP"):
                    self.say("250 OK")
                else:
                    self.say("502 not implemented")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.server_address[1]
    settings.EMAIL_TIMEOUT = 2
    try:
        yield state
    finally:
        finished.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A local port nothing listens on (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
