"""Counting reads for "En çok okunanlar" without writing to the database or the page cache.

Reads arrive from a beacon the cached article page sends; each lands in an
hourly bucket. With Redis (REDIS_URL) the buckets are sorted sets shared by every
worker; without it, a counter in this process (fine for one laptop). While Redis is
unreachable reads are not counted and the list is empty (the home page leaves the box
out): a warning, never an error page.

A reader is a client address (`manset.core.client.client_ip`, so MANSET_PROXY_HOPS
applies; an IPv6 address by its /64, what one line gets): one read per reader and
article an hour, at most ARTICLES_PER_READER_HOUR articles a reader an hour, and only
for live, public articles, so no id anyone invents reaches the counts.
"""

import enum
import ipaddress
import logging
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from redis.exceptions import RedisError

from manset.core import params, ratelimit
from manset.core.redis import redis_client
from manset.newsroom.models import ArticlePage, view_restrictions_exist

logger = logging.getLogger(__name__)

BUCKET_TTL = int(timedelta(hours=26).total_seconds())
READ_WINDOW_SECONDS = 3600  # a reader's reads of one article count once in this window
ARTICLES_PER_READER_HOUR = 30


class ReadVerdict(enum.Enum):
    COUNTED = "counted"
    REPEATED = "repeated"  # this reader's read of this article is counted already
    OVER_LIMIT = "over-limit"  # this reader counted enough articles this hour
    NOT_FOUND = "not-found"  # no live, public article has this id
    NO_READER = "no-reader"  # the request carries no address
    UNAVAILABLE = "unavailable"  # Redis is unreachable


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


def read_record(*, article_id: int, ip: str | None, now: datetime | None = None) -> ReadVerdict:
    """Count one read of a live, public article by the reader at `ip` (see the module doc)."""
    if not _readable(article_id):
        return ReadVerdict.NOT_FOUND
    if not ip:
        return ReadVerdict.NO_READER
    reader = _reader(ip)
    if ratelimit.over_limit([("read", f"{reader}|{article_id}", 1, READ_WINDOW_SECONDS)]):
        return ReadVerdict.REPEATED
    if ratelimit.over_limit([("reads", reader, ARTICLES_PER_READER_HOUR, 3600)]):
        return ReadVerdict.OVER_LIMIT
    try:
        read_counter().add(article_id, now or timezone.now())
    except RedisError as exc:
        logger.warning("read not counted, Redis unreachable: %s", exc)
        return ReadVerdict.UNAVAILABLE
    return ReadVerdict.COUNTED


def _readable(article_id: int) -> bool:
    if not 0 < article_id <= params.MAX_ID:
        return False
    articles = ArticlePage.objects.published().filter(id=article_id)
    if view_restrictions_exist():
        articles = articles.public()
    return articles.exists()


def _reader(ip: str) -> str:
    """Who counts as one reader: the address, or for IPv6 its /64 network."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:  # a dual-stack server's view of an IPv4 reader
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def most_read_ids(*, hours: int = 24, limit: int = 5, now: datetime | None = None) -> list[int]:
    """The most read article ids, most read first; none while the counts are unreachable."""
    try:
        top = read_counter().top(now or timezone.now(), hours, limit)
    except RedisError as exc:
        logger.warning("read counts unavailable, most read left out: %s", exc)
        return []
    return [article_id for article_id, _ in top]
