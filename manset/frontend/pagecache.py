"""The app's own page cache: whole public pages kept in the shared cache (Redis).

A key is the host and full path plus the current content generation
(manset.core.generation), so publishing, unpublishing, moving or deleting any
page makes every worker stop serving the old HTML at once (old entries just age
out). On only while the cache is shared by all workers (REDIS_URL), so one
worker's publish is seen by every other.
"""

from django.conf import settings
from django.http import HttpResponse

from manset.core import generation
from manset.frontend.middleware import PRIVATE_PREFIXES

ENTRY_SECONDS = 600  # also bounds how stale time-based lists (Son Dakika) get
HEADERS_KEPT = ("Content-Type", "Cache-Control", "Content-Language", "Link")


# Comment endpoints change with every comment; they are cheap and briefly cached by the proxy.
# Search follows its index, which a task updates after the publish that bumps the generation.
UNCACHED_PREFIXES = (*PRIVATE_PREFIXES, "/yorum/", "/arama/", "/api/v1/search/")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _key(request, gen: int) -> str:
    return f"pagecache:{gen}:{request.get_host()}:{request.get_full_path()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.MANSET_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        current = generation.current()
        if current is None:  # the shared cache is down: render
            return self.get_response(request)
        pages = generation.store()
        key = _key(request, current)
        stored = pages.get(key)
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
            pages.set(key, (response.status_code, headers, response.content), ENTRY_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def forget_page(*, path: str, hosts: list[str]) -> None:
    """Drop one page (without query variants) from the page cache of the current generation."""
    current = generation.current()
    if current is None:
        return
    pages = generation.store()
    for host in hosts:
        pages.delete(f"pagecache:{current}:{host}:{path}")


def _bump_on_change(created: bool = False, **kwargs) -> None:
    # A settings row made on first read holds the defaults nothing was rendered without.
    if not created:
        generation.bump()


def register_signal_handlers() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from manset.comments.config import CommentSettings
    from manset.comments.models import Ban
    from manset.newsroom.models import Author

    bump = generation.bump
    page_published.connect(bump, dispatch_uid="pagecache-published")
    page_unpublished.connect(bump, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(bump, dispatch_uid="pagecache-moved")
    post_delete.connect(bump, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(bump, sender=Author, dispatch_uid="pagecache-author")
    # The comment rules and bans are memoised per worker under the generation too.
    post_save.connect(
        _bump_on_change, sender=CommentSettings, dispatch_uid="pagecache-comment-settings"
    )
    post_save.connect(bump, sender=Ban, dispatch_uid="pagecache-ban")
    post_delete.connect(bump, sender=Ban, dispatch_uid="pagecache-ban-deleted")
    post_save.connect(bump, sender=Site, dispatch_uid="pagecache-site")
    post_delete.connect(bump, sender=Site, dispatch_uid="pagecache-site-deleted")
    # A page made private must not stay public in the cache.
    post_save.connect(bump, sender=PageViewRestriction, dispatch_uid="pagecache-priv")
    post_delete.connect(bump, sender=PageViewRestriction, dispatch_uid="pagecache-pub")
