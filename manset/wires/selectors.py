"""Read-only queries of the wire desk in the admin: the item list, one item, alerts, quarantine."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.utils import timezone

from manset import turkish
from manset.newsroom.agencies import SHORT_NAMES
from manset.newsroom.models import DeskPage
from manset.turkish import fold
from manset.wires.items import URGENT
from manset.wires.models import (
    KeywordAlert,
    WireItem,
    WireItemVersion,
    WirePicture,
    WireRejection,
    WireSource,
)
from manset.wires.sources import sources_idle

ALERT_WINDOW = timedelta(minutes=30)
HEAD_SHOWN = 16 * 1024  # bytes of a refused file shown in the quarantine


def agency_name(provider: str) -> str:
    """ "İHA" for "IHA"; an agency the site does not credit keeps the name its files give."""
    return SHORT_NAMES.get(provider, provider)


@dataclass(frozen=True)
class WireFilters:
    """What the wire list is narrowed to; empty values do not filter."""

    provider: str = ""
    category: str = ""
    desk_id: int | None = None
    urgency: str = ""
    city: str = ""
    since: datetime | None = None
    used: bool | None = None
    search: str = ""


@dataclass(frozen=True)
class WireRow:
    """One line of the wire list."""

    item: WireItem
    agency: str
    story_size: int  # items in its story, this one included


@dataclass(frozen=True)
class ItemVersion:
    """The current version of an item or one of its earlier ones, as the item view shows them."""

    version: int
    headline: str
    abstract: str
    body: str
    urgency: str
    versioned_at: datetime | None
    received_at: datetime
    current: bool


@dataclass(frozen=True)
class WireAlerts:
    """What the admin's alert banner reports to one user."""

    urgent: tuple[WireItem, ...] = ()  # the newest flash or urgent item of each story
    also_from: dict = field(default_factory=dict)  # item id → the other agencies of its story
    keyword_hits: tuple[tuple[WireItem, str], ...] = ()  # (item, the user's keyword it matched)
    paused: tuple[WireSource, ...] = ()
    idle: tuple[tuple[WireSource, datetime], ...] = ()  # (source, last item or creation time)


def desk_list() -> list[DeskPage]:
    """Every desk, in tree order (an item may be routed to one that is not live)."""
    return list(DeskPage.objects.order_by("path").only("id", "title", "path"))


def desks_for_user(*, user, action: str = "add") -> list[DeskPage]:
    """Desks, in tree order, where `user` may add pages ("add") or publish them ("publish")."""
    if not user.is_authenticated or not user.is_active:
        return []
    desks = DeskPage.objects.order_by("path")
    if action == "publish":
        return [d for d in desks if d.permissions_for_user(user).can_publish_subpage()]
    return [d for d in desks if d.permissions_for_user(user).can_add_subpage()]


def is_desk_user(user) -> bool:
    """Whether `user` works the wire desk: a superuser, or someone who can add pages on a desk."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(desks_for_user(user=user))


def wire_filter_choices() -> dict[str, list[str]]:
    """The agencies, categories and cities that occur in the stored items, for the filters."""
    values = WireItem.objects.order_by()

    def distinct(name: str) -> list[str]:
        found = values.exclude(**{name: ""}).values_list(name, flat=True).distinct()
        return sorted(set(found), key=turkish.sort_key)

    return {
        "provider": distinct("provider"),
        "category": distinct("category"),
        "city": distinct("city"),
    }


def wire_item_page(*, filters: WireFilters, number, per_page: int = 50) -> Page:
    """One page of the wire list, newest first; its object_list holds WireRows."""
    items = _filtered(filters).order_by("-received_at", "-id")
    if filters.search:
        wanted = fold(filters.search)
        ids = [
            pk
            for pk, headline in items.values_list("id", "headline").iterator()
            if wanted in fold(headline)
        ]
        page = Paginator(ids, per_page).get_page(number)
        found = _with_relations(WireItem.objects.filter(id__in=page.object_list)).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        page = Paginator(_with_relations(items), per_page).get_page(number)
    page.object_list = wire_rows(list(page.object_list))
    return page


def wire_rows(items: list[WireItem]) -> list[WireRow]:
    sizes = story_sizes(story_ids={item.story_id for item in items if item.story_id})
    return [
        WireRow(
            item, agency_name(item.provider), sizes.get(item.story_id, 1) if item.story_id else 1
        )
        for item in items
    ]


def story_sizes(*, story_ids: set[int]) -> dict[int, int]:
    """How many stored items each story holds."""
    if not story_ids:
        return {}
    counts = (
        WireItem.objects.filter(story_id__in=story_ids)
        .order_by()
        .values("story_id")
        .annotate(n=Count("id"))
    )
    return {row["story_id"]: row["n"] for row in counts}


def _filtered(filters: WireFilters):
    items = WireItem.objects.all()
    if filters.provider:
        items = items.filter(provider=filters.provider)
    if filters.category:
        items = items.filter(category=filters.category)
    if filters.desk_id:
        items = items.filter(desk_id=filters.desk_id)
    if filters.urgency:
        items = items.filter(urgency=filters.urgency)
    if filters.city:
        items = items.filter(city=filters.city)
    if filters.since:
        items = items.filter(received_at__gte=filters.since)
    if filters.used is not None:
        items = items.filter(article__isnull=not filters.used)
    return items


def _with_relations(items):
    return items.select_related("article", "desk").defer("signature", "terms", "body")


def wire_item_get(*, item_id: int) -> WireItem | None:
    return (
        WireItem.objects.select_related("source", "desk", "article", "story", "used_by")
        .filter(pk=item_id)
        .first()
    )


def wire_pictures_stored(*, item: WireItem) -> set[str]:
    """The addresses of the item's pictures the worker has already fetched."""
    return set(WirePicture.objects.filter(item=item).values_list("url", flat=True))


