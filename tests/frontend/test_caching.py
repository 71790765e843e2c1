"""The caching contract: shareable public pages, private ones for editors, purges on change."""

import pytest
from django.conf import settings

from manset.frontend.purge import RecordingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged():
    RecordingBackend.clear()
    yield RecordingBackend.purged
    RecordingBackend.clear()


@pytest.mark.parametrize("path", ["/", "/dunya/", "/etiket/kuzey-kore/", "/arsiv/2024/6/19/"])
def test_public_pages_may_be_kept_by_a_shared_cache(client, article, path):
    response = client.get(path)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control
    assert "stale-while-revalidate=600" in cache_control
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.usefixtures("article")
def test_nginx_is_told_the_shared_cache_time_on_every_answer_even_from_the_page_cache(
    client, settings
):
    """nginx takes the first "max-age=" of Cache-Control (the browsers' 60 s) for its own;
    X-Accel-Expires carries s-maxage to it, also when the app's page cache answers."""
    settings.MANSET_PAGE_CACHE = True
    first, again = client.get("/dunya/"), client.get("/dunya/")
    assert again["X-Page-Cache"] == "hit"
    assert first["X-Accel-Expires"] == again["X-Accel-Expires"] == "300"
    editor_page = client.get("/admin/login/")
    assert not editor_page.has_header("X-Accel-Expires")


def test_the_article_page_sets_no_cookie_and_is_public(client, article):
    response = client.get(article.url)
    assert "public" in response["Cache-Control"] and not response.cookies


def test_a_404_is_cacheable_too(client, home):
    assert "public" in client.get("/yok/")["Cache-Control"]


def test_a_logged_in_editor_gets_private_pages(client, article, django_user_model):
    django_user_model.objects.create_user("ed", password="parola-123")
    client.login(username="ed", password="parola-123")
    cache_control = client.get("/")["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_the_admin_and_health_check_are_never_public(client, home):
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
    assert "public" not in client.get("/healthz")["Cache-Control"]


def test_publishing_purges_the_article_its_desk_tags_and_home(article, purged):
    purged.clear()
    article.title = "Yeni başlık"
    article.save_revision().publish()
    root = article.get_site().root_url
    assert root + article.url in purged
    for path in [
        "/",
        "/dunya/",
        "/etiket/kuzey-kore/",
        "/etiket/vladimir-putin/",
        "/rss/",
        "/rss/dunya/",
        "/sitemap-news.xml",
    ]:
        assert root + path in purged, path


def test_unpublishing_purges_the_same_pages(article, purged):
    purged.clear()
    article.unpublish()
    root = article.get_site().root_url
    assert root + "/" in purged and root + "/dunya/" in purged


def test_a_configured_proxy_receives_purges_through_wagtails_http_backend(monkeypatch):
    from manset.settings.base import WAGTAILFRONTENDCACHE

    assert WAGTAILFRONTENDCACHE["default"]["BACKEND"].endswith("RecordingBackend")
    assert settings.MANSET_CACHE_S_MAXAGE == 300


@pytest.mark.django_db(transaction=True)
def test_in_production_purges_wait_in_the_queue_until_the_publish_has_committed(
    article, purged, settings
):
    """Production's queue (django-tasks-db) writes the purge in the publishing transaction:
    no worker can purge before the new version is in the database, so a reader between
    the purge and the commit cannot put the old page back in the proxy."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    purged.clear()
    with transaction.atomic():
        article.title = "Yeni başlık"
        article.save_revision().publish()
        assert DBTaskResult.objects.filter(status="READY").exists()  # queued, in this transaction
        assert purged == []
    assert purged == []  # committed; the worker purges
    call_command("worker", "--once", "--worker-id", "w1", stdout=StringIO())
    root = article.get_site().root_url
    assert root + article.url in purged and root + "/dunya/" in purged


def test_a_publish_purges_every_page_of_the_lists_it_shifts_first_pages_first(
    desks, make_record, purged
):
    """One article more shifts every `?sayfa=N` page of its desk, tags, authors and day;
    the page past the last is purged too (an unpublish empties it). Page 1s go first."""
    from datetime import datetime

    from manset.newsroom.services import article_upsert
    from manset.turkish import ISTANBUL

    day = datetime(2024, 6, 19, 9, tzinfo=ISTANBUL)
    for number in range(25):
        record = make_record(
            external_id=f"dolgu-{number}",
            headline=f"Dolgu haberi {number}",
            tags=("Kuzey Kore",),
            published_at=day,
        )
        article = article_upsert(record=record).article
    purged.clear()
    article.save_revision().publish()  # 25 articles: pages 1 and 2, and 3 past the last
    root = article.get_site().root_url
    paths = [url.removeprefix(root) for url in purged]
    for listing in ("/dunya/", "/etiket/kuzey-kore/", "/arsiv/2024/6/19/"):
        assert {listing, f"{listing}?sayfa=2", f"{listing}?sayfa=3"} <= set(paths), listing
        assert f"{listing}?sayfa=4" not in paths
    first_deeper = min(n for n, path in enumerate(paths) if "?sayfa=" in path)
    assert {"/", "/dunya/", "/etiket/kuzey-kore/", "/rss/"} <= set(paths[:first_deeper])


def test_a_long_list_gets_its_first_pages_the_articles_page_and_its_last_purged(
    desks, make_record, purged, monkeypatch
):
    """Past ALL_PAGES_UP_TO pages (thousands, at a million articles) a publish purges pages
    1 to FIRST_PAGES, the page that holds the article and the next, and the last two;
    the deeper pages' one-article shift is left to the proxy's s-maxage."""
    from datetime import datetime, timedelta

    from manset.frontend import purge
    from manset.newsroom.services import article_upsert
    from manset.turkish import ISTANBUL

    monkeypatch.setattr(purge, "ALL_PAGES_UP_TO", 3)
    monkeypatch.setattr(purge, "FIRST_PAGES", 1)
    start = datetime(2024, 6, 1, 9, tzinfo=ISTANBUL)
    articles = [
        article_upsert(
            record=make_record(
                external_id=f"dolgu-{number}",
                headline=f"Dolgu haberi {number}",
                tags=(),
                published_at=start + timedelta(hours=number),
            )
        ).article
        for number in range(150)  # 8 pages of 20, newest first
    ]
    purged.clear()
    articles[75].save_revision().publish()  # 74 newer: the 75th on the list, page 4
    root = articles[75].get_site().root_url
    desk_pages = sorted(
        path
        for path in (url.removeprefix(root) for url in purged)
        if path == "/dunya/" or path.startswith("/dunya/?")
    )
    assert desk_pages == [
        "/dunya/",
        "/dunya/?sayfa=4",
        "/dunya/?sayfa=5",
        "/dunya/?sayfa=8",
        "/dunya/?sayfa=9",
    ]


def test_unpublishing_purges_the_page_it_leaves_empty(desks, make_record, article, purged):
    from manset.newsroom.services import article_upsert

    for number in range(20):
        article_upsert(record=make_record(external_id=f"dolgu-{number}", tags=()))
    purged.clear()
    article.unpublish()  # 21 articles were two pages; 20 are one
    root = article.get_site().root_url
    assert root + "/dunya/?sayfa=2" in purged
