"""The app's page cache serves public pages without queries and forgets them on publish."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from manset.newsroom.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(MANSET_PAGE_CACHE=True):
        yield


def test_a_second_request_is_served_from_the_cache_without_queries(client, article):
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert second["Content-Type"].startswith("text/html")


def test_publishing_an_edit_shows_at_once(client, article):
    client.get("/")
    client.get(article.url)
    page = ArticlePage.objects.get(id=article.id)
    page.title = "Düzeltilmiş başlık"
    page.save_revision().publish()
    fresh = client.get(article.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Düzeltilmiş başlık" in fresh.content.decode()
    assert "Düzeltilmiş başlık" in client.get("/").content.decode()


def test_unpublishing_removes_the_page_at_once(client, article):
    client.get(article.url)
    ArticlePage.objects.get(id=article.id).unpublish()
    assert client.get(article.url).status_code == 404


def test_editors_with_a_session_are_never_served_cached_pages(client, article, django_user_model):
    client.get(article.url)
    django_user_model.objects.create_user("ed", password="parola-123")
    client.login(username="ed", password="parola-123")
    assert "X-Page-Cache" not in client.get(article.url)


def test_errors_and_query_variants_are_not_mixed_up(client, article):
    assert client.get("/yok/").status_code == 404
    assert "X-Page-Cache" not in client.get("/yok/")
    client.get("/dunya/?sayfa=1")
    assert client.get("/dunya/?sayfa=2")["X-Page-Cache"] == "miss"


def test_making_a_page_private_drops_its_public_copy(client, article, desks):
    from wagtail.models import PageViewRestriction

    client.get(article.url)
    PageViewRestriction.objects.create(
        page=desks["dunya"], restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    response = client.get(article.url)
    assert response.get("X-Page-Cache") != "hit"
    assert "Kuzey Kore’de" not in response.content.decode()


def test_changing_the_comment_rules_shows_at_once(client, article):
    from manset.comments.config import CommentSettings

    client.get(article.url)
    config = CommentSettings.load()
    config.require_consent = True
    config.save()
    assert config.consent_text in client.get(article.url).content.decode()
