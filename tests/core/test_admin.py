"""Wagtail's admin speaks Turkish and the demo editor can log in."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_is_in_turkish(client):
    html = client.get("/admin/login/").content.decode()
    assert "Kullanıcı adı" in html and "Şifre" in html


def test_an_editor_sees_the_admin_dashboard_in_turkish(client, article):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "parola-123")
    assert client.login(username="editor", password="parola-123")
    response = client.get(f"/admin/pages/{article.id}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Spot" in html and "Kaynak ajans" in html and "Yayınla" in html
    assert user.is_superuser
