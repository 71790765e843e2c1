"""Scheduling in plain sight: "Zamanla" beside "Yayınla", the embargo's end offered as the
time, and the time shown in the lists (newsroom.admin_schedule)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from manset import turkish
from manset.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_article_in_admin, draft, member

pytestmark = pytest.mark.django_db


def later(hours: float):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def form_time(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def editor(desks):
    return member("Editör — Gündem", "editor-gundem")


@pytest.fixture
def reporter(desks):
    return member("Muhabir — Gündem", "muhabir")


def edit_form(client, article) -> tuple[str, dict]:
    url = f"/admin/pages/{article.id}/edit/"
    html = client.get(url).content.decode()
    return html, querydict_from_html(html, form_id="page-edit-form")


def test_the_footer_offers_zamanla_right_after_yayinla(client, desks, editor):
    client.force_login(editor)
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/").content
    html = html.decode()
    assert "Zamanla…" in html
    assert html.index("Zamanla…") > html.index('name="action-publish"')
    assert 'data-a11y-dialog-show="schedule-publishing-dialog"' in html


def test_a_reporter_who_cannot_publish_is_not_offered_zamanla(client, desks, reporter):
    client.force_login(reporter)
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/").content
    assert "Zamanla…" not in html.decode()


def test_zamanla_in_the_dialog_schedules_the_article_at_the_chosen_time(client, desks, editor):
    client.force_login(editor)
    when = later(3)
    response = add_article_in_admin(
        client,
        desks["gundem"],
        "action-publish",
        title="Zamanlı haber",
        slug="zamanli",
        go_live_at=form_time(when),
        **{"action-publish": "schedule"},  # the value the dialog's "Zamanla" posts
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="zamanli")
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == when


def test_zamanla_without_a_time_is_refused_instead_of_publishing_now(client, desks, editor):
    client.force_login(editor)
    url = f"/admin/pages/add/newsroom/articlepage/{desks['gundem'].id}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(
        {"title": "Zamansız", "slug": "zamansiz", "lead": "Spot.", "body-count": "0"},
    )
    data["action-publish"] = "schedule"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Yayın zamanını seçin." in response.content.decode()
    assert not ArticlePage.objects.filter(slug="zamansiz").exists()


def test_during_an_embargo_yayinla_offers_the_embargo_end(client, desks, editor):
    embargo = later(5)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo)
    client.force_login(editor)
    html, _ = edit_form(client, article)
    label = f"Ambargo bitince yayınla ({turkish.format_day_time(embargo)})"
    assert label in html


def test_one_click_on_the_embargo_button_schedules_at_the_embargo_end(client, desks, editor):
    embargo = later(5)
    article = draft(desks["gundem"], owner=editor, embargo_until=embargo)
    client.force_login(editor)
    _, data = edit_form(client, article)
    data.update({"body-count": "0", "action-publish": "action-publish"})
    response = client.post(f"/admin/pages/{article.id}/edit/", data)
    assert response.status_code == 302  # no field error: scheduled
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == embargo


def test_the_page_listing_shows_when_a_scheduled_article_goes_live(client, desks, editor):
    when = later(4)
    article = draft(desks["gundem"], owner=editor, go_live_at=when)
    article.get_latest_revision().publish(user=editor)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{desks['gundem'].id}/").content.decode()
    assert f"zamanlandı · {turkish.format_day_time(when)}" in html


def test_an_unscheduled_draft_shows_only_its_status(client, desks, editor):
    draft(desks["gundem"], owner=editor, title="Sade taslak")
    client.force_login(editor)
    html = client.get(f"/admin/pages/{desks['gundem'].id}/").content.decode()
    assert "taslak" in html
    assert "zamanlandı ·" not in html
