"""The app's own page cache: whole public pages kept in the shared cache (Redis).

A key is the host and full path plus the current *generation*; publishing,
unpublishing, moving or deleting any page, or editing an author, bumps the
generation, so every worker stops serving the old HTML at once (old entries
just age out). On only while the cache is shared by all workers (REDIS_URL), so
one worker's publish is seen by every other.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from manset.frontend.middleware import PRIVATE_PREFIXES

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_SECONDS = 600  # also bounds how stale time-based lists (Son Dakika) get
HEADERS_KEPT = ("Content-Type", "Cache-Control", "Content-Language", "Link")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation(**kwargs) -> None:
    """Make every cached page stale (called on publish, unpublish, move, delete)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one
        cache.add(GENERATION_KEY, 1, timeout=None)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIVATE_PREFIXES)
    )


def _key(request, gen: int) -> str:
    return f"pagecache:{gen}:{request.get_host()}:{request.get_full_path()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.MANSET_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, generation())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(h, response[h]) for h in HEADERS_KEPT if response.has_header(h)]
            cache.set(key, (response.status_code, headers, response.content), ENTRY_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def register_signal_handlers() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from manset.newsroom.models import Author

    page_published.connect(bump_generation, dispatch_uid="pagecache-published")
    page_unpublished.connect(bump_generation, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(bump_generation, dispatch_uid="pagecache-moved")
    post_delete.connect(bump_generation, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(bump_generation, sender=Author, dispatch_uid="pagecache-author")
