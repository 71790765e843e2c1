"""Counters and short memories shared by every worker: the comment guard's, and the
rate limits of reader forms (comments, reports, search) and of read counting.

With REDIS_URL they live in Redis and each step is one round trip (a pipeline), or in
REDIS_LIMITS_URL's Redis when that is set (one that never evicts them); otherwise in
Django's cache. Fixed windows: cheap, and exact enough for "30 comments
an hour from one address". Keys are hashed: the cache holds no e-mail addresses or
IPs in the clear.

While Redis is unreachable (logged): `seen` answers None, so its caller can ask the
database instead (the comment guard does: the flood and duplicate rules must not fail
open), and `over_limit` counts in this process's memory, so each worker still holds a
reader to the limit (with N workers, at most N times it) until Redis is back.
"""

import contextlib
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache

from manset.core.redis import redis_client

logger = logging.getLogger(__name__)
_isolated: dict = {"cache": None}
# Where the limits count while Redis is unreachable: this process only.
_outage_counters = LocMemCache("manset-limits-outage", {})


@contextlib.contextmanager
def isolated():
    """Counters kept apart from the live site's (`manset comments check` dry runs)."""
    _isolated["cache"] = LocMemCache("manset-comments-check", {})
    try:
        yield
    finally:
        _isolated["cache"] = None


def forget_outage_counts() -> None:
    """Drop what this process counted while Redis was down (tests)."""
    _outage_counters.clear()


def _key(kind: str, who: str) -> str:
    return f"limits:{kind}:{hashlib.sha256(who.encode()).hexdigest()[:32]}"


def _redis():
    url = settings.MANSET_LIMITS_REDIS_URL or settings.MANSET_REDIS_URL
    if _isolated["cache"] is None and url:
        return redis_client(url), f"{settings.MANSET_CACHE_PREFIX}:"
    return None, ""


def _cache():
    return _isolated["cache"] or shared_cache


def seen(pairs: list[tuple[str, str]]) -> set[tuple[str, str]] | None:
    """Which (kind, who) pairs were remembered and have not expired; None when the shared
    memory cannot be read (Redis down), so the caller can decide what that means."""
    pairs = [(kind, who) for kind, who in pairs if who]
    if not pairs:
        return set()
    client, prefix = _redis()
    try:
        if client is not None:
            found = client.mget([prefix + _key(kind, who) for kind, who in pairs])
            return {pair for pair, value in zip(pairs, found, strict=True) if value is not None}
        stored = _cache().get_many([_key(kind, who) for kind, who in pairs])
        return {(kind, who) for kind, who in pairs if _key(kind, who) in stored}
    except Exception as exc:  # noqa: BLE001  (any failure of the shared store)
        logger.warning("rate limits unavailable, the caller decides: %s", exc)
        return None


def remember(pairs: list[tuple[str, str, int]]) -> None:
    """Remember (kind, who) for `seconds` each."""
    pairs = [(kind, who, seconds) for kind, who, seconds in pairs if who and seconds > 0]
    if not pairs:
        return
    client, prefix = _redis()
    try:
        if client is not None:
            with client.pipeline(transaction=False) as pipe:
                for kind, who, seconds in pairs:
                    pipe.set(prefix + _key(kind, who), 1, ex=seconds)
                pipe.execute()
            return
        for kind, who, seconds in pairs:
            _cache().set(_key(kind, who), 1, timeout=seconds)
    except Exception as exc:  # noqa: BLE001
        logger.warning("rate limits unavailable: %s", exc)


def over_limit(counts: list[tuple[str, str, int, int]]) -> bool:
    """Count one event for each (kind, who, limit, seconds); True when any is past its limit."""
    counts = [c for c in counts if c[1] and c[2] > 0]
    if not counts:
        return False
    client, prefix = _redis()
    try:
        if client is not None:
            with client.pipeline(transaction=False) as pipe:
                for kind, who, _limit, seconds in counts:
                    # The window starts with the first event (SET NX), then counts (INCR).
                    pipe.set(prefix + _key(kind, who), 0, ex=seconds, nx=True)
                    pipe.incr(prefix + _key(kind, who))
                totals = pipe.execute()[1::2]
        else:
            totals = [_cache_incr(_key(kind, who), seconds) for kind, who, _l, seconds in counts]
    except Exception as exc:  # noqa: BLE001  (any failure of the shared store)
        logger.warning("rate limits unavailable, counting in this process: %s", exc)
        totals = [
            _cache_incr(_key(kind, who), seconds, cache=_outage_counters)
            for kind, who, _l, seconds in counts
        ]
    return any(total > limit for total, (_k, _w, limit, _s) in zip(totals, counts, strict=True))


def _cache_incr(cache_key: str, seconds: int, *, cache=None) -> int:
    cache = cache or _cache()
    if cache.add(cache_key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=seconds)
        return 1
