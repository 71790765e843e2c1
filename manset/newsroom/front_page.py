"""The home page's running order: the lead, the stories beside it, Son Dakika, the
latest, the most read and the desks, each story once.

The lead is an editorial choice with fallbacks: the first manşet slot Yazı İşleri
set; else the newest story with a picture from the last hours, a breaking one before
the others; else, with no picture to show, the newest story in a layout made for text.
A section takes only the stories the sections above it left.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page

from manset.newsroom import card_lists, selectors
from manset.newsroom.models import ArticlePage, DeskPage, HomePage, breaking_since

# A picture story older than this does not lead; a fresh story in the text layout does.
LEAD_HOURS = 6
BESIDE = 4  # stories beside the lead
BREAKING = 5
LATEST = 8
MOST_READ = 5
PER_DESK = 4


@dataclass(frozen=True)
class FrontPage:
    lead: ArticlePage | None
    beside: list[ArticlePage]
    breaking: list[ArticlePage]
    latest: list[ArticlePage]
    most_read: list[ArticlePage]
    desk_sections: list[tuple[DeskPage, list[ArticlePage]]]
    # Shown stories flagged "Son Dakika": breaking within the window, or pinned.
    flash_ids: frozenset[int]

    @property
    def lead_is_text(self) -> bool:
        return self.lead is not None and self.lead.main_image_id is None

    def article_ids(self) -> list[int]:
        """Every story on the page, in page order (a story is on it once)."""
        stories = [
            *([self.lead] if self.lead else []),
            *self.beside,
            *self.breaking,
            *self.latest,
            *self.most_read,
        ]
        for _, articles in self.desk_sections:
            stories.extend(articles)
        return [article.id for article in stories]


def front_page_get(*, home: HomePage, now: datetime | None = None) -> FrontPage:
    now = now or timezone.now()
    since = breaking_since(now)
    hidden = card_lists.hidden_ids(now)
    placed = selectors.front_page_slots(home=home, now=now)
    ids = {
        "pictured": card_lists.pictured_ids(
            since=now - timedelta(hours=LEAD_HOURS),
            breaking_since=since,
            limit=BESIDE + 1,
            hidden=hidden,
        ),
        "breaking": card_lists.breaking_ids(
            since=since, limit=BREAKING + BESIDE + 1, hidden=hidden
        ),
        "latest": card_lists.newest_ids(
            card_lists.Scope.of(), limit=LATEST + BESIDE + BREAKING + 1, hidden=hidden
        ),
    }
    loaded = _load([article_id for found in ids.values() for article_id in found], {})
    pictured, fresh_breaking, latest = (
        [loaded[i] for i in ids[name] if i in loaded] for name in ("pictured", "breaking", "latest")
    )

    shown: dict[int, ArticlePage] = {}
    slotted = _take([placement.article for placement in placed], BESIDE + 1, shown={})
    lead = next(iter(slotted or pictured or fresh_breaking or latest), None)
    if lead is not None:
        shown[lead.id] = lead
    beside = _take([*slotted, *pictured, *latest], BESIDE, shown=shown)

    # A pinned breaking story keeps its flag (and its place in Son Dakika) past the window.
    pinned_breaking = [p.article for p in placed if p.pinned and p.article.breaking]
    flagged = sorted(
        {article.id: article for article in [*fresh_breaking, *pinned_breaking]}.values(),
        key=lambda article: article.first_published_at,
        reverse=True,
    )
    breaking = _take(flagged, BREAKING, shown=shown)
    latest = _take(latest, LATEST, shown=shown)
    most_read = selectors.most_read_list(limit=MOST_READ + len(shown))
    most_read = _take(most_read, MOST_READ, shown=shown)
    desk_sections = _desk_sections(shown, loaded=loaded, hidden=hidden)

    cards = [lead, *beside, *(a for _, articles in desk_sections for a in articles)]
    _prefetch_renditions([article for article in cards if article is not None])
    return FrontPage(
        lead=lead,
        beside=beside,
        breaking=breaking,
        latest=latest,
        most_read=most_read,
        desk_sections=desk_sections,
        flash_ids=frozenset(article.id for article in flagged),
    )


def _load(ids: list[int], loaded: dict[int, ArticlePage]) -> dict[int, ArticlePage]:
    """The cards of `ids` not loaded yet, in one query; renditions come once for the
    whole page (_prefetch_renditions), not a query a list."""
    missing = list(dict.fromkeys(i for i in ids if i not in loaded))
    loaded.update((article.id, article) for article in card_lists.cards(missing, renditions=False))
    return loaded


def _take(
    articles: Iterable[ArticlePage], count: int, *, shown: dict[int, ArticlePage]
) -> list[ArticlePage]:
    """Up to `count` of the articles not shown yet, in order, marking them shown."""
    taken = []
    for article in articles:
        if len(taken) == count:
            break
        if article.id not in shown:
            shown[article.id] = article
            taken.append(article)
    return taken


def _desk_sections(
    shown: dict[int, ArticlePage], *, loaded: dict[int, ArticlePage], hidden: frozenset[int]
) -> list[tuple[DeskPage, list[ArticlePage]]]:
    """Each desk's newest stories not shown above: ids a desk, asking for as many more
    as the sections above took from that desk; then the cards not loaded yet at once."""
    taken = Counter(article.path[: -Page.steplen] for article in shown.values())
    desk_ids = [
        (
            desk,
            card_lists.newest_ids(
                card_lists.Scope.of(desk=desk), limit=PER_DESK + taken[desk.path], hidden=hidden
            ),
        )
        for desk in selectors.desk_list()
    ]
    _load([article_id for _, ids in desk_ids for article_id in ids], loaded)
    return [
        (desk, _take([loaded[i] for i in ids if i in loaded], PER_DESK, shown=shown))
        for desk, ids in desk_ids
    ]


def _prefetch_renditions(articles: list[ArticlePage]) -> None:
    """Every shown picture's renditions in one query, not one a card."""
    images = [article.main_image for article in articles if article.main_image is not None]
    prefetch_related_objects(images, "renditions")
