"""Read-only queries on the newsroom's content, for pages, feeds and commands."""

from datetime import timedelta

from django.utils import timezone

from manset.newsroom.models import ArticlePage, DeskPage, HomePage


def desk_list() -> list[DeskPage]:
    """Live desks in menu (tree) order."""
    return list(
        DeskPage.objects.live()
        .order_by("path")
        .only("id", "title", "slug", "url_path", "path", "depth", "credit")
    )


def article_list(*, desk: DeskPage | None = None, limit: int = 20, offset: int = 0):
    """Published articles, newest first, optionally of one desk."""
    articles = ArticlePage.objects.published()
    if desk is not None:
        articles = articles.child_of(desk)
    return articles.select_related("main_image").order_by("-first_published_at", "-id")[
        offset : offset + limit
    ]


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
