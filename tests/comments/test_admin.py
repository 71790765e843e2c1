"""The comment desk in the Wagtail admin: who sees it, the queue, bulk actions, reader data."""

import json

import pytest
from django.contrib.auth.models import Group, User

from manset.comments.models import Ban, Comment
from manset.newsroom.roles import newsroom_roles_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(desks):
    newsroom_roles_ensure()

    def make(group: str) -> User:
        user = User.objects.create_user(group.split()[0].lower(), password="parola-123")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def pending(article):
    return [
        Comment.objects.create(
            article=article,
            name=f"Okur {n}",
            email=f"okur{n}@example.com",
            ip_address="192.0.2.10",
            text=f"Bekleyen yorum {n}",
            spam_score=0.1 * n,
            guard_notes=[{"rule": "new_author", "action": "hold", "detail": "ilk yorum"}],
        )
        for n in range(3)
    ]


def test_an_editor_moderates_and_a_reporter_may_not(client, staff, pending):
    client.force_login(staff("Muhabir — Gündem"))
    refused = client.get("/admin/yorumlar/")  # Wagtail sends the refused back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(staff("Editör — Dünya"))  # the article's desk
    page = client.get("/admin/yorumlar/").content.decode()
    assert "Bekleyen yorum 2" in page
    assert "okur2@example.com" not in page  # e-mail and IP need their own permission
    assert "192.0.2.10" not in page
    assert "Yeni okur" in page  # the reason, in Turkish


def test_yazi_isleri_sees_ips_and_addresses(client, staff, pending):
    client.force_login(staff("Yazı İşleri"))
    page = client.get("/admin/yorumlar/").content.decode()
    assert "192.0.2.10" in page and "okur2@example.com" in page


def test_filters_narrow_the_queue(admin_client, pending):
    page = admin_client.get("/admin/yorumlar/?puan=0.15").content.decode()
    assert "Bekleyen yorum 2" in page and "Bekleyen yorum 0" not in page
    assert "Bekleyen yorum" not in admin_client.get("/admin/yorumlar/?durum=spam").content.decode()
    assert "Bekleyen yorum 1" in admin_client.get("/admin/yorumlar/?ara=yorum+1").content.decode()


def test_bulk_approve_publishes_trusts_and_logs(admin_client, pending, article):
    from wagtail.models import ModelLogEntry

    ids = [c.id for c in pending[:2]]
    response = admin_client.post("/admin/yorumlar/islem/", {"action": "approve", "ids": ids})
    assert response.status_code == 302
    assert set(Comment.objects.filter(id__in=ids).values_list("status", flat=True)) == {"published"}
    assert ModelLogEntry.objects.filter(action="manset.comment.approve").count() == 2
    assert "Bekleyen yorum 0" in admin_client.get(article.url).content.decode()


def test_the_dashboard_counts_the_work(admin_client, pending):
    page = admin_client.get("/admin/").content.decode()
    assert "3 onay bekleyen yorum" in page


def test_reader_data_export_and_erase_in_the_admin(admin_client, pending):
    response = admin_client.post(
        "/admin/yorumlar/okur-verisi/", {"email": "okur1@example.com", "action": "export"}
    )
    data = json.loads(response.content)
    assert [c["text"] for c in data["comments"]] == ["Bekleyen yorum 1"]
    admin_client.post(
        "/admin/yorumlar/okur-verisi/", {"email": "okur1@example.com", "action": "erase"}
    )
    assert not Comment.objects.filter(email="okur1@example.com").exists()


def test_bans_are_managed_as_snippets_and_stop_comments(admin_client, article):
    from manset.comments import services

    assert admin_client.get("/admin/snippets/comments/ban/").status_code == 200
    Ban.objects.create(kind=Ban.Kind.IP, value="198.51.100.0/24")
    comment = services.comment_submit(
        article=article, text="Merhaba", name="A", email="a@example.com", ip="198.51.100.9"
    ).comment
    assert comment.status == Comment.Status.SPAM
    assert "banned_ip" in [n["rule"] for n in comment.guard_notes]
