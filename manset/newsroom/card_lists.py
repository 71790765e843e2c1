"""Card lists read from the publication index (newsroom.publications).

A list first takes its article ids, in list order, from an index that matches its filter
and its order (a desk's, a tag's, an author's or the whole site's rows by publication
time), then loads only those cards from Wagtail's tables. Nothing reads the archive to
sort it, so a list costs the same at two thousand articles and at a million.

Counts are kept: each list's articles a month (PublicationMonth) and a day
(PublicationDay). A page deeper than DIRECT_ROWS starts at its day: the counts say how
many of the list's articles are newer than each month, then each day of the month that
holds the page, so the query skips at most one day's rows (keyset by day), and
`?sayfa=500` costs what page 2 costs.

A live article whose embargo has not passed is left out of every list, as
`ArticleQuerySet.published()` leaves it out; only "around the guards" can there be one
(see newsroom.embargo), and while there is, lists page by plain OFFSET (right, slower).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet, Sum, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import Coalesce
from django.utils import timezone

from manset import turkish
from manset.newsroom.models import ArticlePage, Author, DeskPage, Tag
from manset.newsroom.publications import (
    Publication,
    PublicationAuthor,
    PublicationDay,
    PublicationMonth,
    PublicationTag,
)

DIRECT_ROWS = 1000  # rows a page may skip by OFFSET; deeper pages start at their day
NEWEST_FIRST = ("-published_at", "-article_id")
Kind = PublicationDay.Kind


@dataclass(frozen=True)
class Scope:
    """Which list: every article, or one desk's, tag's or author's."""

    kind: str
    id: int = 0

    @classmethod
    def of(
        cls, *, desk: DeskPage | None = None, tag: Tag | None = None, author: Author | None = None
    ) -> "Scope":
        if desk is not None:
            return cls(Kind.DESK, desk.id)
        if tag is not None:
            return cls(Kind.TAG, tag.id)
        if author is not None:
            return cls(Kind.AUTHOR, author.id)
        return cls(Kind.ALL)

    def rows(self) -> QuerySet:
        """This list's index rows; each has `article_id` and `published_at`."""
        if self.kind == Kind.DESK:
            return Publication.objects.filter(desk_id=self.id)
        if self.kind == Kind.TAG:
            return PublicationTag.objects.filter(tag_id=self.id)
        if self.kind == Kind.AUTHOR:
            return PublicationAuthor.objects.filter(author_id=self.id)
        return Publication.objects.all()


def hidden_ids(now: datetime | None = None) -> frozenset[int]:
    """Live articles still under embargo (almost always none): no list shows them."""
    now = now or timezone.now()
    return frozenset(
        Publication.objects.filter(embargo_until__gt=now).values_list("article_id", flat=True)
    )


