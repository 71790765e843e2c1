"""Moderators work on the comments of the desks they edit (Yazı İşleri and superusers on
every desk), and only those allowed to see readers' IPs see them anywhere in the queue."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import ModelLogEntry

from manset.comments.models import Comment
from manset.newsroom.roles import newsroom_roles_ensure

pytestmark = pytest.mark.django_db
BANNED_RANGE = "198.51.100.0/24"


@pytest.fixture
def staff(desks):
    newsroom_roles_ensure()

    def make(group: str, username: str) -> User:
        user = User.objects.create_user(username, password="parola-123")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def gundem_article(desks, make_record):
    from manset.newsroom.services import article_upsert

    record = make_record(external_id="gundem-1", desk="gundem", headline="Ankara’da toplantı")
    return article_upsert(record=record).article


@pytest.fixture
def comments(article, gundem_article, make_comment):
    """One pending comment on each desk (the `article` fixture is on Dünya)."""
    return {
        "dunya": make_comment(article, text="Dünya servisine yorum", status=Comment.Status.PENDING),
        "gundem": make_comment(
            gundem_article, text="Gündem servisine yorum", status=Comment.Status.PENDING
        ),
    }


def _moderate(client, action, *comments):
    return client.post(
        "/admin/yorumlar/islem/", {"action": action, "ids": [c.id for c in comments]}
    )


@pytest.mark.parametrize(
    ("status", "shown"), [("pending", "bekleyen"), ("published", "yayinda"), ("spam", "spam")]
)
def test_the_queue_shows_an_editor_only_their_desks_comments(
    client, staff, comments, status, shown
):
    Comment.objects.update(status=status)
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    page = client.get(f"/admin/yorumlar/?durum={shown}").content.decode()
    assert "Gündem servisine yorum" in page
    assert "Dünya servisine yorum" not in page


def test_an_editor_cannot_reach_another_desk_through_the_filters(client, staff, comments, desks):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    dunya = desks["dunya"]
    url = f"/admin/yorumlar/?servis={dunya.path}&haber={comments['dunya'].article_id}"
    assert "Dünya servisine yorum" not in client.get(url).content.decode()


def test_yazi_isleri_and_superusers_see_every_desk(client, staff, comments, admin_user):
    for user in (staff("Yazı İşleri", "yazi-isleri"), admin_user):
        client.force_login(user)
        page = client.get("/admin/yorumlar/").content.decode()
        assert "Gündem servisine yorum" in page and "Dünya servisine yorum" in page


def test_the_dashboard_counts_only_the_editors_desks(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    assert "1 onay bekleyen yorum" in client.get("/admin/").content.decode()
    client.force_login(staff("Yazı İşleri", "yazi-isleri"))
    assert "2 onay bekleyen yorum" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("action", ["approve", "spam", "reject", "trash"])
def test_a_gundem_editor_cannot_moderate_a_dunya_comment(client, staff, comments, action):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    foreign = comments["dunya"]
    response = _moderate(client, action, foreign)
    assert response.status_code in (403, 404)
    foreign.refresh_from_db()
    assert foreign.status == Comment.Status.PENDING and foreign.moderated_at is None
    assert not ModelLogEntry.objects.filter(action__startswith="manset.comment.").exists()


def test_a_bulk_action_with_one_foreign_comment_changes_nothing(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    response = _moderate(client, "trash", comments["gundem"], comments["dunya"])
    assert response.status_code in (403, 404)
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


def test_an_editor_moderates_their_own_desk(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    response = _moderate(client, "approve", comments["gundem"])
    assert response.status_code == 302
    comments["gundem"].refresh_from_db()
    assert comments["gundem"].status == Comment.Status.PUBLISHED


def test_yazi_isleri_moderates_any_desk(client, staff, comments):
    client.force_login(staff("Yazı İşleri", "yazi-isleri"))
    assert _moderate(client, "spam", comments["dunya"], comments["gundem"]).status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.SPAM}


# --- IP addresses ----------------------------------------------------------------------


@pytest.fixture
def banned(gundem_article, make_comment):
    """A comment the guard caught from a banned IP range: the note names the range."""
    return make_comment(
        gundem_article,
        text="Engelli aralıktan gelen yorum",
        ip_address="198.51.100.9",
        status=Comment.Status.SPAM,
        guard_notes=[{"rule": "banned_ip", "action": "spam", "detail": BANNED_RANGE}],
    )


def test_an_editor_without_the_ip_permission_sees_no_ip_in_the_spam_queue(client, staff, banned):
    editor = staff("Editör — Gündem", "gundem-editoru")
    assert not editor.has_perm("comments.view_ip_address")
    client.force_login(editor)
    page = client.get("/admin/yorumlar/?durum=spam").content.decode()
    assert "Engelli aralıktan gelen yorum" in page
    assert "Engellenmiş IP" in page  # why it was caught is still said
    assert BANNED_RANGE not in page and "198.51.100" not in page


def test_yazi_isleri_sees_the_banned_ip_note(client, staff, banned):
    chief = staff("Yazı İşleri", "yazi-isleri")
    assert chief.has_perm("comments.view_ip_address")
    client.force_login(chief)
    page = client.get("/admin/yorumlar/?durum=spam").content.decode()
    assert f"Engellenmiş IP: {BANNED_RANGE}" in page
    assert "198.51.100.9" in page
