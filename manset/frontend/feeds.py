"""RSS 2.0 feeds: the whole site, one desk, one tag, one author.

A feed item's guid is `manset:article:<id>` (not a permalink), so readers do
not show an article twice when its headline, and with it its slug, changes.
"""

import logging
import mimetypes
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from manset import turkish
from manset.core.xmltext import xml_fields
from manset.frontend.page_urls import page_url_builder
from manset.newsroom import selectors
from manset.newsroom.models import ArticlePage, ArticleTag

logger = logging.getLogger(__name__)

ITEMS = 50
IMAGE_SPEC = "fill-960x540"


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers, and the request to make its links absolute."""

    request: HttpRequest
    title: str
    link: str
    description: str
    articles: QuerySet  # the newest published articles (ITEMS of them), newest first


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    link: str
    description: str
    published_at: datetime
    byline: str
    categories: tuple[str, ...]
    image: Enclosure | None


def feed_entries(*, request: HttpRequest, articles) -> list[FeedEntry]:
    """Feed entries for the articles, from plain rows (no page object: fifty of Wagtail's
    pages took two thirds of a feed's time): articles, authors, tags, pictures with
    their renditions, a query each; URLs from `url_path` as Wagtail makes them."""
    rows = list(
        articles.values_list(
            "id", "title", "lead", "first_published_at", "path", "url_path", "main_image_id"
        )
    )
    ids = [row[0] for row in rows]
    names: dict[int, list[str]] = defaultdict(list)
    for article_id, name in (
        ArticlePage.authors.through.objects.filter(articlepage_id__in=ids)
        .order_by("author__name", "author_id")
        .values_list("articlepage_id", "author__name")
    ):
        names[article_id].append(name)
    tags: dict[int, list[str]] = defaultdict(list)
    for article_id, name in ArticleTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[article_id].append(name)
    image_ids = {row[6] for row in rows if row[6] is not None}
    images = get_image_model().objects.filter(id__in=image_ids).prefetch_renditions(IMAGE_SPEC)
    images_by_id = {image.id: image for image in images} if image_ids else {}
    desks_by_path = {desk.path: desk for desk in selectors.desk_list()}
    url = page_url_builder(request)
    entries = []
    for article_id, title, lead, published_at, path, url_path, image_id in rows:
        desk = desks_by_path.get(path[: -Page.steplen])
        byline = ", ".join(names[article_id]) or (turkish.title(desk.credit) if desk else "")
        image = images_by_id.get(image_id)
        entries.append(
            FeedEntry(
                guid=f"manset:article:{article_id}",
                title=title,
                link=url(url_path) or "",
                description=lead,
                published_at=published_at,
                byline=byline,
                categories=tuple(sorted(tags[article_id], key=turkish.sort_key)),
                image=_enclosure(request, image, article_id) if image else None,
            )
        )
    return entries


def _enclosure(request: HttpRequest, image, article_id: int) -> Enclosure | None:
    try:
        rendition = image.get_rendition(IMAGE_SPEC)
        length = rendition.file.size
    except (SourceImageIOError, OSError) as exc:
        # A lost original must not take the whole feed down; the item goes out without it.
        logger.warning("feed: no image for article %s: %s", article_id, exc)
        return None
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return Enclosure(request.build_absolute_uri(rendition.url), str(length), mime_type)


class ArticleFeed(Feed):
    """The latest published articles of the whole site."""

    feed_type = Rss201rev2Feed
    language = "tr"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = xml_fields(feed.feed)
        feed.items = [xml_fields(item) for item in feed.items]
        return feed

    def get_object(self, request, **kwargs) -> FeedScope:
        return FeedScope(
            request=request,
            title=settings.WAGTAIL_SITE_NAME,
            link="/",
            description=_("%(site)s: son haberler") % {"site": settings.WAGTAIL_SITE_NAME},
            articles=selectors.newest_articles(limit=ITEMS),
        )

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def description(self, scope: FeedScope) -> str:
        return scope.description

    def items(self, scope: FeedScope) -> list[FeedEntry]:
        return feed_entries(request=scope.request, articles=scope.articles[:ITEMS])

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.guid

    def item_guid_is_permalink(self, entry: FeedEntry) -> bool:
        return False

    def item_description(self, entry: FeedEntry) -> str:
        return entry.description

    def item_pubdate(self, entry: FeedEntry) -> datetime:
        return entry.published_at

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return entry.byline or None

    def item_categories(self, entry: FeedEntry) -> tuple[str, ...]:
        return entry.categories

    def item_enclosures(self, entry: FeedEntry) -> list[Enclosure]:
        return [entry.image] if entry.image else []


class DeskFeed(ArticleFeed):
    """The latest published articles of one desk; an unknown desk is a 404."""

    def get_object(self, request, *, desk_slug: str) -> FeedScope:
        desk = next((desk for desk in selectors.desk_list() if desk.slug == desk_slug), None)
        if desk is None:
            raise Http404(f"no desk {desk_slug!r}")
        site = settings.WAGTAIL_SITE_NAME
        return FeedScope(
            request=request,
            title=f"{site} — {desk.title}",
            link=desk.get_url(request),
            description=_("%(site)s: %(desk)s haberleri") % {"site": site, "desk": desk.title},
            articles=selectors.newest_articles(desk=desk, limit=ITEMS),
        )


class TagFeed(ArticleFeed):
    """The latest published articles with one tag; an unknown tag is a 404."""

    def get_object(self, request, *, tag_slug: str) -> FeedScope:
        tag = selectors.tag_get(slug=tag_slug)
        if tag is None:
            raise Http404(f"no tag {tag_slug!r}")
        site = settings.WAGTAIL_SITE_NAME
        return FeedScope(
            request=request,
            title=f"{site} — {tag.name}",
            link=f"/etiket/{tag.slug}/",
            description=_("%(site)s: %(tag)s etiketli haberler") % {"site": site, "tag": tag.name},
            articles=selectors.newest_articles(tag=tag, limit=ITEMS),
        )


class AuthorFeed(ArticleFeed):
    """The latest published articles one author signed; an unknown author is a 404."""

    def get_object(self, request, *, author_slug: str) -> FeedScope:
        author = selectors.author_get(slug=author_slug)
        if author is None:
            raise Http404(f"no author {author_slug!r}")
        site = settings.WAGTAIL_SITE_NAME
        return FeedScope(
            request=request,
            title=f"{site} — {author.name}",
            link=f"/yazar/{author.slug}/",
            description=_("%(site)s: %(author)s imzalı haberler")
            % {"site": site, "author": author.name},
            articles=selectors.newest_articles(author=author, limit=ITEMS),
        )
