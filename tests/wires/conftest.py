"""Fixtures of the wire desk's tests: newsroom people, sources and stored agency items."""

import itertools
from datetime import timedelta

import pytest

from tests.frontend.conftest import browser  # noqa: F401  (the browser tests' chromium)


@pytest.fixture
def staff(desks):
    """make(group, username): a new user in a newsroom group ("Muhabir — Gündem" …)."""
    from django.contrib.auth.models import Group, User

    from manset.newsroom.roles import newsroom_roles_ensure

    newsroom_roles_ensure()

    def make(group: str, username: str | None = None) -> User:
        user = User.objects.create_user(
            username or group.split()[0], password="parola-123", first_name="Deneme"
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def make_item(db):
    """make(**fields): a stored agency item, received now unless told otherwise."""
    from django.utils import timezone

    from manset.wires.models import WireItem

    numbers = itertools.count(1)

    def make(*, minutes_ago: float = 0, **fields) -> WireItem:
        n = next(numbers)
        at = timezone.now() - timedelta(minutes=minutes_ago)
        values = {
            "provider": "AA",
            "guid": f"urn:aa:{n}",
            "format": "ninjs",
            "headline": f"Ajans haberi {n}",
            "body": f"<p>Haberin metni {n}.</p>",
            "received_at": at,
            "updated_at": at,
            "content_hash": f"hash-{n}",
        }
        values.update(fields)
        return WireItem.objects.create(**values)

    return make


@pytest.fixture
def make_story(db):
    from django.utils import timezone

    from manset.wires.models import WireStory

    def make(headline: str = "Bir olay") -> WireStory:
        now = timezone.now()
        return WireStory.objects.create(headline=headline, created_at=now, updated_at=now)

    return make


@pytest.fixture
def source(db):
    from manset.wires.models import WireSource

    return WireSource.objects.create(
        name="AA abone akışı", agency="AA", transport="http", url="https://ajans.example/akis"
    )
