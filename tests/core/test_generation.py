"""The content generation: memos and cached pages go stale together on every change."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from manset.core import generation
from manset.newsroom.models import DeskPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo_on():
    with override_settings(MANSET_PROCESS_MEMO=True):
        yield
    generation.forget()


def test_a_memo_is_kept_until_the_generation_changes(memo_on):
    calls = []

    def factory():
        calls.append(1)
        return len(calls)

    assert generation.memo("sayı", factory) == 1
    assert generation.memo("sayı", factory) == 1
    generation.bump()
    assert generation.memo("sayı", factory) == 2


@override_settings(MANSET_PROCESS_MEMO=False)
def test_without_a_shared_generation_nothing_is_memoised():
    calls = []
    generation.memo("sayı", lambda: calls.append(1))
    generation.memo("sayı", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_bump_is_repeated_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        generation.bump()
        assert generation.current() == before + 1
    assert generation.current() == before + 2


def test_a_lost_generation_restarts_at_a_random_number():
    from django.core.cache import cache

    cache.clear()  # the shared store is this cache's database when REDIS_URL is set
    first = generation.current()
    cache.clear()
    assert generation.current() != first  # a flushed cache never reuses old numbers


def test_the_memo_never_grows_past_its_bound(memo_on):
    for n in range(generation.MEMO_MAX + 10):
        generation.memo(f"host-{n}", int)
    assert len(generation._memo) <= generation.MEMO_MAX


def test_a_cache_outage_serves_pages_uncached(client, article, memo_on, caplog):
    broken = {
        "default": {
            "BACKEND": "manset.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    down = "redis://127.0.0.1:1/0"
    with override_settings(CACHES=broken, MANSET_PAGE_CACHE=True, MANSET_REDIS_URL=down):
        assert generation.memo("x", lambda: 7) == 7
        assert generation.current() is None
        response = client.get(article.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
    caches["default"].close()
    assert "shared cache unreachable" in caplog.text


def test_memos_save_the_site_and_menu_queries_and_a_publish_shows_at_once(
    client, article, desks, memo_on
):
    client.get(article.url)  # fills the memos
    with CaptureQueriesContext(connection) as warm:
        assert client.get(article.url).status_code == 200
    sql = " ".join(q["sql"] for q in warm.captured_queries)
    assert "wagtailcore_site" not in sql
    assert "newsroom_deskpage" not in sql

    desk = DeskPage.objects.get(id=desks["dunya"].id)
    desk.title = "Dış Haberler"
    desk.save_revision().publish()
    assert "Dış Haberler" in client.get(article.url).content.decode()
