"""Purging the shared HTTP cache when an article changes.

A change to an article changes its page and the lists that show it: its desk, tags and
authors (every `?sayfa=N` page, since one article more or less shifts them all), its day
in the archive, the home page and the feeds; those are purged here, in one batch, on
publish and unpublish, ahead of other queued tasks (Wagtail's frontend_cache app purges
the page itself too, later). Editing a live article means publishing a new revision, so
edits are covered.

Each proxy in MANSET_PURGE_URL is a backend of its own (ProxyBackend): its purges are
a task of their own, retried with back-off when it does not answer (frontend.tasks).
"""

import logging
import math
import threading

from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.signals import page_published, page_unpublished

from manset import turkish
from manset.core.paging import LISTING_PER_PAGE
from manset.frontend.tasks import PURGE_PRIORITY, proxy_purge_task
from manset.newsroom import selectors
from manset.newsroom.card_lists import Scope, list_count, position

logger = logging.getLogger(__name__)


class RecordingBackend(BaseBackend):
    """Remembers purged URLs (and logs them): the default until a real proxy is configured.

    Tests read `RecordingBackend.purged`; production sets MANSET_PURGE_URL to use
    ProxyBackend against nginx (or Varnish).
    """

    purged: list[str] = []
    _lock = threading.Lock()

    def purge(self, url) -> None:
        with self._lock:
            self.purged.append(url)
        logger.debug("cache purge: %s", url)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls.purged.clear()


class ProxyBackend(BaseBackend):
    """One caching proxy of MANSET_PURGE_URL (LOCATION): its purges are queued as a task
    of their own, so a proxy that does not answer holds up no other proxy's purges and
    is tried again later (frontend.tasks.proxy_purge_task)."""

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"]

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        proxy_purge_task.enqueue(location=self.location, urls=list(urls))


# A list longer than this many pages gets its first pages, the page that holds the
# article, the one after it and its last two purged, not all of them: a desk of a
# million-article archive has thousands of pages, and a publish would queue thousands
# of purges ahead of the next publish's. The deeper pages each shift by one article;
# readers get them fresh within MANSET_CACHE_S_MAXAGE (the proxy's s-maxage).
ALL_PAGES_UP_TO = 50
FIRST_PAGES = 5


def listing_paths(path: str, *, count: int, holding: int | None = None) -> list[str]:
    """A listing's page 1 and the `?sayfa=N` pages to purge, for `count` articles now
    listed and the article on page `holding` (the page it is on, or has just left).

    One article more or less shifts every page, and a removal can empty the last one,
    so the page past the last is purged too (it may be kept with articles, or as a 404).
    """
    last = math.ceil(count / LISTING_PER_PAGE) + 1
    if last <= ALL_PAGES_UP_TO or holding is None:
        numbers = range(1, last + 1)
    else:
        wanted = {*range(1, FIRST_PAGES + 1), holding, holding + 1, last - 1, last}
        numbers = sorted(n for n in wanted if 1 <= n <= last)
    return [path if number == 1 else f"{path}?sayfa={number}" for number in numbers]


def article_related_paths(article) -> list[str]:
    """Site paths whose content lists this article (besides the article itself): every
    first page, then the deeper pages of its lists, so readers' pages are purged first."""
    desk = article.get_parent()
    tags, authors = list(article.tags.all()), list(article.authors.all())
    # Counted by the publication index's kept counts, not by reading the lists.
    lists = [(f"/etiket/{tag.slug}/", Scope.of(tag=tag)) for tag in tags]
    lists += [(f"/yazar/{a.slug}/", Scope.of(author=a)) for a in authors]
    if desk.url:  # relative to the site, as Wagtail gives it for a single site
        lists.insert(0, (desk.url, Scope.of(desk=desk)))
    paged = [_paths(path, scope, article) for path, scope in lists]
    if article.first_published_at:
        day = turkish.to_istanbul(article.first_published_at).date()
        path = reverse("archive-day", args=[day.year, day.month, day.day])
        paged.append(listing_paths(path, count=selectors.article_cards(day=day).count()))
    feeds = ["/rss/", f"/rss/{desk.slug}/", "/sitemap-news.xml"]
    feeds += [f"/etiket/{tag.slug}/rss/" for tag in tags]
    feeds += [f"/yazar/{author.slug}/rss/" for author in authors]
    first_pages = ["/", *(pages[0] for pages in paged), *feeds]
    return first_pages + [path for pages in paged for path in pages[1:]]


def _paths(path: str, scope: Scope, article) -> list[str]:
    count = list_count(scope)
    holding = None
    if article.first_published_at and count > ALL_PAGES_UP_TO * LISTING_PER_PAGE:
        before = position(scope, published_at=article.first_published_at, article_id=article.id)
        holding = before // LISTING_PER_PAGE + 1
    return listing_paths(path, count=count, holding=holding)


def purge_urls(urls: list[str]) -> None:
    """Wagtail's purge_urls_from_cache, in this order and ahead of other queued tasks.

    Wagtail queues its task at the default priority, behind the search and reference
    indexing a publish queues beside it; readers wait for these purges, and the pages they
    open first are first in `urls` (a PurgeBatch would keep a set)."""
    if urls:
        purge_urls_from_cache_task.using(priority=PURGE_PRIORITY).enqueue(list(dict.fromkeys(urls)))


def purge_article_neighbours(article) -> None:
    site = article.get_site()
    if site is None:
        return
    root = site.root_url.rstrip("/")
    paths = article_related_paths(article)
    own = article.get_url()
    if own and own.startswith("/"):  # first: Wagtail's own purge of it waits behind indexing
        paths.insert(0, own)
    purge_urls([root + path for path in paths])


def _on_article_changed(sender, instance, **kwargs):
    purge_article_neighbours(instance)


def _on_comments_changed(sender, article_id, **kwargs):
    """A comment appeared, changed or went: the article's page (and count) is stale."""
    from manset.frontend import pagecache
    from manset.newsroom.models import ArticlePage

    article = ArticlePage.objects.filter(id=article_id).first()
    if article is None or (site := article.get_site()) is None:
        return
    path = article.get_url()
    if not path.startswith("/"):  # a full URL when several sites exist
        path = "/" + path.split("/", 3)[-1]
    pagecache.forget_page(path=path, hosts=[site.hostname])
    purge_urls([site.root_url.rstrip("/") + path])


def register_signal_handlers() -> None:
    from manset.comments.signals import comments_changed
    from manset.newsroom.models import ArticlePage

    comments_changed.connect(_on_comments_changed, dispatch_uid="manset-purge-comments")

    page_published.connect(_on_article_changed, sender=ArticlePage, dispatch_uid="manset-purge-pub")
    page_unpublished.connect(
        _on_article_changed, sender=ArticlePage, dispatch_uid="manset-purge-unpub"
    )
