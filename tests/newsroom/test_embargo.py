"""An embargoed article never goes live before its embargo, whichever way it is published."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils import timezone
from wagtail.models import TaskState
from wagtail.test.utils.form_data import querydict_from_html

from manset.newsroom.embargo import EmbargoError, embargo_refusal
from manset.newsroom.models import ArticlePage
from manset.newsroom.wagtail_hooks import refuse_publishing_during_the_embargo
from tests.newsroom.test_roles import add_article_in_admin, draft, member

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")
NOW = datetime(2024, 6, 19, 12, 0, tzinfo=ISTANBUL)
EMBARGO = datetime(2024, 6, 19, 14, 0, tzinfo=ISTANBUL)
MESSAGE = (
    "Ambargo 19.06.2024 14:00 saatine kadar sürüyor; yayın zamanını ambargodan sonraya ayarlayın."
)


def later(hours: float) -> datetime:
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def form_time(when: datetime) -> str:
    return timezone.localtime(when, ISTANBUL).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def editor(desks):
    return member("Editör — Gündem", "editor-gundem")


# The rule


def test_an_article_without_embargo_may_go_live_now():
    assert embargo_refusal(embargo_until=None, go_live_at=None, now=NOW) is None


def test_going_live_now_before_the_embargo_is_refused_in_turkish():
    assert embargo_refusal(embargo_until=EMBARGO, go_live_at=None, now=NOW) == MESSAGE


def test_a_go_live_time_before_the_embargo_is_refused():
    go_live = EMBARGO - timedelta(minutes=1)
    assert embargo_refusal(embargo_until=EMBARGO, go_live_at=go_live, now=NOW) == MESSAGE


def test_a_go_live_time_at_or_after_the_embargo_is_allowed():
    assert embargo_refusal(embargo_until=EMBARGO, go_live_at=EMBARGO, now=NOW) is None


def test_once_the_embargo_has_passed_going_live_now_is_allowed():
    now = EMBARGO + timedelta(seconds=1)
    assert embargo_refusal(embargo_until=EMBARGO, go_live_at=None, now=now) is None


# Publishing a revision: code, the create view, workflows, publish_scheduled


def test_publishing_a_revision_before_the_embargo_raises_and_nothing_goes_live(desks, editor):
    article = draft(desks["gundem"], owner=editor, embargo_until=later(2))
    with pytest.raises(EmbargoError, match="Ambargo .* saatine kadar sürüyor"):
        article.get_latest_revision().publish(user=editor)
    article.refresh_from_db()
    assert not article.live and article.live_revision is None


def test_a_refused_page_saved_live_but_never_published_is_taken_offline(desks):
    article = ArticlePage(title="Hiç yayımlanmadı", lead="Spot.", embargo_until=later(2))
    desks["gundem"].add_child(instance=article)  # Wagtail saves a new page as live=True
    with pytest.raises(EmbargoError):
        article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live


def test_scheduling_before_the_embargo_is_refused(desks, editor):
    embargo = later(2)
    too_early = embargo - timedelta(hours=1)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo, go_live_at=too_early)
    revision = article.get_latest_revision()
    with pytest.raises(EmbargoError):
        revision.publish(user=editor)
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_scheduling_at_the_embargo_is_accepted(desks, editor):
    embargo = later(2)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo, go_live_at=embargo)
    revision = article.get_latest_revision()
    revision.publish(user=editor)
    revision.refresh_from_db()
    article.refresh_from_db()
    assert revision.approved_go_live_at == embargo and not article.live


def test_after_the_embargo_the_article_publishes_normally(desks, editor):
    embargo = later(2)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo)
    with time_machine.travel(embargo + timedelta(minutes=1), tick=False):
        article.get_latest_revision().publish(user=editor)
    article.refresh_from_db()
    assert article.live


def test_approving_an_embargoed_article_in_the_workflow_schedules_it_for_the_embargo(
    client, desks, editor
):
    reporter = member("Muhabir — Gündem", "muhabir")
    embargo = later(2)
    article = draft(desks["gundem"], owner=reporter, embargo_until=embargo)
    article.get_workflow().start(article, reporter)
    task_state = article.current_workflow_task_state
    client.force_login(editor)
    url = f"/admin/pages/workflow/action/{article.id}/approve/{task_state.id}/"
    response = client.post(url, {"comment": ""})
    assert response["Location"] == f"/admin/pages/{article.id}/edit/"  # not a refusal
    article.refresh_from_db()
    task_state.refresh_from_db()
    assert not article.live  # not a second before the embargo
    assert task_state.status == TaskState.STATUS_APPROVED
    assert article.get_latest_revision().approved_go_live_at == embargo
    with time_machine.travel(embargo + timedelta(seconds=30), tick=False):
        from django.core.management import call_command

        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live


# The admin


def test_publishing_from_the_add_form_before_the_embargo_schedules_it_for_the_embargo(
    client, desks, editor
):
    client.force_login(editor)
    embargo = later(2)
    response = add_article_in_admin(
        client,
        desks["gundem"],
        "action-publish",
        title="Ambargolu haber",
        slug="ambargolu",
        embargo_until=form_time(embargo),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="ambargolu")
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == embargo


def test_publishing_from_the_add_form_with_a_go_live_after_the_embargo_schedules_it(
    client, desks, editor
):
    client.force_login(editor)
    embargo = later(2)
    response = add_article_in_admin(
        client,
        desks["gundem"],
        "action-publish",
        title="Ambargolu haber",
        slug="ambargolu",
        embargo_until=form_time(embargo),
        go_live_at=form_time(embargo + timedelta(minutes=5)),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="ambargolu")
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == embargo + timedelta(minutes=5)


def test_publishing_from_the_edit_form_before_the_embargo_schedules_it_for_the_embargo(
    client, desks, editor
):
    embargo = later(2)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo)
    client.force_login(editor)
    url = f"/admin/pages/{article.id}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"body-count": "0", "action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == embargo


def test_the_before_publish_hook_refuses_and_keeps_a_new_page_offline(rf, desks):
    article = ArticlePage(title="Formu atlayan", lead="Spot.", embargo_until=later(2))
    desks["gundem"].add_child(instance=article)  # live=True, as the create view leaves it
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    response = refuse_publishing_during_the_embargo(request, article)
    assert response.status_code == 302 and response.url.endswith(f"/pages/{article.id}/edit/")
    assert "ambargodan sonraya ayarlayın." in str(list(request._messages)[0])
    article.refresh_from_db()
    assert not article.live


def test_the_before_publish_hook_lets_other_pages_through(rf, home):
    assert refuse_publishing_during_the_embargo(rf.post("/admin/"), home) is None


@pytest.mark.django_db
def test_a_live_page_is_not_served_before_its_embargo(client, article):
    ArticlePage.objects.filter(id=article.id).update(
        embargo_until=timezone.now() + timedelta(hours=1)
    )
    assert client.get(article.url).status_code == 404
    ArticlePage.objects.filter(id=article.id).update(
        embargo_until=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(article.url).status_code == 200
