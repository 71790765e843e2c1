"""The content generation: one shared number that changes whenever what readers see changes.

Publishing, unpublishing, moving or deleting a page, editing an author or a site,
or changing page privacy bumps it. Whole pages cached under it (frontend.pagecache)
and values each worker keeps in memory under it (`memo`) go stale together, in every
worker at once, the moment the change is committed. With REDIS_URL the number lives
in Redis; without, in Django's cache (local memory: one process only).
"""

import contextvars
import logging
import pickle
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from manset.core.redis import redis_client

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def _fresh_start() -> int:
    # A lost or flushed number restarts somewhere random, never back at a value a
    # worker may still hold memos for.
    return secrets.randbelow(2**48)


class DjangoCacheStore:
    """Through Django's cache API (local memory in tests and development)."""

    def generation(self) -> int:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, _fresh_start(), timeout=None)
            value = cache.get(GENERATION_KEY, 0)
        return value

    def bump(self) -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet
            cache.add(GENERATION_KEY, _fresh_start(), timeout=None)

    def get(self, key: str):
        return cache.get(key)

    def set(self, key: str, value, seconds: int) -> None:
        cache.set(key, value, seconds)

    def delete(self, key: str) -> None:
        cache.delete(key)


class RedisStore:
    """Straight to Redis with one long-lived client (cheaper than Django's cache API)."""

    def __init__(self, url: str, prefix: str):
        self.client = redis_client(url)
        self.prefix = f"{prefix}:"

    def generation(self) -> int:
        key = self.prefix + GENERATION_KEY
        raw = self.client.get(key)
        if raw is None:
            self.client.set(key, _fresh_start(), nx=True)
            raw = self.client.get(key)
        return int(raw or 0)

    def bump(self) -> None:
        key = self.prefix + GENERATION_KEY
        if self.client.set(key, _fresh_start(), nx=True) is None:
            self.client.incr(key)

    def get(self, key: str):
        raw = self.client.get(self.prefix + key)
        # Only Manşet writes these keys, in the shared cache the app trusts.
        return pickle.loads(raw) if raw else None  # noqa: S301

    def set(self, key: str, value, seconds: int) -> None:
        self.client.set(self.prefix + key, pickle.dumps(value), ex=seconds)

    def delete(self, key: str) -> None:
        self.client.delete(self.prefix + key)


def store():
    url = settings.MANSET_REDIS_URL
    return RedisStore(url, settings.MANSET_CACHE_PREFIX) if url else DjangoCacheStore()


def now_and_on_commit(action) -> None:
    """Run a cache invalidation now and, inside a transaction, again when it commits: a
    worker that re-reads between the two would otherwise keep the old content. Outside
    a transaction (autocommit) the change is already committed, so once is enough."""
    action()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(action)


def bump(**kwargs) -> None:
    """Make everything cached under the generation stale (a signal receiver)."""
    now_and_on_commit(_bump)


def _bump() -> None:
    try:
        store().bump()
    except Exception:  # an editor's publish must not fail because the cache is down
        logger.exception("could not bump the content generation; cached pages may be stale")


# Per request (set by GenerationMiddleware): the generation, read at most once.
_request_state: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "manset_generation", default=None
)
_memo: dict[str, tuple[int, object]] = {}
MEMO_MAX = 256  # names include the host; a flood of odd hosts must not grow it forever


def current() -> int | None:
    """The generation, or None while the shared cache cannot be reached (then nothing
    is cached or memoised: pages are rendered, the site stays up)."""
    state = _request_state.get()
    if state is not None and "generation" in state:
        return state["generation"]
    try:
        value = store().generation()
    except Exception as exc:  # noqa: BLE001  (any cache failure means "no cache")
        logger.warning("shared cache unreachable, serving uncached: %s", exc)
        value = None
    if state is not None:
        state["generation"] = value
    return value


def memo(name: str, factory):
    """`factory()`, kept in this process until the generation changes.

    Only while the generation is shared by every worker (MANSET_PROCESS_MEMO, on with
    REDIS_URL). The value is shared by the requests of one worker: treat it as read-only.
    """
    value = peek(name)
    if value is MISSING:
        value = factory()
        keep(name, value)
    return value


MISSING = object()


def peek(name: str):
    """The memo kept under the current generation, else MISSING."""
    if not settings.MANSET_PROCESS_MEMO:
        return MISSING
    generation = current()
    kept = _memo.get(name)
    if generation is None or kept is None or kept[0] != generation:
        return MISSING
    return kept[1]


def keep(name: str, value) -> None:
    if not settings.MANSET_PROCESS_MEMO:
        return
    generation = current()
    if generation is None:
        return
    if len(_memo) >= MEMO_MAX:
        _memo.clear()
    _memo[name] = (generation, value)


def forget() -> None:
    """Drop this process's memos (tests)."""
    _memo.clear()


class GenerationMiddleware:
    """Reads the generation at most once per request, and hands Wagtail the site and its
    root paths from the memo (two queries and a cache read a page) once a page has
    looked them up; requests that never look (feeds, sitemaps) cost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_state.set({})
        try:
            if not settings.MANSET_PROCESS_MEMO or request.path.startswith("/admin/"):
                return self.get_response(request)
            names = {
                "_wagtail_site": f"site:{request.get_host()}",
                "_wagtail_cached_site_root_paths": "site-root-paths",
            }
            given = set()
            for attribute, name in names.items():
                value = peek(name)
                if value is not MISSING:
                    setattr(request, attribute, value)
                    given.add(attribute)
            response = self.get_response(request)
            for attribute, name in names.items():
                if attribute not in given and hasattr(request, attribute):
                    keep(name, getattr(request, attribute))
            return response
        finally:
            _request_state.reset(token)
