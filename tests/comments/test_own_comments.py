"""Where a comment posted without JavaScript lands: the reader's own comments on the
article, a private page apart from the cached article, which stays the same for all."""

import pytest
from django.test import Client, override_settings

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db

TEXT = "Çok yerinde bir haber, teşekkürler."


@pytest.fixture
def page_cache_on():
    with override_settings(MANSET_PAGE_CACHE=True):
        yield


def test_without_javascript_the_post_lands_on_the_notice_with_the_pending_comment(
    client, article, post_comment
):
    response = post_comment(article)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#yorum-durumu")  # the notice, not the page top
    landing = client.get(response["Location"])
    page = landing.content.decode()
    assert landing.status_code == 200
    assert 'id="yorum-durumu"' in page
    assert "Yorumunuz onay bekliyor; bir editör onayladığında yayımlanacak." in page
    assert f'id="yorum-{comment.id}"' in page and TEXT in page
    assert "Onay bekliyor" in page  # the comment's own mark
    assert f'href="{article.url}#yorumlar"' in page
    assert "ayse@example.com" not in page
    assert "no-store" in landing["Cache-Control"] and "private" in landing["Cache-Control"]
    assert "Cookie" in landing["Vary"]


def test_a_published_comment_lands_on_its_notice_too(client, article, post_comment, trusted):
    trusted()
    response = post_comment(article, text="Yayımlanan yorum.")
    page = client.get(response["Location"]).content.decode()
    assert "Yorumunuz yayımlandı." in page and "Yayımlanan yorum." in page


def test_the_landing_page_shows_the_pending_comment_to_no_one_else(client, article, post_comment):
    response = post_comment(article)
    stranger = Client().get(response["Location"]).content.decode()
    assert TEXT not in stranger
    assert "Yorumunuz onay bekliyor" not in stranger
    assert "Yorumunuz alındı." in stranger  # a shared link tells nothing of the comment


def test_the_articles_cached_html_is_unchanged_by_a_pending_comment(
    client, article, post_comment, page_cache_on
):
    before = client.get(article.url)
    assert before["X-Page-Cache"] == "miss"
    response = post_comment(article)
    assert "X-Page-Cache" not in client.get(response["Location"])  # the landing: never kept
    after = client.get(article.url)
    assert after["X-Page-Cache"] == "hit"
    assert after.content == before.content
    assert Client().get(article.url).content == before.content
    assert TEXT not in after.content.decode()


def test_the_scripts_own_comments_are_json_and_private(client, article, post_comment):
    post_comment(article)
    response = client.get(f"/yorum/{article.id}/benim/", headers={"Accept": "application/json"})
    assert response["Content-Type"] == "application/json"
    assert [c["status"] for c in response.json()["comments"]] == ["pending"]
    assert "private" in response["Cache-Control"] and "Accept" in response["Vary"]


@pytest.mark.parametrize("value", ["", "abc", "¹", "9" * 40, "-1"])
def test_odd_values_of_the_landing_pages_parameter_are_ignored(client, article, value):
    response = client.get(f"/yorum/{article.id}/benim/", {"yorum": value})
    assert response.status_code == 200
    assert "Yorumunuz onay bekliyor" not in response.content.decode()


def test_the_landing_page_of_a_missing_article_is_404(client):
    assert client.get("/yorum/999999/benim/").status_code == 404
