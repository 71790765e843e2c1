"""Moderators work on the comments of the desks they edit (Yazı İşleri and superusers on
every desk) through every path, and only those allowed to see readers' personal data (their
e-mail addresses and IPs: Yazı İşleri) see it anywhere in the admin."""

import json

import pytest
from wagtail.models import ModelLogEntry

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db
BANNED_RANGE = "198.51.100.0/24"


@pytest.fixture
def comments(article, gundem_article, make_comment):
    """One pending comment on each desk (the `article` fixture is on Dünya)."""
    return {
        "dunya": make_comment(
            article,
            text="Dünya servisine yorum",
            email="dunya.okuru@example.com",
            status=Comment.Status.PENDING,
        ),
        "gundem": make_comment(
            gundem_article,
            text="Gündem servisine yorum",
            email="gundem.okuru@example.com",
            status=Comment.Status.PENDING,
        ),
    }


def _refused(response) -> bool:
    """Refused: 403, or Wagtail's way of saying it, back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


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


def test_the_reports_list_shows_an_editor_only_their_desks_reports(client, staff, comments):
    Comment.objects.update(status=Comment.Status.PUBLISHED, reports=1)
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    page = client.get("/admin/yorumlar/?durum=sikayet").content.decode()
    assert "Gündem servisine yorum" in page and "Dünya servisine yorum" not in page
    assert "1 şikayet bekliyor" in client.get("/admin/").content.decode()


def test_search_by_text_finds_only_the_editors_desks(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    page = client.get("/admin/yorumlar/?ara=servisine").content.decode()
    assert "Gündem servisine yorum" in page and "Dünya servisine yorum" not in page
    assert "Dünya servisine yorum" not in client.get("/admin/yorumlar/?ara=Dünya").content.decode()


def test_a_json_action_on_another_desk_answers_404_and_changes_nothing(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    foreign = comments["dunya"]
    response = client.post(
        "/admin/yorumlar/islem/",
        {"action": "approve", "ids": [foreign.id]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404 and response.json()["ok"] is False
    assert "Dünya" not in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == Comment.Status.PENDING


def test_a_row_button_naming_another_desks_comment_changes_nothing(client, staff, comments):
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    foreign = comments["dunya"]
    response = client.post("/admin/yorumlar/islem/", {"row": f"spam:{foreign.id}"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Comment.Status.PENDING


def test_the_audit_log_shows_no_comment_of_another_desk(client, staff, comments):
    """Wagtail's site history lists every comment entry to anyone with a comment
    permission: the entries name the comment by number, not by its text."""
    client.force_login(staff("Yazı İşleri", "yazi-isleri"))
    _moderate(client, "approve", comments["dunya"])
    client.force_login(staff("Editör — Gündem", "gundem-editoru"))
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Yorum #{comments['dunya'].id}" in page
    assert "Dünya servisine yorum" not in page and "Okur" not in page


# --- e-mail addresses --------------------------------------------------------------------


def _every_queue_page(client) -> str:
    pages = [client.get("/admin/yorumlar/")]
    for durum in ("bekleyen", "sikayet", "yayinda", "spam", "reddedilen"):
        pages.append(client.get(f"/admin/yorumlar/?durum={durum}"))
        pages.append(client.get(f"/admin/yorumlar/?durum={durum}&ara=okuru"))
    pages.append(client.get("/admin/"))
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


def test_a_desk_editor_sees_no_readers_email_address_anywhere(client, staff, comments):
    editor = staff("Editör — Gündem", "gundem-editoru")
    assert not editor.has_perm("comments.view_ip_address")
    client.force_login(editor)
    for status in Comment.Status.values:  # each status, each filter, and the reports
        Comment.objects.update(status=status, reports=1)
        page = _every_queue_page(client)
        assert "@example.com" not in page and "okuru@" not in page
    Comment.objects.update(status=Comment.Status.PENDING, reports=0)
    assert "Gündem servisine yorum" in client.get("/admin/yorumlar/").content.decode()
    # Searching by an address finds nothing: the search cannot tell who wrote what.
    found = client.get("/admin/yorumlar/?ara=gundem.okuru%40example.com").content.decode()
    assert "Gündem servisine yorum" not in found
    answer = client.post(
        "/admin/yorumlar/islem/",
        {"action": "approve", "ids": [comments["gundem"].id]},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200 and "@" not in answer.content.decode()
    assert _refused(client.get("/admin/yorumlar/okur-verisi/"))
    exported = client.post(
        "/admin/yorumlar/okur-verisi/", {"email": "gundem.okuru@example.com", "action": "export"}
    )
    assert _refused(exported) and b"okuru" not in exported.content


def test_yazi_isleri_sees_readers_email_addresses(client, staff, comments):
    client.force_login(staff("Yazı İşleri", "yazi-isleri"))
    page = client.get("/admin/yorumlar/").content.decode()
    assert "gundem.okuru@example.com" in page and "dunya.okuru@example.com" in page
    exported = client.post(
        "/admin/yorumlar/okur-verisi/", {"email": "dunya.okuru@example.com", "action": "export"}
    )
    assert json.loads(exported.content)["comments"][0]["text"] == "Dünya servisine yorum"


def test_the_reader_data_tool_needs_every_desk_as_well_as_the_permission(client, staff, comments):
    """A reader's data request covers every desk: a desk editor given the personal-data
    permission still may not export or erase another desk's commenter."""
    from django.contrib.auth.models import Permission

    editor = staff("Editör — Gündem", "gundem-editoru")
    editor.user_permissions.add(Permission.objects.get(codename="view_ip_address"))
    client.force_login(editor)
    assert _refused(client.get("/admin/yorumlar/okur-verisi/"))
    erased = client.post(
        "/admin/yorumlar/okur-verisi/", {"email": "dunya.okuru@example.com", "action": "erase"}
    )
    assert _refused(erased)
    assert Comment.objects.filter(email="dunya.okuru@example.com").exists()


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
    assert f'title="{BANNED_RANGE}">Engellenmiş IP<' in page
    assert "198.51.100.9" in page
