"""Failed background tasks are listed, read-only, in the Wagtail admin with their error."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db
LIST = "/admin/gorevler/basarisiz/"
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "manset/search/indexing.py", line 108, in index_pages\n'
    "django.db.utils.OperationalError: server closed the connection unexpectedly\n"
)


def task_record(status: str, *, path: str, traceback: str = "") -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        task_path=path,
        args_kwargs={"args": [], "kwargs": {"page_ids": [7]}},
        backend_name="default",
        worker_ids=["web-1"],
        finished_at=timezone.now(),
        exception_class_path="django.db.utils.OperationalError" if traceback else "",
        traceback=traceback,
    )


@pytest.fixture
def superuser_client(client, wagtail_base):
    client.force_login(User.objects.create_superuser("sef", "sef@example.com", "parola-123"))
    return client


@pytest.fixture
def failed():
    task_record(TaskResultStatus.SUCCESSFUL, path="manset.search.tasks.basarili_gorev")
    return task_record(
        TaskResultStatus.FAILED, path="manset.search.tasks.index_pages_task", traceback=TRACEBACK
    )


def test_the_list_shows_failed_tasks_with_their_error_and_not_the_others(superuser_client, failed):
    response = superuser_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "index_pages_task" in html
    assert re.search(r">\s*OperationalError: server closed the connection unexpectedly\s*<", html)
    assert "basarili_gorev" not in html
    assert "Başarısız görevler" in html and "1 başarısız görev" in html
    assert "Task Result" not in html, "django-tasks-db's English names do not show"


def test_a_failed_task_opens_with_its_whole_traceback(superuser_client, failed):
    html = superuser_client.get(f"{LIST}inspect/{failed.pk}/").content.decode()
    assert "Hata ayrıntısı" in html and "Çalıştıran işçiler" in html
    assert "line 108, in index_pages" in html and "<pre>" in html
    assert "Task Result" not in html and not re.search(r">\s*None\s*<", html), "no English None"


def test_nobody_adds_changes_or_deletes_a_task_record_there(superuser_client, failed):
    html = superuser_client.get(LIST).content.decode()
    assert f"{LIST}new/" not in html and f"{LIST}edit/" not in html
    for url in (f"{LIST}new/", f"{LIST}edit/{failed.pk}/", f"{LIST}delete/{failed.pk}/"):
        assert superuser_client.get(url).status_code in (302, 403), url
    assert DBTaskResult.objects.filter(pk=failed.pk).exists()


def test_the_settings_menu_offers_it_to_superusers_only(superuser_client, client, failed):
    page = superuser_client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    assert "Başarısız görevler" in json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    editor = User.objects.create_user("editor", "e@example.com", "parola-123", is_staff=True)
    client.force_login(editor)
    assert client.get(LIST).status_code in (302, 403)
