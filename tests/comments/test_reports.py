"""Readers' reports reach the moderators at once: one report lists the comment under
"Şikayet edilen" and counts on the dashboard (each reader once); enough readers still hide
it until a moderator looks."""

import pytest

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(gundem_article, make_comment):
    return make_comment(gundem_article, text="Şikayet edilecek yorum", email="yazar@example.com")


@pytest.fixture
def editor(staff):
    return staff("Editör — Gündem", "gundem-editoru")


def _report(client, comment, ip):
    response = client.post(
        f"/yorum/sikayet/{comment.id}/",
        headers={"Origin": "http://testserver", "Accept": "application/json"},
        REMOTE_ADDR=ip,
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Şikayetiniz alındı; bir editör inceleyecek."


def _reported_queue(client) -> str:
    return client.get("/admin/yorumlar/?durum=sikayet").content.decode()


def test_one_report_is_listed_and_counted_at_once(client, editor, published):
    _report(client, published, "192.0.2.1")
    published.refresh_from_db()
    assert published.status == Comment.Status.PUBLISHED  # still public: one reader is not enough
    client.force_login(editor)
    page = _reported_queue(client)
    assert "Şikayet edilecek yorum" in page and "Okur şikayeti (1)" in page
    assert "1 şikayet bekliyor" in client.get("/admin/").content.decode()


def test_the_same_reader_reporting_twice_counts_once(client, editor, published):
    _report(client, published, "192.0.2.1")
    _report(client, published, "192.0.2.1")
    client.force_login(editor)
    assert "Okur şikayeti (1)" in _reported_queue(client)
    assert "1 şikayet bekliyor" in client.get("/admin/").content.decode()


def test_enough_readers_still_hide_the_comment_and_it_stays_listed(client, editor, published):
    for n in (1, 2, 3):  # reports_to_hide is 3
        _report(client, published, f"192.0.2.{n}")
    published.refresh_from_db()
    assert published.status == Comment.Status.PENDING and published.flagged
    client.force_login(editor)
    page = _reported_queue(client)
    assert "Şikayet edilecek yorum" in page and "Okur şikayeti (3)" in page
    assert "şikayetle gizlendi" in page
    assert "1 şikayet bekliyor" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("action", ["approve", "spam", "trash"])
def test_a_moderators_decision_clears_the_report(client, editor, published, action):
    _report(client, published, "192.0.2.1")
    client.force_login(editor)
    client.post("/admin/yorumlar/islem/", {"row": f"{action}:{published.id}"})
    assert "Şikayet edilecek yorum" not in _reported_queue(client)
    assert "0 şikayet bekliyor" in client.get("/admin/").content.decode()


def test_the_summary_counts_reports_for_the_newsroom_dashboard(editor, published):
    from django.utils import timezone

    from manset.comments import selectors, services

    services.comment_report(comment=published, ip="192.0.2.1")
    numbers = selectors.moderation_summary(user=editor, today_start=timezone.now())
    assert numbers == {"pending": 0, "spam_today": 0, "reported": 1}