def newest_ids(
    scope: Scope,
    *,
    limit: int,
    offset: int = 0,
    hidden: frozenset[int] = frozenset(),
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[int]:
    """Ids of the list's articles from `offset`, newest first (ties: the higher id first)."""
    rows = scope.rows()
    if since is not None:
        rows = rows.filter(published_at__gte=since)
    if until is not None:
        rows = rows.filter(published_at__lt=until)
    if hidden:
        rows = rows.exclude(article_id__in=hidden)
    elif offset >= DIRECT_ROWS and since is None and until is None:
        start = _day_start(scope, offset)
        if start is not None:
            before_day, newer = start
            rows, offset = rows.filter(published_at__lt=before_day), offset - newer
    ids = rows.order_by(*NEWEST_FIRST).values_list("article_id", flat=True)
    return list(ids[offset : offset + limit])


def list_count(scope: Scope, *, hidden: frozenset[int] = frozenset()) -> int:
    """How many articles the list has: its kept month counts summed."""
    kept = PublicationMonth.objects.filter(kind=scope.kind, scope_id=scope.id).aggregate(
        total=Sum("articles")
    )["total"]
    held = scope.rows().filter(article_id__in=hidden).count() if hidden else 0
    return (kept or 0) - held


def position(scope: Scope, *, published_at: datetime, article_id: int) -> int:
    """How many of the list's articles come before this one (newer, or as new with a
    higher id), whether it is in the list or has just left it: from the month and day
    counts and its own day's rows, so a million-article list costs what a short one does."""
    counts = {"kind": scope.kind, "scope_id": scope.id}
    day = turkish.to_istanbul(published_at).date()
    month = day.replace(day=1)
    newer = (
        PublicationMonth.objects.filter(**counts, month__gt=month).aggregate(n=Sum("articles"))["n"]
        or 0
    )
    newer += _month_days(scope, month).filter(day__gt=day).aggregate(n=Sum("articles"))["n"] or 0
    start, end = day_bounds(day)
    same_day = scope.rows().filter(published_at__gte=start, published_at__lt=end)
    return (
        newer
        + same_day.filter(
            Q(published_at__gt=published_at)
            | Q(published_at=published_at, article_id__gt=article_id)
        ).count()
    )


def _day_start(scope: Scope, offset: int) -> tuple[datetime, int] | None:
    """Where the row at `offset` is: the end of its day, and how many rows are newer.

    The month holding it from the month counts, then the day from that month's day
    counts: a query reads twelve rows a year of the list's life and a month's days."""
    counts = {"kind": scope.kind, "scope_id": scope.id}
    month = _newest_holding(PublicationMonth.objects.filter(**counts), "month", offset)
    if month is None:
        return None
    month_start, newer = month
    day = _newest_holding(_month_days(scope, month_start), "day", offset - newer)
    if day is None:
        return None
    return day_bounds(day[0])[1], newer + day[1]


def _month_days(scope: Scope, month_start: date) -> QuerySet:
    """The list's day counts within the month starting on `month_start`."""
    following = (month_start + timedelta(days=32)).replace(day=1)
    return PublicationDay.objects.filter(
        kind=scope.kind, scope_id=scope.id, day__gte=month_start, day__lt=following
    )


def _newest_holding(counts: QuerySet, field: str, offset: int) -> tuple[date, int] | None:
    """The period (day or month) whose articles hold the row at `offset`, newest first,
    and how many rows the newer periods hold."""
    newer = Window(Sum("articles"), order_by=F(field).desc(), frame=RowRange(start=None, end=-1))
    return (
        counts.annotate(newer=Coalesce(newer, 0))
        .filter(newer__lte=offset)
        .order_by(field)
        .values_list(field, "newer")
        .first()
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """When a counted day (Istanbul's, see publication_sync.day_of) starts and ends."""
    start = datetime.combine(day, time(), tzinfo=turkish.ISTANBUL)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=turkish.ISTANBUL)


def cards(ids: list[int], *, renditions: bool = True) -> list[ArticlePage]:
    """The articles' cards in the order of `ids` (two queries with their renditions)."""
    if not ids:
        return []
    articles = ArticlePage.objects.live().filter(id__in=ids).for_cards().order_by()
    if renditions:
        articles = articles.prefetch_related("main_image__renditions")
    found = {article.id: article for article in articles}
    return [found[article_id] for article_id in ids if article_id in found]


def breaking_ids(*, since: datetime, limit: int, hidden: frozenset[int]) -> list[int]:
    """ "Son Dakika": breaking articles published since then, newest first."""
    rows = Publication.objects.filter(published_at__gte=since, breaking=True)
    return _newest(rows, limit=limit, hidden=hidden)


def pictured_ids(
    *, since: datetime, breaking_since: datetime, limit: int, hidden: frozenset[int]
) -> list[int]:
    """Articles with a picture published since then, newest first, the ones still
    "Son Dakika" (breaking, since `breaking_since`) before the others."""
    flash = _newest(
        Publication.objects.filter(
            breaking=True, pictured=True, published_at__gte=max(since, breaking_since)
        ),
        limit=limit,
        hidden=hidden,
    )
    pictured = _newest(
        Publication.objects.filter(pictured=True, published_at__gte=since),
        limit=limit + len(flash),
        hidden=hidden,
    )
    return [*flash, *(i for i in pictured if i not in flash)][:limit]


def _newest(rows: QuerySet, *, limit: int, hidden: frozenset[int]) -> list[int]:
    if hidden:
        rows = rows.exclude(article_id__in=hidden)
    return list(rows.order_by(*NEWEST_FIRST).values_list("article_id", flat=True)[:limit])


def related_ids(
    *, article_id: int, tag_ids: list[int], limit: int, hidden: frozenset[int]
) -> list[int]:
    """The newest articles sharing a tag with the article: each tag's newest, merged."""
    newest: dict[int, datetime] = {}
    for tag_id in tag_ids:
        rows = PublicationTag.objects.filter(tag_id=tag_id).exclude(article_id=article_id)
        if hidden:
            rows = rows.exclude(article_id__in=hidden)
        for found_id, published_at in rows.order_by(*NEWEST_FIRST).values_list(
            "article_id", "published_at"
        )[:limit]:
            newest[found_id] = published_at
    ranked = sorted(newest.items(), key=lambda item: (item[1], item[0]), reverse=True)
    return [found_id for found_id, _ in ranked[:limit]]


class CardList:
    """One list page by page, for Django's Paginator: `count()` and slices of cards.

    With `day`, only that day's articles (the day archive): counted by the day's kept
    count, paged within the day."""

    def __init__(self, scope: Scope, *, day: date | None = None, now: datetime | None = None):
        self.scope = scope
        self.day = day
        self.hidden = hidden_ids(now)

    def count(self) -> int:
        if self.day is None:
            return list_count(self.scope, hidden=self.hidden)
        kept = (
            PublicationDay.objects.filter(
                kind=self.scope.kind, scope_id=self.scope.id, day=self.day
            )
            .values_list("articles", flat=True)
            .first()
        )
        held = self._rows().filter(article_id__in=self.hidden).count() if self.hidden else 0
        return (kept or 0) - held

    def __getitem__(self, key: slice) -> list[ArticlePage]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("CardList takes slices without a step")
        start = key.start or 0
        if key.stop is None or start < 0 or key.stop < start:
            raise ValueError("CardList takes a bounded, forward slice")
        since, until = day_bounds(self.day) if self.day else (None, None)
        ids = newest_ids(
            self.scope,
            limit=key.stop - start,
            offset=start,
            hidden=self.hidden,
            since=since,
            until=until,
        )
        return cards(ids)

    def _rows(self) -> QuerySet:
        since, until = day_bounds(self.day)
        return self.scope.rows().filter(published_at__gte=since, published_at__lt=until)
