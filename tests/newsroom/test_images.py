"""An upload that is not an image gets a clear form error and saves nothing."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from manset.core import scheduler
from manset.newsroom.images import (
    ORIGINALS_DIR,
    NewsImage,
    image_files_orphaned_delete,
    image_orphans_job,
)

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


@pytest.fixture
def media(settings, tmp_path):
    """An empty media folder: earlier runs' files must not count."""
    settings.MEDIA_ROOT = tmp_path


def _original(name: str, *, age: timedelta) -> str:
    storage = NewsImage._meta.get_field("file").storage
    picture = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 16, 46)).save(picture, format="JPEG")
    path = storage.save(f"{ORIGINALS_DIR}/{name}", ContentFile(picture.getvalue()))
    moment = (timezone.now() - age).timestamp()
    os.utime(storage.path(path), (moment, moment))
    return path


def test_picture_files_without_a_row_are_deleted_once_an_hour_old(home, media):
    """What a conversion killed between saving a picture and committing its row leaves."""
    storage = NewsImage._meta.get_field("file").storage
    kept = NewsImage.objects.create(
        title="Kare", file=_original("kullanilan.jpg", age=timedelta(days=2))
    )
    orphan = _original("yetim.jpg", age=timedelta(hours=2))
    fresh = _original("yeni.jpg", age=timedelta(minutes=5))  # its conversion may be running
    assert image_files_orphaned_delete(now=timezone.now()) == 1
    assert not storage.exists(orphan)
    assert storage.exists(kept.file.name) and storage.exists(fresh)


def test_the_worker_sweeps_orphaned_picture_files(home, media):
    assert image_orphans_job in scheduler.JOBS
    storage = NewsImage._meta.get_field("file").storage
    orphan = _original("yetim.jpg", age=timedelta(hours=2))
    scheduler.scheduler_tick(jobs=[image_orphans_job])
    assert not storage.exists(orphan)


def _jpeg(name: str) -> SimpleUploadedFile:
    picture = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 16, 46)).save(picture, format="JPEG")
    return SimpleUploadedFile(name, picture.getvalue(), content_type="image/jpeg")


def test_the_upload_asks_for_a_description_the_readers_alt_text(
    client, django_user_model, home, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    client.login(username="ed", password="parola-123")
    form = client.get("/admin/images/add/").content.decode()
    assert "Açıklama (alternatif metin)" in form
    refused = client.post(
        "/admin/images/add/", {"title": "IMG_2041", "file": _jpeg("IMG_2041.jpg")}
    )
    assert refused.status_code == 200
    assert not NewsImage.objects.exists()
    client.post(
        "/admin/images/add/",
        {"title": "IMG_2041", "file": _jpeg("IMG_2041.jpg"), "description": "Törenden bir kare"},
    )
    image = NewsImage.objects.get()
    assert image.default_alt_text == "Törenden bir kare"
