"""The admin's search folds Turkish: "kadikoy" finds "Kadıköy’de …" (search.admin_backend)."""

import pytest
from django.contrib.auth.models import User

from manset.newsroom.models import ArticlePage, Author

pytestmark = pytest.mark.django_db

HEADLINE = "Kadıköy’de yeni park açıldı"


@pytest.fixture
def admin_client(client, desks):
    client.force_login(User.objects.create_superuser("sef", "sef@example.com", "parola-123"))
    return client


@pytest.fixture
def draft(desks):
    """A draft (never published: the reader's search does not know it)."""
    article = ArticlePage(title=HEADLINE, lead="Spot.", live=False)
    desks["gundem"].add_child(instance=article)
    article.save_revision()
    return article


@pytest.mark.parametrize("query", ["kadikoy", "KADIKOY", "Kadıköy", "kadıkoy", "kadikoyde park"])
def test_the_page_explorer_search_folds_turkish(admin_client, draft, query):
    html = admin_client.get("/admin/pages/search/", {"q": query}).content.decode()
    assert HEADLINE in html


@pytest.mark.parametrize("query", ["Kadıköy", "kadıköyde", "yangın"])
def test_a_query_with_turkish_letters_finds_a_headline_written_without_them(
    admin_client, desks, query
):
    """Agency copy often comes in ASCII capitals; the editor types Turkish."""
    article = ArticlePage(title="KADIKOY'DE YANGIN", lead="Spot.", live=False)
    desks["gundem"].add_child(instance=article)
    article.save_revision()
    html = admin_client.get("/admin/pages/search/", {"q": query}).content.decode()
    assert "KADIKOY’DE YANGIN" in html  # saved with the typographic apostrophe


def test_the_search_within_a_desk_folds_turkish(admin_client, desks, draft):
    html = admin_client.get(f"/admin/pages/{desks['gundem'].id}/", {"q": "acildi"})
    assert HEADLINE in html.content.decode()


def test_the_page_chooser_folds_turkish(admin_client, draft):
    response = admin_client.get("/admin/choose-page/search/", {"q": "kadikoy"})
    assert HEADLINE in response.content.decode()


def test_a_word_not_in_the_headline_still_finds_nothing(admin_client, draft):
    html = admin_client.get("/admin/pages/search/", {"q": "besiktas"}).content.decode()
    assert HEADLINE not in html


def test_the_authors_list_folds_turkish(admin_client, desks):
    Author.objects.create(name="Özlem Işıkçı", slug="ozlem-isikci")
    Author.objects.create(name="Can Dündar", slug="can-dundar")
    for query in ("ozlem", "ISIKCI", "Işıkçı", "ışıkçı", "özlem ışık"):
        html = admin_client.get("/admin/snippets/newsroom/author/", {"q": query}).content.decode()
        assert "Özlem Işıkçı" in html, query
        assert "Can Dündar" not in html, query
