"""An article keeps answering at its old address after its slug changes."""

import pytest

from manset.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_the_old_url_redirects_permanently_to_the_new_one(
    client, article, django_capture_on_commit_callbacks
):
    old_url = article.url
    page = ArticlePage.objects.get(id=article.id)
    page.title = "Putin Pyongyang’dan ayrıldı"
    page.slug = "putin-pyongyangdan-ayrildi"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail redirects on commit
        page.save_revision().publish()
    new_url = ArticlePage.objects.get(id=article.id).url
    assert new_url.endswith("/dunya/putin-pyongyangdan-ayrildi/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)
    assert client.get(new_url).status_code == 200


def test_moving_an_article_to_another_desk_keeps_the_old_url_working(client, article, desks):
    old_url = article.url
    ArticlePage.objects.get(id=article.id).move(desks["gundem"], pos="last-child")
    response = client.get(old_url)
    assert response.status_code == 301
    assert "/gundem/" in response["Location"]
