"""An upload that is not an image gets a clear form error and saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from manset.newsroom.images import NewsImage

pytestmark = pytest.mark.django_db


def test_a_text_file_posted_as_an_image_is_refused_with_a_form_error(
    client, django_user_model, home
):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    client.login(username="ed", password="parola-123")
    fake = SimpleUploadedFile("foto.jpg", b"bu bir resim degil", content_type="image/jpeg")
    response = client.post(
        "/admin/images/add/", {"title": "Sahte", "file": fake, "credit": "Fotoğraf: AA"}
    )
    assert response.status_code == 200
    assert "Geçerli bir resim gönderin" in response.content.decode()
    assert not NewsImage.objects.filter(title="Sahte").exists()
