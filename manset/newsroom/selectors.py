"""Read-only queries on the newsroom's content, for pages, feeds and commands."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from manset.core import generation
from manset.newsroom.models import ArticlePage, Author, DeskPage, HomePage, Tag


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


def article_cards(**filters):
    """`article_queryset` with only the columns an article card shows."""
    return article_queryset(**filters).for_cards()


def article_list(*, desk: DeskPage | None = None, limit: int = 20, offset: int = 0):
    """Published articles, newest first, optionally of one desk."""
    return article_cards(desk=desk)[offset : offset + limit]


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def author_get(*, slug: str) -> Author | None:
    return Author.objects.filter(slug=slug).select_related("photo", "desk").first()


def breaking_list(*, hours: int = 6, limit: int = 5):
    """ "Son Dakika": breaking articles of the last hours, newest first."""
    since = timezone.now() - timedelta(hours=hours)
    return (
        ArticlePage.objects.published()
        .filter(breaking=True, first_published_at__gte=since)
        .order_by("-first_published_at")[:limit]
    )


def front_page_slots(*, home: HomePage) -> list[ArticlePage]:
    """The manşet: the articles Yazı İşleri placed, in their order, if still published."""
    now = timezone.now()
    slots = home.slots.select_related("article").order_by("sort_order")
    published = set(
        ArticlePage.objects.published()
        .values_list("id", flat=True)
        .filter(id__in=[slot.article_id for slot in slots])
    )
    return [
        slot.article
        for slot in slots
        if slot.article_id in published and (slot.pinned_until is None or slot.pinned_until > now)
    ]


def most_read_list(*, hours: int = 24, limit: int = 5) -> list[ArticlePage]:
    """The most read published articles of the last hours, most read first."""
    from manset.newsroom.reads import most_read_ids

    ids = most_read_ids(hours=hours, limit=limit * 2)
    found = {a.id: a for a in ArticlePage.objects.published().filter(id__in=ids)}
    return [found[i] for i in ids if i in found][:limit]
