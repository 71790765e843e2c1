"""A newsroom user has an author profile from the start, and it is ticked on their articles."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from manset.newsroom.models import ArticlePage, Author
from manset.newsroom.roles import demo_users_ensure, user_author_ensure
from tests.newsroom.test_roles import add_article_in_admin, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, desks):
    client.force_login(User.objects.create_superuser("sef", "sef@example.com", "parola-123"))
    return client


def test_a_user_made_in_the_admin_with_a_newsroom_group_gets_an_author(admin_client, desks):
    reporters = Group.objects.get(name="Muhabir — Gündem")
    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "ayse",
            "email": "ayse@example.com",
            "first_name": "Ayşe",
            "last_name": "Işık",
            "password1": "uzun-bir-parola-42",
            "password2": "uzun-bir-parola-42",
            "is_active": "on",
            "groups": [reporters.id],
        },
    )
    assert response.status_code == 302
    author = Author.objects.get(user__username="ayse")
    assert (author.name, author.slug, author.desk) == ("Ayşe Işık", "ayse-isik", desks["gundem"])


def test_a_user_outside_the_newsroom_gets_no_author(desks):
    assert user_author_ensure(user=User.objects.create_user("okur")) is None
    assert not Author.objects.exists()


def test_adding_a_user_to_a_newsroom_group_later_makes_the_author_once(admin_client, desks):
    user = User.objects.create_user("mehmet", first_name="Mehmet", last_name="Öz")
    assert user_author_ensure(user=user) is None
    user.groups.add(Group.objects.get(name="Yazı İşleri"))
    first = user_author_ensure(user=user)
    assert first.name == "Mehmet Öz" and first.desk is None
    assert user_author_ensure(user=user) == first
    assert Author.objects.count() == 1


def test_a_name_already_taken_gets_a_numbered_slug(desks):
    Author.objects.create(name="Demo Muhabir", slug="demo-muhabir")
    demo_users_ensure()
    own = Author.objects.get(user__username="muhabir")
    assert own.slug == "demo-muhabir-2"
    assert Author.objects.get(user__username="editor-gundem").name == "Demo Gündem Editörü"


def test_the_migration_backfills_authors_for_existing_newsroom_users(desks):
    reporter = member("Muhabir — Dünya", "eski-muhabir")
    User.objects.create_user("okur")
    migration = importlib.import_module(
        "manset.newsroom.migrations.0005_authors_for_newsroom_users"
    )
    migration.authors_for_newsroom_users(apps, None)
    author = Author.objects.get()
    assert (author.user, author.name, author.desk) == (reporter, "eski-muhabir", desks["dunya"])


def test_a_new_article_starts_with_its_writers_author_ticked(client, desks):
    demo_users_ensure()
    muhabir = User.objects.get(username="muhabir")
    client.force_login(muhabir)
    own = Author.objects.get(user=muhabir)
    Author.objects.create(name="Başka Yazar", slug="baska-yazar")
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/").content
    checked = re.findall(rb'<input type="checkbox" name="authors" value="(\d+)"[^>]*checked', html)
    assert checked == [str(own.id).encode()]
    add_article_in_admin(
        client, desks["gundem"], "action-save", title="Muhabirin haberi", slug="muhabirin"
    )
    article = ArticlePage.objects.get(title="Muhabirin haberi")
    assert list(article.get_latest_revision_as_object().authors.all()) == [own]


def test_the_form_of_an_existing_article_keeps_its_authors(client, desks):
    demo_users_ensure()
    muhabir = User.objects.get(username="muhabir")
    article = ArticlePage(title="Eski haber", lead="Spot.", owner=muhabir, live=False)
    desks["gundem"].add_child(instance=article)
    article.save_revision(user=muhabir)
    client.force_login(muhabir)
    html = client.get(f"/admin/pages/{article.id}/edit/").content
    assert not re.findall(rb'name="authors" value="\d+"[^>]*checked', html)


def test_the_picker_has_a_search_box_and_folded_names_to_match(admin_client, desks):
    Author.objects.create(name="Özlem Çağlar", slug="ozlem-caglar")
    html = admin_client.get(f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/")
    html = html.content.decode()
    assert "data-author-picker-search" in html
    assert 'data-search="ozlem caglar"' in html
    assert "newsroom/author-picker.js" in html
