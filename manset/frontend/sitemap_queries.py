"""What the sitemaps read: narrow rows of published articles, served by one index.

Newsroom migration 0007 indexes live pages by first publication and id, carrying
their content type, last publication and URL path (`page_live_published_idx`):
counting a month's articles, and reading a page of a month's URLs newest first,
read only that index (PostgreSQL's index-only scan, SQLite's covering index); the
last 48 hours for Google News walk it too (their headlines are read from the table).
An embargo still running is excluded through `article_embargo_idx`, which holds only
articles with an embargo. No model instance is made: rows are `url_path` and dates.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from manset.newsroom.models import ArticlePage

# Three parameters a month: well within PostgreSQL's 65,535 and SQLite's 32,766.
MONTHS_A_QUERY = 1000


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
    """Every month with published articles, newest first: how many, and their lastmod.

    Two queries however many articles (and one more for each further 1,000 months
    between the first article and the last): the first and last publication times (two
    index lookups), then one grouped count over the months between them, each month
    a range of the index, so no time zone arithmetic is done per article.
    """
    by_time = (
        published_articles(now=now)
        .filter(first_published_at__isnull=False)
        .order_by("first_published_at")
        .values("first_published_at")
    )
    first_sql, first_params = by_time[:1].query.sql_with_params()
    last_sql, last_params = by_time.reverse()[:1].query.sql_with_params()
    with connection.cursor() as cursor:
        # The ORM's own SQL for both ends, in one statement.
        cursor.execute(f"SELECT ({first_sql}), ({last_sql})", [*first_params, *last_params])
        first, last = cursor.fetchone()
    if first is None:
        return []
    months = list(_months(_from_db(first), _from_db(last)))
    counts = []
    for end in range(len(months), 0, -MONTHS_A_QUERY):  # newest first
        counts += _grouped_counts(months[max(0, end - MONTHS_A_QUERY) : end], now=now)
    return counts


def _months(first: datetime, last: datetime) -> Iterator[tuple[str, datetime, datetime]]:
    """("YYYY-MM", start, end) for each month from first's to last's, in the site's zone."""
    zone = timezone.get_default_timezone()
    first, last = timezone.localtime(first, zone), timezone.localtime(last, zone)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = datetime(year, month, 1, tzinfo=zone)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        yield f"{start:%Y-%m}", start, datetime(year, month, 1, tzinfo=zone)


def _grouped_counts(bounds: list[tuple[str, datetime, datetime]], *, now) -> list[MonthCount]:
    quote = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    type_ids = _article_type_ids()
    values = ", ".join(["(%s, %s, %s)"] * len(bounds))
    marks = ", ".join(["%s"] * len(type_ids))
    page, article = quote(Page._meta.db_table), quote(ArticlePage._meta.db_table)
    type_column = (
        "(page.content_type_id + 0)" if _hide_type_from_index() else "page.content_type_id"
    )
    # Table names come from the models; every value is a parameter. The rows are those
    # of published_articles.
    sql = (
        f"WITH bounds (month, start_at, end_at) AS (VALUES {values}) "  # noqa: S608
        "SELECT bounds.month, COUNT(*), MAX(page.last_published_at) FROM bounds "
        f"INNER JOIN {page} page ON page.first_published_at >= bounds.start_at "
        "AND page.first_published_at < bounds.end_at "
        f"WHERE page.live AND {type_column} IN ({marks}) AND page.id NOT IN "
        f"(SELECT page_ptr_id FROM {article} WHERE embargo_until > %s) "
        "GROUP BY bounds.month ORDER BY bounds.month DESC"
    )
    params = [value for m, s, e in bounds for value in (m, adapt(s), adapt(e))]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *type_ids, adapt(now)])
        rows = cursor.fetchall()
    return [MonthCount(month, count, _from_db(lastmod)) for month, count, lastmod in rows]


def _article_type_ids() -> list[int]:
    """Content types of articles and any subclass, as `Page.objects.type` finds them
    (from ContentType's cache after the first request)."""
    models = {model for model in apps.get_models() if issubclass(model, ArticlePage)}
    return sorted(ct.id for ct in ContentType.objects.get_for_models(*models).values())


def _from_db(value) -> datetime | None:
    """A datetime read by raw SQL: PostgreSQL gives it aware, SQLite naive or as text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, connection.timezone)


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
