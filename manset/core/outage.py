"""Waiting out a database outage in a long-running process (`manset worker`).

Nothing supervises the worker in `manset stack` (and a supervisor restarting it in a
loop would only log the same traceback every second), so when PostgreSQL goes away,
restarts or fails over, the worker keeps running: it logs the outage once, asks again
after a growing pause (never a busy loop), and says once when the database answers
again. App servers need none of this: Django opens a connection per request and
CONN_HEALTH_CHECKS drops a dead persistent one before it is used.
"""

import logging
import threading
import time

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

# What a lost, refused or restarting server raises through Django (psycopg's
# "terminating connection due to administrator command", "connection is closed", …).
DATABASE_DOWN = (OperationalError, InterfaceError)
FIRST_PAUSE = 0.5  # seconds; doubled after each failed try
LONGEST_PAUSE = 5.0  # so work resumes within seconds of the database's return


def database_answers(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database takes a query now, on this thread's connection.

    A connection broken by the outage fails once and is closed; the second try opens a
    new one. Inside a transaction (a test's) the connection is left as it is.
    """
    connection = connections[alias]
    tries = 1 if connection.connection is None or connection.in_atomic_block else 2
    for _ in range(tries):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DATABASE_DOWN:
            if not connection.in_atomic_block:
                connection.close()
        else:
            return True
    return False


class DatabaseOutage:
    """One process's view of the database being away: shared by its threads.

    `lost` logs the first failure of an outage (later ones are counted, not logged);
    `back` logs the return once, with how long it took and how many failures it saw.
    """

    def __init__(self, what: str):
        self.what = what
        self._lock = threading.Lock()
        self._since: float | None = None
        self._failures = 0

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    def lost(self, error: BaseException) -> None:
        with self._lock:
            self._failures += 1
            if self._since is not None:
                return
            self._since = time.monotonic()
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        logger.warning(
            "the database is unreachable (%s: %s); %s waits and tries again, "
            "at most every %g s, without a restart",
            type(error).__name__,
            first_line,
            self.what,
            LONGEST_PAUSE,
        )

    def back(self) -> None:
        with self._lock:
            if self._since is None:
                return
            seconds, failures = time.monotonic() - self._since, self._failures
            self._since, self._failures = None, 0
        logger.warning(
            "the database answers again after %.1f s (%d failed tries); %s resumes",
            seconds,
            failures,
            self.what,
        )

    def wait(self, stop: threading.Event) -> bool:
        """Until the database answers (True) or `stop` is set (False), pausing in between."""
        pause = FIRST_PAUSE
        while not stop.is_set():
            if database_answers():
                self.back()
                return True
            with self._lock:
                self._failures += 1
            if stop.wait(pause):
                break
            pause = min(pause * 2, LONGEST_PAUSE)
        return False
