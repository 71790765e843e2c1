"""The publication index written set-wise: for pages written around the ORM (the bulk
generator) and for starting the whole index again (`manset publications rebuild`).
A few INSERT … SELECT statements however many articles; the day and month counts are
added to with ON CONFLICT, so a batch counts in on top of what is there."""

from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from manset.newsroom.models import ArticlePage, ArticleTag
from manset.newsroom.publication_sync import (
    DAY_ZONE,
    Authorship,
    Kind,
)
from manset.newsroom.publications import (
    Publication,
    PublicationAuthor,
    PublicationDay,
    PublicationMonth,
    PublicationTag,
)


def publications_add(*, article_ids: list[int]) -> None:
    """Index articles written around the ORM (the bulk generator), set-wise: a few
    INSERT … SELECT statements a batch. The articles must not be in the index yet."""
    for first in range(0, len(article_ids), SET_BATCH):
        _index_set(article_ids[first : first + SET_BATCH])


def publications_rebuild() -> int:
    """Empty the index and index every published article again; returns how many."""
    with transaction.atomic():
        for model in (
            PublicationMonth,
            PublicationDay,
            PublicationTag,
            PublicationAuthor,
            Publication,
        ):
            model.objects.all().delete()
        _index_set(None)
        return Publication.objects.count()


SET_BATCH = 1000  # ids a statement (SQLite allows 32,766 parameters)


def _index_set(article_ids: list[int] | None) -> None:
    """Index the articles (None: all), then add them to their lists' day counts."""
    quote = connection.ops.quote_name
    page, article = quote(Page._meta.db_table), quote(ArticlePage._meta.db_table)
    publication = quote(Publication._meta.db_table)
    ids = list(article_ids or [])
    marks = ", ".join(["%s"] * len(ids))

    def only(column: str) -> str:
        return "" if article_ids is None else f" AND {column} IN ({marks})"

    # Table and column names come from the models, values are parameters.
    statements = [
        (
            f"INSERT INTO {publication} "  # noqa: S608
            "(article_id, desk_id, published_at, breaking, pictured, embargo_until) "
            "SELECT p.id, d.id, p.first_published_at, a.breaking, "
            "a.main_image_id IS NOT NULL, a.embargo_until "
            f"FROM {page} p JOIN {article} a ON a.page_ptr_id = p.id "
            f"JOIN {page} d ON d.path = SUBSTR(p.path, 1, LENGTH(p.path) - {Page.steplen}) "
            f"WHERE p.live = %s AND p.first_published_at IS NOT NULL{only('p.id')}",
            [True, *ids],
        ),
        _links_sql(PublicationTag, ArticleTag, "tag_id", "content_object_id", only, ids),
        _links_sql(PublicationAuthor, Authorship, "author_id", "articlepage_id", only, ids),
        *(
            _counts_sql(kind, model, column, period, only, ids)
            for kind, model, column in (
                (Kind.ALL, Publication, None),
                (Kind.DESK, Publication, "desk_id"),
                (Kind.TAG, PublicationTag, "tag_id"),
                (Kind.AUTHOR, PublicationAuthor, "author_id"),
            )
            for period in ("day", "month")
        ),
    ]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    _raise_lastmods(only, ids)


def _links_sql(index_model, link_model, column: str, article_column: str, only, ids: list):
    quote = connection.ops.quote_name
    table, links = quote(index_model._meta.db_table), quote(link_model._meta.db_table)
    publication = quote(Publication._meta.db_table)
    return (
        f"INSERT INTO {table} ({column}, article_id, published_at) "  # noqa: S608
        f"SELECT l.{column}, x.article_id, x.published_at "
        f"FROM {publication} x JOIN {links} l ON l.{article_column} = x.article_id "
        f"WHERE 1 = 1{only('x.article_id')}",
        ids,
    )


def _counts_sql(kind: str, model, column: str | None, period: str, only, ids: list):
    """Count the indexed rows of `model` into (list, day) or (list, month) counts, adding
    to any there."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    counts = quote((PublicationDay if period == "day" else PublicationMonth)._meta.db_table)
    when, params = connection.ops.datetime_cast_date_sql("x.published_at", (), DAY_ZONE)
    if period == "month":
        when, params = connection.ops.date_trunc_sql("month", when, params)
    scope = f"x.{column}" if column else "0"
    rows = f"SELECT {scope} AS scope_id, {when} AS period FROM {table} x"  # noqa: S608
    return (
        f"INSERT INTO {counts} (kind, scope_id, {period}, articles) "  # noqa: S608
        f"SELECT %s, s.scope_id, s.period, COUNT(*) "
        f"FROM ({rows} WHERE 1 = 1{only('x.article_id')}) s "
        # SQLite reads ON CONFLICT after a SELECT only when a WHERE comes first.
        f"WHERE 1 = 1 GROUP BY s.scope_id, s.period ON CONFLICT (kind, scope_id, {period}) "
        f"DO UPDATE SET articles = {counts}.articles + excluded.articles",
        [kind, *params, *ids],
    )


def _raise_lastmods(only, ids: list) -> None:
    """The sitemap index's lastmod of each month the articles went into: their latest
    last publication a month, grouped in one query, then raised a month (adding
    articles to a month can only raise its latest)."""
    quote = connection.ops.quote_name
    page, publication = quote(Page._meta.db_table), quote(Publication._meta.db_table)
    when, params = connection.ops.datetime_cast_date_sql("x.published_at", (), DAY_ZONE)
    when, params = connection.ops.date_trunc_sql("month", when, params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {when} AS period, MAX(p.last_published_at) FROM {publication} x "  # noqa: S608
            f"JOIN {page} p ON p.id = x.article_id WHERE 1 = 1{only('x.article_id')} "
            "GROUP BY period",
            [*params, *ids],
        )
        rows = cursor.fetchall()
    for period, latest in rows:
        if latest is None:
            continue
        if isinstance(latest, str):
            latest = parse_datetime(latest)
        if timezone.is_naive(latest):
            latest = timezone.make_aware(latest, UTC)
        month = period if isinstance(period, date) else date.fromisoformat(str(period)[:10])
        if isinstance(month, datetime):
            month = month.date()
        PublicationMonth.objects.filter(
            Q(lastmod__isnull=True) | Q(lastmod__lt=latest),
            kind=Kind.ALL,
            scope_id=0,
            month=month,
        ).update(lastmod=latest)
