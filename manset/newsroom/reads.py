"""Counting reads for "En çok okunanlar" without touching the database or the page cache.

Reads arrive from a beacon the cached article page sends; each lands in an
hourly bucket. With Redis (REDIS_URL) the buckets are sorted sets shared by every
worker; without it, a counter in this process (fine for one laptop). While Redis is
unreachable reads are not counted and the list is empty (the home page leaves the box
out): a warning, never an error page.
"""

import logging
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from manset.core.redis import redis_client

logger = logging.getLogger(__name__)

BUCKET_TTL = int(timedelta(hours=26).total_seconds())
DEDUPE_SECONDS = 3600


def _bucket(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H")


def _buckets(now: datetime, hours: int) -> list[str]:
    return [_bucket(now - timedelta(hours=h)) for h in range(hours)]


class LocalReadCounter:
    def __init__(self):
        self._lock = threading.Lock()
        self._buckets: dict[str, Counter] = {}

    def add(self, article_id: int, now: datetime) -> None:
        with self._lock:
            self._buckets.setdefault(_bucket(now), Counter())[article_id] += 1

    def top(self, now: datetime, hours: int, limit: int) -> list[tuple[int, int]]:
        keep = set(_buckets(now, hours))
        oldest = min(keep)
        total: Counter = Counter()
        with self._lock:
            for key in list(self._buckets):
                if key in keep:
                    total.update(self._buckets[key])
                elif key < oldest:
                    del self._buckets[key]
        return total.most_common(limit)


class RedisReadCounter:
    def __init__(self, client, prefix: str):
        self.client = client
        self.prefix = prefix

    def _key(self, bucket: str) -> str:
        return f"{self.prefix}:reads:{bucket}"

    def add(self, article_id: int, now: datetime) -> None:
        key = self._key(_bucket(now))
        pipe = self.client.pipeline()
        pipe.zincrby(key, 1, article_id)
        pipe.expire(key, BUCKET_TTL)
        pipe.execute()

    def top(self, now: datetime, hours: int, limit: int) -> list[tuple[int, int]]:
        keys = [self._key(b) for b in _buckets(now, hours)]
        total: Counter = Counter()
        pipe = self.client.pipeline()
        for key in keys:
            pipe.zrange(key, 0, -1, withscores=True)
        for members in pipe.execute():
            for member, score in members:
                total[int(member)] += int(score)
        return total.most_common(limit)


_local = LocalReadCounter()


def read_counter():
    """The counter for this configuration: Redis when REDIS_URL is set."""
    url = settings.MANSET_REDIS_URL
    if not url:
        return _local
    return RedisReadCounter(redis_client(url), settings.MANSET_CACHE_PREFIX)


def read_record(*, article_id: int, visitor: str, now: datetime | None = None) -> bool:
    """Count one read; the same visitor reading the same article within the hour counts once."""
    now = now or timezone.now()
    if not cache.add(f"read-seen:{visitor}:{article_id}", 1, DEDUPE_SECONDS):
        return False
    try:
        read_counter().add(article_id, now)
    except RedisError as exc:
        logger.warning("read not counted, Redis unreachable: %s", exc)
        return False
    return True


def most_read_ids(*, hours: int = 24, limit: int = 5, now: datetime | None = None) -> list[int]:
    """The most read article ids, most read first; none while the counts are unreachable."""
    try:
        top = read_counter().top(now or timezone.now(), hours, limit)
    except RedisError as exc:
        logger.warning("read counts unavailable, most read left out: %s", exc)
        return []
    return [article_id for article_id, _ in top]
