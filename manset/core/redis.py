"""Redis connections that fail fast while Redis is down.

One long-lived client per process for code that talks to Redis directly (Django's
RedisCache builds a client object on every call; for hot paths such as read
counting and rate limits a single client with its own pool is cheaper), and one
connection pool class (`BreakerConnectionPool`) for it and for the cache.

While a Redis server is unreachable or hangs, every request would otherwise wait
for its timeouts (and redis-py's retries with back-off) on every cache call: a
page taking seconds, a worker pool soon exhausted. So a failed connection or
command opens a per-process breaker for that server: for BREAKER_SECONDS every
further call fails at once with RedisSkipped, which callers already treat as an
outage; then one call tries again.
"""

import logging
import threading
import time
from functools import cache

import redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5.0
TIMEOUT = 2.0
FAILURES = (RedisConnectionError, RedisTimeoutError)

_open_until: dict[str, float] = {}
_lock = threading.Lock()


class RedisSkipped(RedisConnectionError):
    """Not tried: this server failed a moment ago (see the module docstring)."""


def _check(server: str) -> None:
    until = _open_until.get(server)
    if until is not None and time.monotonic() < until:
        raise RedisSkipped(f"Redis at {server} failed less than {BREAKER_SECONDS:g} s ago")


def _trip(server: str, error: Exception) -> None:
    with _lock:
        already = time.monotonic() < _open_until.get(server, 0.0)
        _open_until[server] = time.monotonic() + BREAKER_SECONDS
    if not already:
        logger.warning(
            "Redis at %s is unreachable (%s); not asked again for %g s",
            server,
            error,
            BREAKER_SECONDS,
        )


def _close(server: str) -> None:
    if _open_until.pop(server, None) is not None:
        logger.warning("Redis at %s answers again", server)


def breaker_reset() -> None:
    """Forget every failure (tests)."""
    _open_until.clear()


@cache
def _with_breaker(connection_class: type) -> type:
    """`connection_class` (TCP, TLS or unix socket) with the breaker around its I/O."""

    class BreakerConnection(connection_class):
        def _server(self) -> str:
            return getattr(self, "path", "") or f"{self.host}:{self.port}"

        def connect(self):
            if self._sock:
                return
            server = self._server()
            _check(server)
            try:
                super().connect()
            except FAILURES as error:
                _trip(server, error)
                raise
            _close(server)

        def send_packed_command(self, command, check_health=True):
            server = self._server()
            _check(server)
            try:
                return super().send_packed_command(command, check_health)
            except FAILURES as error:
                _trip(server, error)
                raise

        def read_response(self, *args, **kwargs):
            try:
                return super().read_response(*args, **kwargs)
            except FAILURES as error:
                _trip(self._server(), error)
                raise

    BreakerConnection.__name__ = f"Breaker{connection_class.__name__}"
    return BreakerConnection


class BreakerConnectionPool(redis.ConnectionPool):
    """A pool whose connections use the breaker; no retries (the breaker decides)."""

    def __init__(self, connection_class=redis.Connection, **kwargs):
        kwargs.setdefault("retry", Retry(NoBackoff(), 0))
        kwargs.setdefault("socket_timeout", TIMEOUT)
        kwargs.setdefault("socket_connect_timeout", TIMEOUT)
        super().__init__(connection_class=_with_breaker(connection_class), **kwargs)


@cache
def redis_client(url: str):
    return redis.Redis(connection_pool=BreakerConnectionPool.from_url(url))
