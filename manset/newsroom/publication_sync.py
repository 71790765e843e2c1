"""Keeping the publication index (newsroom.publications) in step with the articles.

An article is in the index while it is live and has a publication time. Every way an
article changes what the lists show (publish, unpublish, schedule, revert, move, copy,
alias, the importers and the wire desk, a code path's plain `save()`, its tags and authors
changed, its picture deleted, the article deleted) passes through a model signal
(publication_signals), and the article is indexed again here, in the same transaction:
the index is derived data, like the search index, so signals are the place (see
STYLE.md). A tag or an author added or taken away changes just its row and count
(`link_added`, `link_removed`). Pages written around the ORM are indexed set-wise
(publication_bulk).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from manset import turkish
from manset.newsroom.models import ArticlePage, ArticleTag
from manset.newsroom.publications import (
    Publication,
    PublicationAuthor,
    PublicationDay,
    PublicationMonth,
    PublicationTag,
)

DAY_ZONE = "Europe/Istanbul"  # in SQL, the zone of day_of()
Kind = PublicationDay.Kind
Authorship = ArticlePage.authors.through
LINKS = {Kind.TAG: (PublicationTag, "tag_id"), Kind.AUTHOR: (PublicationAuthor, "author_id")}


@dataclass(frozen=True)
class Entry:
    """What the index holds (or should hold) for one article."""

    desk_id: int
    published_at: datetime
    breaking: bool
    pictured: bool
    embargo_until: datetime | None
    tag_ids: frozenset[int]
    author_ids: frozenset[int]

    def days(self) -> list[tuple[str, int, date]]:
        """The (list, day) counts this article adds to: all, its desk, tags and authors."""
        day = day_of(self.published_at)
        return [
            (Kind.ALL, 0, day),
            (Kind.DESK, self.desk_id, day),
            *((Kind.TAG, tag_id, day) for tag_id in self.tag_ids),
            *((Kind.AUTHOR, author_id, day) for author_id in self.author_ids),
        ]


def day_of(moment: datetime) -> date:
    """The day a publication is counted in: Istanbul's, the day archive's day."""
    return turkish.to_istanbul(moment).date()


def publication_sync(*, article_id: int) -> None:
    """Index the article as it stands now (or take it out), with its lists' day counts.

    Four reads when nothing changed (a publication's save, then its tags' and
    authors' saves, each ask); on a change the article's row is locked and read again,
    so that two syncs of one article queue instead of both writing."""
    if _wanted(article_id) == _indexed(article_id):
        return
    with transaction.atomic():
        list(Page.objects.select_for_update().filter(id=article_id).values_list("id"))
        wanted, indexed = _wanted(article_id), _indexed(article_id)
        if wanted != indexed:
            _write(article_id, indexed, wanted)


def _wanted(article_id: int) -> Entry | None:
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("id")[:1]
    row = (
        ArticlePage.objects.filter(id=article_id, live=True, first_published_at__isnull=False)
        .annotate(desk_id=Subquery(parent))
        .values_list("desk_id", "first_published_at", "breaking", "main_image_id", "embargo_until")
        .first()
    )
    if row is None or row[0] is None:  # not published, or a root-level page no list shows
        return None
    desk_id, published_at, breaking, image_id, embargo_until = row
    links = _links(
        ArticleTag.objects.filter(content_object_id=article_id).values_list("tag_id"),
        Authorship.objects.filter(articlepage_id=article_id).values_list("author_id"),
    )
    return Entry(
        desk_id=desk_id,
        published_at=published_at,
        breaking=breaking,
        pictured=image_id is not None,
        embargo_until=embargo_until,
        tag_ids=links["tag"],
        author_ids=links["author"],
    )


def _indexed(article_id: int) -> Entry | None:
    row = (
        Publication.objects.filter(article_id=article_id)
        .values_list("desk_id", "published_at", "breaking", "pictured", "embargo_until")
        .first()
    )
    if row is None:
        return None
    links = _links(
        PublicationTag.objects.filter(article_id=article_id).values_list("tag_id"),
        PublicationAuthor.objects.filter(article_id=article_id).values_list("author_id"),
    )
    return Entry(*row, tag_ids=links["tag"], author_ids=links["author"])


def _links(tags: QuerySet, authors: QuerySet) -> dict[str, frozenset[int]]:
    """Tag and author ids in one query (a UNION ALL of the two)."""
    rows = tags.annotate(kind=Value("tag")).union(authors.annotate(kind=Value("author")), all=True)
    found: dict[str, set[int]] = {"tag": set(), "author": set()}
    for link_id, kind in rows:
        found[kind].add(link_id)
    return {kind: frozenset(ids) for kind, ids in found.items()}


def _write(article_id: int, indexed: Entry | None, wanted: Entry | None) -> None:
    counts: Counter = Counter()
    if indexed is not None:
        counts.subtract(indexed.days())
        PublicationTag.objects.filter(article_id=article_id).delete()
        PublicationAuthor.objects.filter(article_id=article_id).delete()
    if wanted is None:
        Publication.objects.filter(article_id=article_id).delete()
    else:
        counts.update(wanted.days())
        Publication.objects.update_or_create(
            article_id=article_id,
            defaults={
                "desk_id": wanted.desk_id,
                "published_at": wanted.published_at,
                "breaking": wanted.breaking,
                "pictured": wanted.pictured,
                "embargo_until": wanted.embargo_until,
            },
        )
        PublicationTag.objects.bulk_create(
            PublicationTag(tag_id=tag_id, article_id=article_id, published_at=wanted.published_at)
            for tag_id in sorted(wanted.tag_ids)
        )
        PublicationAuthor.objects.bulk_create(
            PublicationAuthor(
                author_id=author_id, article_id=article_id, published_at=wanted.published_at
            )
            for author_id in sorted(wanted.author_ids)
        )
    _count_days({key: change for key, change in counts.items() if change})
    if wanted is not None:
        last = Page.objects.filter(id=article_id).values_list("last_published_at", flat=True)
        month_lastmod_raise(wanted.published_at, last.first())
    if indexed is not None and (wanted is None or _month(indexed) != _month(wanted)):
        month_lastmod_recount(indexed.published_at)  # the month it left


def _month(entry: Entry) -> date:
    return month_of(entry.published_at)


def month_of(moment: datetime) -> date:
    """The first day of the month a publication is counted in (Istanbul's)."""
    return day_of(moment).replace(day=1)


def month_lastmod_raise(published_at: datetime, last_published_at: datetime | None) -> None:
    """An article first published at `published_at` was (re)published: its month's lastmod
    in the sitemap index is at least its last publication."""
    if last_published_at is None:
        return
    PublicationMonth.objects.filter(
        Q(lastmod__isnull=True) | Q(lastmod__lt=last_published_at),
        kind=Kind.ALL,
        scope_id=0,
        month=month_of(published_at),
    ).update(lastmod=last_published_at)


def month_lastmod_recount(published_at: datetime) -> None:
    """The month that holds `published_at` lost or gained articles: its lastmod read
    again from its live articles (a range of `page_live_published_idx`)."""
    month = month_of(published_at)
    start = datetime.combine(month, time(), tzinfo=turkish.ISTANBUL)
    following = (month + timedelta(days=31)).replace(day=1)
    end = datetime.combine(following, time(), tzinfo=turkish.ISTANBUL)
    latest = (
        Page.objects.live()
        .filter(
            first_published_at__gte=start,
            first_published_at__lt=end,
            content_type_id=ContentType.objects.get_for_model(ArticlePage).id,
        )
        .aggregate(latest=Max("last_published_at"))["latest"]
    )
    PublicationMonth.objects.filter(kind=Kind.ALL, scope_id=0, month=month).update(lastmod=latest)


def _count_days(changes: dict[tuple[str, int, date], int]) -> None:
    """Add each change to its (list, day) count and to its (list, month) count, creating
    a count or dropping one that empties."""
    months: Counter = Counter()
    for (kind, scope_id, day), change in changes.items():
        months[(kind, scope_id, day.replace(day=1))] += change
    _count(PublicationDay, "day", {key: n for key, n in changes.items() if n})
    _count(PublicationMonth, "month", {key: n for key, n in months.items() if n})


def _count(model, period: str, changes: dict[tuple[str, int, date], int]) -> None:
    """One statement, rows in key order: concurrent publications lock the counts they
    share in the same order, so they queue instead of deadlocking."""
    if not changes:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    rows = sorted(changes.items())
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [
        value
        for (kind, scope_id, when), change in rows
        for value in (kind, scope_id, connection.ops.adapt_datefield_value(when), change)
    ]
    with connection.cursor() as cursor:
        # Names come from the model, values are parameters.
        cursor.execute(
            f"INSERT INTO {table} (kind, scope_id, {period}, articles) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (kind, scope_id, {period}) DO UPDATE "
            f"SET articles = {table}.articles + excluded.articles",
            params,
        )
    emptied = Q()
    for (kind, scope_id, when), change in rows:
        if change < 0:
            emptied |= Q(kind=kind, scope_id=scope_id, **{period: when})
    if emptied:
        model.objects.filter(emptied, articles__lte=0).delete()


def link_added(kind: str, *, article_id: int, link_id: int) -> None:
    """One tag or author added to an article: its row and count, if the article is
    indexed and the link is not yet (three queries instead of indexing it again)."""
    model, column = LINKS[kind]
    indexed = model.objects.filter(article_id=article_id, **{column: link_id})
    published_at = (
        Publication.objects.filter(article_id=article_id)
        .exclude(Exists(indexed))
        .values_list("published_at", flat=True)
        .first()
    )
    if published_at is not None:
        model.objects.create(article_id=article_id, published_at=published_at, **{column: link_id})
        _count_days({(kind, link_id, day_of(published_at)): 1})


def link_removed(kind: str, *, article_id: int, link_id: int) -> None:
    """One tag or author taken from an article: its row and count, if indexed."""
    model, column = LINKS[kind]
    rows = model.objects.filter(article_id=article_id, **{column: link_id})
    published_at = rows.values_list("published_at", flat=True).first()
    if published_at is not None:
        rows.delete()
        _count_days({(kind, link_id, day_of(published_at)): -1})
