"""Rate limits may live in a Redis of their own (REDIS_LIMITS_URL), one that never evicts,
so a cache that drops pages under memory pressure cannot reset them."""

import os

import pytest
from django.core.cache import cache
from django.test import override_settings

from manset.core import ratelimit
from manset.core.errors import ConfigError
from manset.settings.env import redis_url

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")


@pytest.mark.redis
def test_limits_outlive_the_cache_when_they_have_their_own_redis():
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL (the PostgreSQL run)")
    import redis

    limits = redis.Redis.from_url(REDIS_URL)
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=local, MANSET_REDIS_URL="", MANSET_LIMITS_REDIS_URL=REDIS_URL):
        limits.flushdb()
        assert not ratelimit.over_limit([("deneme", "203.0.113.5", 2, 60)])
        assert not ratelimit.over_limit([("deneme", "203.0.113.5", 2, 60)])
        cache.clear()  # what eviction does to the cache, at worst
        assert ratelimit.over_limit([("deneme", "203.0.113.5", 2, 60)])
        assert [k for k in limits.scan_iter("*limits:deneme:*")]  # hashed, never the address
        assert not [k for k in limits.scan_iter("*203.0.113.5*")]
        limits.flushdb()


def test_a_malformed_limits_url_stops_the_start(monkeypatch):
    monkeypatch.setenv("REDIS_LIMITS_URL", "http://127.0.0.1:6379/0")
    with pytest.raises(ConfigError, match="REDIS_LIMITS_URL"):
        redis_url("REDIS_LIMITS_URL")
    monkeypatch.setenv("REDIS_LIMITS_URL", "redis://127.0.0.1:6380/0")
    assert redis_url("REDIS_LIMITS_URL") == "redis://127.0.0.1:6380/0"
    monkeypatch.delenv("REDIS_LIMITS_URL")
    assert redis_url("REDIS_LIMITS_URL") == ""
