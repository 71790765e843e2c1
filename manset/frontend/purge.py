"""Purging the shared HTTP cache when an article changes.

Wagtail's frontend_cache app purges the published page itself. A change to an
article also changes the lists that show it: its desk, its tags, the home page
and the feeds; those are purged here, in one batch, on publish and unpublish.
Editing a live article means publishing a new revision, so edits are covered.
"""

import logging
import threading

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


class RecordingBackend(BaseBackend):
    """Remembers purged URLs (and logs them): the default until a real proxy is configured.

    Tests read `RecordingBackend.purged`; production sets MANSET_PURGE_URL to use
    Wagtail's HTTP backend against Varnish or nginx.
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


def article_related_paths(article) -> list[str]:
    """Site paths whose content lists this article (besides the article itself)."""
    desk = article.get_parent()
    paths = ["/", "/rss/", "/sitemap-news.xml"]
    if desk.url:  # relative to the site, as Wagtail gives it for a single site
        paths.append(desk.url)
    paths.append(f"/rss/{desk.slug}/")
    for tag in article.tags.all():
        paths += [f"/etiket/{tag.slug}/", f"/etiket/{tag.slug}/rss/"]
    for author in article.authors.all():
        paths += [f"/yazar/{author.slug}/", f"/yazar/{author.slug}/rss/"]
    return paths


def purge_article_neighbours(article) -> None:
    site = article.get_site()
    if site is None:
        return
    root = site.root_url.rstrip("/")
    batch = PurgeBatch()
    batch.add_urls(root + path for path in article_related_paths(article))
    batch.purge()


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
    batch = PurgeBatch()
    batch.add_url(site.root_url.rstrip("/") + path)
    batch.purge()


def register_signal_handlers() -> None:
    from manset.comments.signals import comments_changed
    from manset.newsroom.models import ArticlePage

    comments_changed.connect(_on_comments_changed, dispatch_uid="manset-purge-comments")

    page_published.connect(_on_article_changed, sender=ArticlePage, dispatch_uid="manset-purge-pub")
    page_unpublished.connect(
        _on_article_changed, sender=ArticlePage, dispatch_uid="manset-purge-unpub"
    )
