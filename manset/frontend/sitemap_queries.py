"""What the sitemaps read: narrow rows of published articles, served by one index.

The index's months, their sizes and lastmods are the kept month counts of the
publication index (newsroom.publications). Newsroom migration 0010 indexes live pages
by first publication and id, carrying their content type, last publication and URL
path (`page_live_published_idx`): reading a page of a month's URLs newest first reads
only that index (PostgreSQL's index-only scan, SQLite's covering index); the
last 48 hours for Google News walk it too (their headlines are read from the table).
An embargo still running is excluded through `article_embargo_idx`, which holds only
articles with an embargo. No model instance is made: rows are `url_path` and dates.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from wagtail.models import Page

from manset.newsroom.models import ArticlePage
from manset.newsroom.publication_sync import day_of
from manset.newsroom.publications import Publication, PublicationDay, PublicationMonth


@dataclass(frozen=True)
class MonthCount:
    month: str  # "YYYY-MM" in the site's time zone
    articles: int
    lastmod: datetime | None  # the latest last publication among them


def published_articles(*, now: datetime):
    """Pages of published articles (live, no embargo still running), as plain pages:
    the same articles as `ArticlePage.objects.published()`, without reading the
    article table but for the few that carry an embargo."""
    embargoed = ArticlePage.objects.filter(embargo_until__gt=now).values("page_ptr_id")
    pages = Page.objects.live().exclude(id__in=embargoed)
    if _hide_type_from_index():
        pages = pages.annotate(type_id=F("content_type_id") + 0)
        return pages.filter(type_id__in=_article_type_ids())
    return pages.filter(content_type_id__in=_article_type_ids())


def _hide_type_from_index() -> bool:
    """Whether to filter on `content_type_id + 0` rather than the column: SQLite, which
    keeps no statistics unless told to ANALYZE, takes the content type index (which
    matches nearly every page) over page_live_published_idx; `+ 0` keeps it off. On
    PostgreSQL it would only blind the planner's estimates."""
    return connection.vendor == "sqlite"


def month_counts(*, now: datetime) -> list[MonthCount]:
    """Every month with published articles, newest first: how many, and the latest last
    publication among them.

    Read from the kept month counts of all articles (newsroom.publications: a row a
    month, so ten years are 120 rows however many articles), less the few live articles
    whose embargo still runs (read through their partial index), which the sitemaps
    leave out."""
    rows = (
        PublicationMonth.objects.filter(kind=PublicationDay.Kind.ALL, scope_id=0)
        .order_by("-month")
        .values_list("month", "articles", "lastmod")
    )
    held = Counter(
        f"{day_of(published_at):%Y-%m}"
        for published_at in Publication.objects.filter(embargo_until__gt=now).values_list(
            "published_at", flat=True
        )
    )
    counts = (
        MonthCount(f"{month:%Y-%m}", articles - held[f"{month:%Y-%m}"], lastmod)
        for month, articles, lastmod in rows
    )
    return [count for count in counts if count.articles > 0]


def _article_type_ids() -> list[int]:
    """Content types of articles and any subclass, as `Page.objects.type` finds them
    (from ContentType's cache after the first request)."""
    models = {model for model in apps.get_models() if issubclass(model, ArticlePage)}
    return sorted(ct.id for ct in ContentType.objects.get_for_models(*models).values())


def _as_text(column: str) -> Cast:
    return Cast(column, output_field=CharField())


def _parsed(text: str | None) -> datetime | None:
    """A date the database wrote as ISO text: PostgreSQL's with its offset (+00, the
    connection's UTC), SQLite's stored text, naive UTC."""
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Dates are read as text and parsed by datetime.fromisoformat: Django's loader for
# PostgreSQL's timestamptz is pure Python, and took half of a 50,000-URL render.
NARROW = {"first_at": _as_text("first_published_at"), "last_at": _as_text("last_published_at")}


def _lastmod(first: str | None, last: str | None) -> datetime | None:
    """The later of the two publication times, as the sitemaps give it. Both are one
    engine's ISO text in UTC, which sorts as the times do: only the later is parsed."""
    if first is None or (last is not None and last > first):
        return _parsed(last)
    return _parsed(first)


def month_urls(*, start: datetime, end: datetime, now: datetime, page: int, size: int):
    """Page `page` (from 1) of the month's articles, newest first: `size` rows at most of
    (url_path, lastmod). A page past the last is empty.

    A later page starts from the row the pages before it end on, found by walking
    the index alone (no table row is read, nothing sorted), then reads its own rows.
    """
    articles = (
        published_articles(now=now)
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .order_by("-first_published_at", "-id")
    )
    if page > 1:
        skip = (page - 1) * size
        boundary = list(articles.values_list("first_published_at", "id")[skip : skip + 1])
        if not boundary:
            return []
        (at, last_id) = boundary[0]
        articles = articles.filter(first_published_at__lte=at).exclude(
            Q(first_published_at=at) & Q(id__gt=last_id)
        )
    rows = articles.annotate(**NARROW).values_list("url_path", "first_at", "last_at")[:size]
    return [(url_path, _lastmod(first, last)) for url_path, first, last in rows]


def news_urls(*, since: datetime, now: datetime, limit: int):
    """Articles first published since `since`, newest first: (url_path, title,
    first_published_at, lastmod)."""
    rows = (
        published_articles(now=now)
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-id")
        .annotate(**NARROW)
        .values_list("url_path", "title", "first_at", "last_at")[:limit]
    )
    return [
        (url_path, title, _parsed(first), _lastmod(first, last))
        for url_path, title, first, last in rows
    ]
