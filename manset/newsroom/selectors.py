"""Read-only queries on the newsroom's content, for pages, feeds and commands."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from manset import turkish
from manset.core import generation
from manset.newsroom import card_lists
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
    """Published articles, newest first, filtered, straight from the page tables.

    For reading many articles in a batch (sitemaps, commands). A reader's list pages
    through `article_cards` instead: ordering the page tables reads the whole archive."""
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


def article_cards(
    *,
    desk: DeskPage | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    day: date | None = None,
) -> card_lists.CardList:
    """Published articles' cards, newest first, of a desk, tag or author or all (of one
    Istanbul day with `day`), for Django's Paginator: a count and slices of cards (with
    their renditions) from the publication index."""
    scope = card_lists.Scope.of(desk=desk, tag=tag, author=author)
    return card_lists.CardList(scope, day=day)


def article_list(*, desk: DeskPage | None = None, limit: int = 20, offset: int = 0):
    """Published articles, newest first, optionally of one desk."""
    return article_cards(desk=desk)[offset : offset + limit]


def newest_articles(
    *,
    desk: DeskPage | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    limit: int,
):
    """The newest `limit` published articles as a queryset of just them, newest first:
    for feeds, which prefetch what they show."""
    scope = card_lists.Scope.of(desk=desk, tag=tag, author=author)
    ids = card_lists.newest_ids(scope, limit=limit, hidden=card_lists.hidden_ids())
    return ArticlePage.objects.live().filter(id__in=ids).order_by("-first_published_at", "-id")


def related_list(*, article: ArticlePage, tag_ids: list[int], limit: int = 5):
    """The newest published articles sharing a tag with `article`, newest first."""
    ids = card_lists.related_ids(
        article_id=article.id, tag_ids=tag_ids, limit=limit, hidden=card_lists.hidden_ids()
    )
    return card_lists.cards(ids)


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def author_get(*, slug: str) -> Author | None:
    return Author.objects.filter(slug=slug).select_related("photo", "desk").first()


def breaking_list(*, since: datetime | None = None, limit: int = 5) -> list[ArticlePage]:
    """ "Son Dakika": breaking articles published since then (default: the
    MANSET_BREAKING_HOURS window), newest first."""
    now = timezone.now()
    ids = card_lists.breaking_ids(
        since=since or breaking_since(now), limit=limit, hidden=card_lists.hidden_ids(now)
    )
    return card_lists.cards(ids, renditions=False)


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