def wire_item_versions(*, item: WireItem) -> list[ItemVersion]:
    """The current version and every kept earlier one, newest first."""
    current = ItemVersion(
        item.version,
        item.headline,
        item.abstract,
        item.body,
        item.urgency,
        item.versioned_at,
        item.updated_at,
        current=True,
    )
    earlier = [
        ItemVersion(
            v.version,
            v.headline,
            v.abstract,
            v.body,
            v.urgency,
            v.versioned_at,
            v.received_at,
            current=False,
        )
        for v in WireItemVersion.objects.filter(item=item).exclude(content_hash=item.content_hash)
    ]
    earlier.sort(key=lambda v: (v.version, v.versioned_at or v.received_at), reverse=True)
    return [current, *earlier]


def story_siblings(*, item: WireItem) -> list[WireRow]:
    """The other items of the item's story, newest first."""
    if not item.story_id:
        return []
    others = (
        WireItem.objects.filter(story_id=item.story_id)
        .exclude(pk=item.pk)
        .select_related("article")
        .defer("signature", "terms", "body")
        .order_by("-received_at")
    )
    return [WireRow(other, agency_name(other.provider), 1) for other in others]


def rejection_list():
    return WireRejection.objects.select_related("source").defer("head").order_by("-received_at")


def rejection_get(*, rejection_id: int) -> WireRejection | None:
    return WireRejection.objects.select_related("source").filter(pk=rejection_id).first()


def rejection_head_text(rejection: WireRejection, *, limit: int = HEAD_SHOWN) -> str:
    """The first bytes of a refused file as text (undecodable bytes replaced), never as markup."""
    return bytes(rejection.head[:limit]).decode("utf-8", errors="replace")


def keyword_alert_list(*, user) -> list[KeywordAlert]:
    return list(KeywordAlert.objects.filter(user=user).order_by("keyword"))


def keyword_matches(text: str, keywords: list[str]) -> str | None:
    """The first keyword that begins a word of `text` (Turkish-insensitive), or None.

    A keyword matches its inflected forms too: "Ankara" finds "ANKARA'DA".
    """
    folded = fold(text)
    for keyword in keywords:
        wanted = fold(keyword)
        if wanted and re.search(r"(?<!\w)" + re.escape(wanted), folded):
            return keyword
    return None


def wire_alerts(*, user, now: datetime | None = None, with_sources: bool = False) -> WireAlerts:
    """Flash and urgent items of the last 30 minutes, the user's keyword hits, and (for those
    who look after sources) paused and idle sources."""
    now = now or timezone.now()
    recent = list(
        WireItem.objects.filter(received_at__gte=now - ALERT_WINDOW)
        .only("id", "provider", "headline", "abstract", "urgency", "received_at", "story_id")
        .order_by("-received_at")
    )
    # One banner a story, however many agencies send it flash.
    by_story: dict = {}
    for item in recent:
        if item.urgency in URGENT:
            by_story.setdefault(item.story_id or f"item-{item.id}", []).append(item)
    urgent = tuple(items[0] for items in by_story.values())
    also_from = {
        items[0].id: tuple(
            dict.fromkeys(i.provider for i in items[1:] if i.provider != items[0].provider)
        )
        for items in by_story.values()
    }
    keywords = [alert.keyword for alert in keyword_alert_list(user=user)]
    hits = []
    if keywords:
        for item in recent:
            keyword = keyword_matches(f"{item.headline} {item.abstract}", keywords)
            if keyword:
                hits.append((item, keyword))
    if not with_sources:
        return WireAlerts(urgent=urgent, also_from=also_from, keyword_hits=tuple(hits))
    paused = tuple(
        WireSource.objects.filter(enabled=True).exclude(paused_reason="").order_by("name")
    )
    return WireAlerts(urgent, also_from, tuple(hits), paused, tuple(sources_idle(now=now)))


def source_idle_since(*, now: datetime | None = None) -> dict[int, datetime]:
    """Idle sources by id, with the time they last brought something."""
    return {source.id: since for source, since in sources_idle(now=now)}
