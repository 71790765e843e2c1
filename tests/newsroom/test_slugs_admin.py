"""Articles made in the admin get ASCII slugs too, and old Unicode addresses redirect."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from wagtail.models import Page

from manset.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_article_in_admin

pytestmark = pytest.mark.django_db

HEADLINE = "Kadıköy’de yeni park"
# What Wagtail's own slug script makes of it when Unicode slugs are allowed.
JS_UNICODE_SLUG = "kadıköyde-yeni-park"


@pytest.fixture
def chief(client, desks):
    user = User.objects.create_superuser("sef", "sef@example.com", "parola-123")
    client.force_login(user)
    return user


def test_the_add_form_stores_the_scripts_unicode_slug_in_ascii(client, desks, chief):
    response = add_article_in_admin(
        client, desks["gundem"], "action-publish", title=HEADLINE, slug=JS_UNICODE_SLUG
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(title=HEADLINE)
    assert article.slug == "kadikoyde-yeni-park"
    assert article.url == "/gundem/kadikoyde-yeni-park/"


def test_a_normalised_slug_that_clashes_gets_a_suffix_not_an_error(client, desks, chief):
    for _ in range(2):
        response = add_article_in_admin(
            client, desks["gundem"], "action-publish", title=HEADLINE, slug=JS_UNICODE_SLUG
        )
        assert response.status_code == 302
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["kadikoyde-yeni-park", "kadikoyde-yeni-park-2"]


def test_a_form_with_an_error_shows_the_slug_that_will_be_saved(client, desks, chief):
    response = add_article_in_admin(
        client, desks["gundem"], "action-publish", title=HEADLINE, slug=JS_UNICODE_SLUG, lead=""
    )
    assert response.status_code == 200  # the lead is required
    html = response.content.decode()
    assert 'value="kadikoyde-yeni-park"' in html
    assert JS_UNICODE_SLUG not in html


def test_the_admin_slug_script_is_told_to_write_ascii(client, desks, chief):
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/").content
    slug_input = re.search(rb'<input[^>]*name="slug"[^>]*>', html)[0]
    # Django leaves a False boolean attribute out; Wagtail's script then reads false.
    assert b'data-controller="w-slug"' in slug_input
    assert b"allow-unicode" not in slug_input


def test_a_page_saved_in_code_with_a_unicode_slug_is_normalised(desks):
    article = ArticlePage(title=HEADLINE, slug="Kadıköy’de--Yeni_Park", lead="Spot.")
    desks["gundem"].add_child(instance=article)
    assert ArticlePage.objects.get(id=article.id).slug == "kadikoyde-yeni-park"


def test_an_ascii_slug_already_right_is_left_alone(desks):
    article = ArticlePage(title=HEADLINE, slug="park-acildi", lead="Spot.")
    desks["gundem"].add_child(instance=article)
    assert ArticlePage.objects.get(id=article.id).slug == "park-acildi"


def test_a_revision_published_with_a_unicode_slug_is_normalised(desks):
    article = ArticlePage(title=HEADLINE, lead="Spot.", live=False)
    desks["gundem"].add_child(instance=article)
    article.slug = JS_UNICODE_SLUG
    article.save_revision().publish()
    assert ArticlePage.objects.get(id=article.id).slug == "kadikoyde-yeni-park"


def test_canonical_og_url_and_sitemap_carry_the_ascii_address(client, desks, chief):
    add_article_in_admin(
        client, desks["gundem"], "action-publish", title=HEADLINE, slug=JS_UNICODE_SLUG
    )
    client.logout()
    html = client.get("/gundem/kadikoyde-yeni-park/").content.decode()
    address = "http://testserver/gundem/kadikoyde-yeni-park/"
    assert f'<link rel="canonical" href="{address}">' in html
    assert f'<meta property="og:url" content="{address}">' in html
    sitemap = client.get("/sitemap-news.xml").content.decode()
    assert "/gundem/kadikoyde-yeni-park/" in sitemap
    assert "%C4%B1" not in sitemap and "ı" not in sitemap.split("<loc>", 1)[1].split("<")[0]


def _unicode_article(desk, *, slug=JS_UNICODE_SLUG):
    """A live article stored with a Unicode slug, as the admin made them before the fix."""
    article = ArticlePage(title=HEADLINE, lead="Spot.", slug="gecici")
    desk.add_child(instance=article)
    article.save_revision().publish()
    Page.objects.filter(id=article.id).update(slug=slug, url_path=f"{desk.url_path}{slug}/")
    return article


def _migrate_slugs():
    migration = importlib.import_module("manset.newsroom.migrations.0004_ascii_page_slugs")
    migration.ascii_slugs(apps, None)


def test_the_migration_gives_existing_unicode_slugs_their_ascii_form(client, desks):
    article = _unicode_article(desks["gundem"])
    _migrate_slugs()
    article.refresh_from_db()
    assert article.slug == "kadikoyde-yeni-park"
    assert article.url_path.endswith("/gundem/kadikoyde-yeni-park/")
    assert client.get("/gundem/kadikoyde-yeni-park/").status_code == 200


def test_an_old_unicode_address_answers_301_to_the_ascii_one(client, desks):
    _unicode_article(desks["gundem"])
    _migrate_slugs()
    for old in ("/gundem/kadıköyde-yeni-park/", "/gundem/kad%C4%B1k%C3%B6yde-yeni-park/"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith("/gundem/kadikoyde-yeni-park/")


def test_a_desk_with_a_unicode_slug_moves_its_articles_addresses_along(client, desks):
    desk = desks["dunya"]
    article = _unicode_article(desk, slug="park")
    old_desk_path = desk.url_path.replace("/dunya/", "/dünya/")
    Page.objects.filter(id=desk.id).update(slug="dünya", url_path=old_desk_path)
    Page.objects.filter(id=article.id).update(url_path=f"{old_desk_path}park/")
    _migrate_slugs()
    article.refresh_from_db()
    assert article.url_path.endswith("/dunya/park/")
    response = client.get("/dünya/park/")
    assert response.status_code == 301
    assert response["Location"].endswith("/dunya/park/")


def test_the_migration_suffixes_a_slug_whose_ascii_form_is_taken(desks):
    taken = ArticlePage(title="Eski park", slug="kadikoyde-yeni-park", lead="Spot.")
    desks["gundem"].add_child(instance=taken)
    article = _unicode_article(desks["gundem"])
    _migrate_slugs()
    article.refresh_from_db()
    assert article.slug == "kadikoyde-yeni-park-2"
