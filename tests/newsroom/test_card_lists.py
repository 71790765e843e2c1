"""Card lists from the publication index give exactly what the page tables give: the same
articles in the same order at every depth (a deep page starts at its day), the same
counts, and no article still under embargo (newsroom.card_lists)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from manset.newsroom import card_lists, selectors
from manset.newsroom.card_lists import Scope
from manset.newsroom.models import ArticlePage, Author, DeskPage, Tag
from manset.newsroom.publications import PublicationDay

pytestmark = pytest.mark.django_db
LIMIT = 9


@pytest.fixture
def archive(home):
    """The demo's desks and 400 synthetic articles; twelve of them published at one
    instant, exactly midnight UTC, so ties and a day's edge are in every list."""
    from manset.demo.bulk import BulkWriter
    from manset.demo.loader import load_json
    from manset.demo.site import desk_ensure

    for desk in load_json("desks.json"):
        desk_ensure(home=home, slug=desk["slug"], name=desk["name"], credit=desk["credit"])
    BulkWriter(now=timezone.now()).write_synthetic(
        400, seed=5, start_index=0, progress=lambda _count: None
    )
    midnight = datetime.combine(timezone.now().date() - timedelta(days=20), datetime.min.time())
    for article in ArticlePage.objects.order_by("id")[100:112]:
        article.first_published_at = midnight.replace(tzinfo=UTC)
        article.save()  # a plain save is indexed too


def scopes() -> list[tuple[Scope, dict]]:
    biggest_tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n", "id").first()
    biggest_author = Author.objects.annotate(n=Count("articles")).order_by("-n", "id").first()
    found = [(Scope.of(), {})]
    found += [(Scope.of(desk=desk), {"desk": desk}) for desk in DeskPage.objects.all()]
    found.append((Scope.of(tag=biggest_tag), {"tag": biggest_tag}))
    found.append((Scope.of(author=biggest_author), {"author": biggest_author}))
    return found


def truth(**filters) -> list[int]:
    """The list as the page tables give it: the code before the index."""
    return list(selectors.article_queryset(**filters).values_list("id", flat=True))


def test_every_page_at_every_depth_is_the_page_tables_page(archive, monkeypatch):
    monkeypatch.setattr(card_lists, "DIRECT_ROWS", 0)  # every page starts at its day
    for scope, filters in scopes():
        expected = truth(**filters)
        assert len(expected) > LIMIT, scope
        for offset in range(0, len(expected) + LIMIT, 5):
            found = card_lists.newest_ids(scope, limit=LIMIT, offset=offset)
            assert found == expected[offset : offset + LIMIT], (scope, offset)


def test_an_articles_position_is_its_place_in_each_of_its_lists(archive):
    """Counted from the kept counts and its own day's rows (ties at midnight included):
    what the purge uses to find the page an article is on, or has just left."""
    for scope, filters in scopes():
        expected = truth(**filters)
        published = dict(
            ArticlePage.objects.filter(id__in=expected).values_list("id", "first_published_at")
        )
        for place in [*range(0, len(expected), 7), len(expected) - 1]:
            article_id = expected[place]
            found = card_lists.position(
                scope, published_at=published[article_id], article_id=article_id
            )
            assert found == place, (scope, article_id)
    leaving = ArticlePage.objects.get(id=truth()[30])
    leaving.unpublish()  # it has left the list: the articles before it are still 30
    assert (
        card_lists.position(
            Scope.of(), published_at=leaving.first_published_at, article_id=leaving.id
        )
        == 30
    )


def test_counts_are_the_lists_lengths(archive):
    for scope, filters in scopes():
        assert card_lists.list_count(scope) == len(truth(**filters)), scope


def test_the_paginator_pages_a_card_list_to_its_last_page(archive):
    from django.core.paginator import Paginator

    desk = DeskPage.objects.get(slug="spor")
    expected = truth(desk=desk)
    paginator = Paginator(selectors.article_cards(desk=desk), 20)
    assert paginator.count == len(expected)
    last = paginator.page(paginator.num_pages)
    assert [article.id for article in last] == expected[(paginator.num_pages - 1) * 20 :]


def test_an_article_still_under_embargo_is_in_no_list(archive, monkeypatch):
    monkeypatch.setattr(card_lists, "DIRECT_ROWS", 0)
    held = ArticlePage.objects.order_by("id")[50]
    held.embargo_until = timezone.now() + timedelta(hours=3)
    held.save()  # only a way around the guards makes a live article embargoed
    assert card_lists.hidden_ids() == {held.id}
    desk = held.get_parent().specific
    for filters in [{}, {"desk": desk}]:
        expected = truth(**filters)
        assert held.id not in expected
        cards = selectors.article_cards(**filters)
        assert cards.count() == len(expected)
        for offset in range(0, len(expected), 7):
            assert [a.id for a in cards[offset : offset + 7]] == expected[offset : offset + 7]


def test_a_day_is_counted_and_paged_as_that_istanbul_day(archive):
    busiest = (
        PublicationDay.objects.filter(kind="all").order_by("-articles", "day").values_list("day")
    )
    for (day,) in [*busiest[:2], (date(2001, 1, 1),)]:
        since, until = card_lists.day_bounds(day)
        expected = truth(since=since, until=until)
        cards = selectors.article_cards(day=day)
        assert cards.count() == len(expected)
        assert [a.id for a in cards[0 : len(expected) + 5]] == expected


def test_related_articles_share_a_tag_newest_first(archive):
    article = ArticlePage.objects.order_by("id")[7]
    tag_ids = list(article.tagged_items.values_list("tag_id", flat=True))
    expected = list(
        ArticlePage.objects.published()
        .filter(tagged_items__tag_id__in=tag_ids)
        .exclude(id=article.id)
        .distinct()
        .order_by("-first_published_at", "-id")
        .values_list("id", flat=True)[:5]
    )
    assert [a.id for a in selectors.related_list(article=article, tag_ids=tag_ids)] == expected
