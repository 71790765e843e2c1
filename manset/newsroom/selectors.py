"""Read-only queries on the newsroom's content, for pages, feeds and commands."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from manset import turkish
from manset.core import generation
from manset.newsroom.models import (
    ArticlePage,
    Author,
    DeskPage,
    HomePage,
    Tag,
    breaking_since,
)


def desk_list() -> list[DeskPage]:
    """Live desks in menu (tree) order; kept per process until the next publish."""
    return generation.memo(
        "desk-list",
        lambda: sorted(
            # By content type and sorted here: Page's default ORDER BY path made SQLite
            # walk every article's row (0.3 ms at 2,000 articles, growing with the archive).
            DeskPage.objects.live()
            .filter(content_type=ContentType.objects.get_for_model(DeskPage))
            .order_by()
            .only("id", "title", "slug", "url_path", "path", "depth", "credit", "content_type_id"),
            key=lambda desk: desk.path,
        ),
    )


def article_queryset(
    *,
    desk: DeskPage | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
):
    """Published articles, newest first, filtered; slice it to page through."""
    articles = ArticlePage.objects.published()
    if desk is not None:
        articles = articles.child_of(desk)
    if tag is not None:
        articles = articles.filter(tagged_items__tag=tag)
    if author is not None:
        articles = articles.filter(authors=author)
    if since is not None:
        articles = articles.filter(first_published_at__gte=since)
    if until is not None:
        articles = articles.filter(first_published_at__lt=until)
    return articles.select_related("main_image").order_by("-first_published_at", "-id")


def day_start(day: date) -> datetime:
    """The first moment of an Istanbul calendar day: the archive's days run by it."""
    return datetime.combine(day, time(), tzinfo=turkish.ISTANBUL)


def day_articles(day: date):
    """`article_queryset` of the articles first published on that Istanbul day."""
    start = day_start(day)
    return article_queryset(since=start, until=start + timedelta(days=1))


def article_cards(**filters):
    """`article_queryset` with only the columns an article card shows, and the
    pictures' renditions in one query (not one a card)."""
    return as_cards(article_queryset(**filters))


def as_cards(articles):
    """Published articles as `article_cards` gives them."""
    return articles.for_cards().prefetch_related("main_image__renditions")


def article_list(*, desk: DeskPage | None = None, limit: int = 20, offset: int = 0):
    """Published articles, newest first, optionally of one desk."""
    return article_cards(desk=desk)[offset : offset + limit]


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def author_get(*, slug: str) -> Author | None:
    return Author.objects.filter(slug=slug).select_related("photo", "desk").first()


def breaking_list(*, since: datetime | None = None, limit: int = 5):
    """ "Son Dakika": breaking articles published since then (default: the
    MANSET_BREAKING_HOURS window), newest first."""
    since = since or breaking_since(timezone.now())
    return article_queryset(since=since).for_cards().filter(breaking=True)[:limit]


@dataclass(frozen=True)
class Placement:
    """An article Yazı İşleri put in a manşet slot; `pinned` while its pin lasts."""

    article: ArticlePage
    pinned: bool


def front_page_slots(*, home: HomePage, now: datetime | None = None) -> list[Placement]:
    """The manşet slots in Yazı İşleri's order: published articles, pins not run out."""
    now = now or timezone.now()
    slots = list(
        home.slots.filter(Q(pinned_until__isnull=True) | Q(pinned_until__gt=now))
        .order_by("sort_order")
        .values_list("article_id", "pinned_until")
    )
    if not slots:
        return []
    ids = [article_id for article_id, _ in slots]
    found = article_queryset().for_cards().filter(id__in=ids).in_bulk()
    return [
        Placement(article=found[article_id], pinned=until is not None)
        for article_id, until in slots
        if article_id in found
    ]


def most_read_list(*, hours: int = 24, limit: int = 5) -> list[ArticlePage]:
    """The most read published articles of the last hours, most read first."""
    from manset.newsroom.reads import most_read_ids

    ids = most_read_ids(hours=hours, limit=limit * 2)
    found = {a.id: a for a in ArticlePage.objects.published().filter(id__in=ids)}
    return [found[i] for i in ids if i in found][:limit]
