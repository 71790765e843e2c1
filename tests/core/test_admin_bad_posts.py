"""A truncated or tampered admin form is a 400 with a Turkish message, never a 500.

Wagtail's StreamField reads `<field>-count` from the POST without a guard
(stream_block.value_from_datadict), so a POST without `body-count` raised
MultiValueDictKeyError in the page editor and the revision revert view.
"""

import pytest

from manset.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    client.force_login(user)
    client.raise_request_exception = False
    return client


def test_reverting_to_a_revision_without_body_count_is_a_400(editor_client, article):
    revision = article.latest_revision
    url = f"/admin/pages/{article.id}/revisions/{revision.id}/revert/"
    response = editor_client.post(url, {"title": "Yeni başlık", "slug": "yeni"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Form eksik geldi" in html and "body-count" in html


def test_editing_without_body_count_is_a_400_and_changes_nothing(editor_client, article):
    before = ArticlePage.objects.get(id=article.id).latest_revision_id
    response = editor_client.post(
        f"/admin/pages/{article.id}/edit/", {"title": "Yeni başlık", "slug": "yeni"}
    )
    assert response.status_code == 400
    page = ArticlePage.objects.get(id=article.id)
    assert page.latest_revision_id == before
    assert page.title == article.title
