"""The failed-tasks list and one failed task, as a superuser sees them on a phone and a desk."""

from pathlib import Path

import pytest
from django_tasks.base import TaskResultStatus

from tests.core.test_task_admin import LIST, TRACEBACK, task_record
from tests.frontend.conftest import browser  # noqa: F401  (the browser tests' chromium)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize("width", [412, 1366])
def test_a_superuser_reads_a_failed_tasks_error_in_the_admin(
    live_server,
    browser,  # noqa: F811
    wagtail_base,
    django_user_model,
    width,
):
    django_user_model.objects.create_superuser("sef", password="parola-123")
    failed = task_record(
        TaskResultStatus.FAILED, path="manset.search.tasks.index_pages_task", traceback=TRACEBACK
    )
    base = live_server.url
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="tr-TR")
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "sef")
    page.fill("#id_password", "parola-123")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")

    page.goto(base + LIST)
    assert page.get_by_role("heading", name="Başarısız görevler").is_visible()
    error = page.get_by_text("OperationalError: server closed the connection unexpectedly")
    assert error.is_visible()
    page.screenshot(path=ARTIFACTS / f"failed-tasks-{width}.png", full_page=True)

    page.get_by_role("link", name="index_pages_task").first.click()
    page.wait_for_url(f"{base}{LIST}inspect/{failed.pk}/")
    assert page.get_by_text("line 108, in index_pages").is_visible()
    page.screenshot(path=ARTIFACTS / f"failed-task-{width}.png", full_page=True)
    page.close()
