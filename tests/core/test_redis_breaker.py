"""While Redis hangs or refuses, calls fail at once instead of each waiting for timeouts."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from manset.core import redis as manset_redis
from manset.core.redis import RedisSkipped, redis_client


@pytest.fixture
def hung_redis():
    """A server on loopback that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def cache_at(url: str):
    return {
        "default": {
            "BACKEND": "manset.core.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_a_hung_redis_costs_one_timeout_then_calls_fail_at_once(hung_redis, caplog):
    with override_settings(CACHES=cache_at(hung_redis)):
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            answers = [caches["default"].get("anahtar", "yok") for _ in range(10)]
        elapsed = time.monotonic() - started
        caches["default"].close()
    assert answers == ["yok"] * 10
    assert elapsed < 1.5  # ten timeouts would be 5 s
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1  # one line for the outage, not one per call


def test_the_direct_client_fails_at_once_too(hung_redis):
    client = redis_client(hung_redis)
    client.connection_pool.connection_kwargs["socket_timeout"] = 0.5
    with pytest.raises(manset_redis.FAILURES):
        client.get("anahtar")
    started = time.monotonic()
    with pytest.raises(RedisSkipped):
        client.get("anahtar")
    assert time.monotonic() - started < 0.1


def test_after_the_pause_redis_is_asked_again(monkeypatch):
    monkeypatch.setattr(manset_redis, "BREAKER_SECONDS", 0.05)
    client = redis_client("redis://127.0.0.1:1/0")  # nothing listens: refused at once
    with pytest.raises(manset_redis.FAILURES) as first:
        client.get("anahtar")
    assert not isinstance(first.value, RedisSkipped)
    with pytest.raises(RedisSkipped):
        client.get("anahtar")
    time.sleep(0.1)
    with pytest.raises(manset_redis.FAILURES) as later:
        client.get("anahtar")
    assert not isinstance(later.value, RedisSkipped)  # a real attempt, refused again
