"""A Muhabir submits a draft; the desk's Editör (or Yazı İşleri) approves it and it goes live."""

import pytest
from wagtail.models import TaskState, WorkflowState

from manset.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_article_in_admin, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, desks):
    """A draft a Muhabir of Gündem submitted for moderation in the admin."""
    client.force_login(member("Muhabir — Gündem", "muhabir"))
    response = add_article_in_admin(
        client, desks["gundem"], "action-submit", title="Onay bekleyen haber", slug="onay"
    )
    assert response.status_code == 302
    client.logout()
    return ArticlePage.objects.get(slug="onay")


def approve_in_admin(client, article: ArticlePage):
    task_state = article.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{article.id}/approve/{task_state.id}/"
    return client.post(url, {"comment": ""})


def test_a_submitted_draft_waits_for_the_desks_editor_approval(submitted):
    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.id))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Gündem onayı"
    assert submitted.current_workflow_task.name == "Gündem editör onayı"


def test_the_desks_editor_approves_in_the_admin_and_the_article_goes_live(client, submitted):
    client.force_login(member("Editör — Gündem", "editor-gundem"))
    assert approve_in_admin(client, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert WorkflowState.objects.get(object_id=str(submitted.id)).status == "approved"


def test_yazi_isleri_may_approve_too(client, submitted):
    client.force_login(member("Yazı İşleri", "yazi-isleri"))
    approve_in_admin(client, submitted)
    submitted.refresh_from_db()
    assert submitted.live


def test_another_desks_editor_cannot_approve(client, submitted):
    client.force_login(member("Editör — Dünya", "editor-dunya"))
    response = approve_in_admin(client, submitted)
    submitted.refresh_from_db()
    assert response.status_code in (302, 403) and not submitted.live
    assert submitted.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_the_muhabir_cannot_approve_its_own_draft(client, submitted):
    assert not submitted.current_workflow_task.get_actions(submitted, submitted.owner)
    client.force_login(submitted.owner)
    approve_in_admin(client, submitted)
    submitted.refresh_from_db()
    assert not submitted.live
