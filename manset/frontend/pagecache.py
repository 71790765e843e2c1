"""The app's own page cache: whole public pages kept in the shared cache (Redis).

A key is the content generation (manset.core.generation), the scheme, the host
name and the path, and the query parameters pages read; publishing, unpublishing,
moving or deleting any page makes every worker stop serving the old HTML at once
(old entries just age out). On only while the cache is shared by all workers
(REDIS_URL), so one worker's publish is seen by every other.

Keys are bounded and agree with `forget_page`, whatever the request sends:
- the host is the name without port, lower case, and only a name ALLOWED_HOSTS
  spells out (a wildcard's hosts are served uncached: nothing could forget them);
- query parameters no page reads (utm_source, fbclid, cache busters) are left out;
  those a page reads must hold a plain number, else the request is served uncached;
- a page rendered for an odd spelling of the host (another port, capitals) is served
  but not kept: its absolute links name the host as the request spelled it.
"""

import functools
import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path

from manset.core import generation
from manset.core.metrics import PAGE_CACHE
from manset.frontend.middleware import PRIVATE_PREFIXES

ENTRY_SECONDS = 600  # also bounds how stale time-based lists (Son Dakika) get
# Replayed on a hit: the page's own, and the security headers the middlewares below set
# on the first answer (a hit never runs them: it costs what a static file would).
HEADERS_KEPT = (
    "Content-Type",
    "Cache-Control",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


# Comment endpoints change with every comment; they are cheap and briefly cached by the proxy.
# Search follows its index, which a task updates after the publish that bumps the generation.
UNCACHED_PREFIXES = (*PRIVATE_PREFIXES, "/yorum/", "/arama/", "/api/v1/search/")

# The query parameters cached pages read: listings' page number (`sayfa`, frontend.views
# and DeskPage). Any other parameter is left out of the key.
QUERY_PARAMETERS = ("sayfa",)
# Read by the article page after a reader's own action without JavaScript (the notice
# after posting or reporting, the reply form: comments.reader_context): served uncached,
# so the only kept copy of an article is its plain URL, the one `forget_page` drops.
UNCACHED_PARAMETERS = ("yorum", "yanit", "sikayet")
PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
SCHEMES = ("http", "https")


def page_key(*, generation: int, scheme: str, host: str, path: str, query: str = "") -> str:
    """The one spelling of a page's key, for the middleware and `forget_page` alike."""
    return f"pagecache:{generation}:{scheme}://{split_domain_port(host)[0]}{path}?{query}"


def kept_hosts() -> tuple[str, ...]:
    """The host names whose pages are kept: those ALLOWED_HOSTS names exactly."""
    return _kept_hosts(tuple(settings.ALLOWED_HOSTS))


@functools.cache  # asked on every request; ALLOWED_HOSTS changes only in tests
def _kept_hosts(allowed: tuple[str, ...]) -> tuple[str, ...]:
    names = (split_domain_port(h)[0] for h in allowed)
    return tuple(sorted({name for name in names if name and not name.startswith(".")}))


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
        # Wagtail serves //dunya/ as /dunya/: a copy under it would be one nothing forgets.
        and "//" not in request.path
        and split_domain_port(request.get_host())[0] in kept_hosts()
    )


def _query(request) -> str | None:
    """The key's query string, or None when the request must be rendered uncached."""
    if any(name in request.GET for name in UNCACHED_PARAMETERS):
        return None
    kept = []
    for name in QUERY_PARAMETERS:
        values = request.GET.getlist(name)
        if len(values) > 1 or (values and not PLAIN_NUMBER.fullmatch(values[0])):
            return None  # the page would show a fallback: not worth a key of its own
        kept += [(name, value) for value in values]
    return urlencode(kept)


def _keeps_spelling(request) -> bool:
    """The Host header as the page cache keys it (pages embed it in absolute links)."""
    host = request.get_host()
    name = split_domain_port(host)[0]
    return host in (name, f"{name}:{request.get_port()}")


def _key(request, gen: int, query: str) -> str:
    return page_key(
        generation=gen,
        scheme=request.scheme,
        host=request.get_host(),
        path=escape_uri_path(request.path),
        query=query,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.MANSET_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        query = _query(request)
        if query is None:
            return self.get_response(request)
        current = generation.current()
        if current is None:  # the shared cache is down: render
            return self.get_response(request)
        pages = generation.store()
        key = _key(request, current, query)
        stored = pages.get(key)
        if stored is not None:
            PAGE_CACHE.labels("hit").inc()
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        PAGE_CACHE.labels("miss").inc()
        response = self.get_response(request)
        if (
            response.status_code == 200
            and _keeps_spelling(request)
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(h, response[h]) for h in HEADERS_KEPT if response.has_header(h)]
            pages.set(key, (response.status_code, headers, response.content), ENTRY_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def forget_page(*, path: str, hosts: list[str] | None = None) -> None:
    """Drop one page from the page cache of the current generation, for every host it
    may be kept under (`kept_hosts`, plus any `hosts` named, in any spelling)."""
    current = generation.current()
    if current is None:
        return
    pages = generation.store()
    names = {split_domain_port(host)[0] for host in hosts or ()} | set(kept_hosts())
    for scheme in SCHEMES:
        for name in sorted(names):
            pages.delete(page_key(generation=current, scheme=scheme, host=name, path=path))


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
    from manset.frontend.models import OutletSettings
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
    # The outlet's details show on the KVKK page (and later the imprint).
    post_save.connect(
        _bump_on_change, sender=OutletSettings, dispatch_uid="pagecache-outlet-settings"
    )
    post_save.connect(bump, sender=Ban, dispatch_uid="pagecache-ban")
    post_delete.connect(bump, sender=Ban, dispatch_uid="pagecache-ban-deleted")
    post_save.connect(bump, sender=Site, dispatch_uid="pagecache-site")
    post_delete.connect(bump, sender=Site, dispatch_uid="pagecache-site-deleted")
    # A page made private must not stay public in the cache.
    post_save.connect(bump, sender=PageViewRestriction, dispatch_uid="pagecache-priv")
    post_delete.connect(bump, sender=PageViewRestriction, dispatch_uid="pagecache-pub")
