"""The admin's home page is the morning meeting: the panels each newsroom role needs."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manset import turkish
from manset.comments.models import Comment
from manset.newsroom.models import ArticlePage
from manset.newsroom.reads import read_record
from manset.newsroom.services import article_upsert
from manset.wires.models import WireItem
from tests.newsroom.test_roles import draft, member

pytestmark = pytest.mark.django_db

PANELS = ("breaking", "most-read", "approval", "scheduled", "drafts", "wires", "comments")
EXPECTED = {
    "muhabir": {"breaking", "most-read", "scheduled", "drafts", "wires"},
    "editor": set(PANELS),
    "chief": set(PANELS),
    "moderator": {"breaking", "most-read", "comments"},
}


def wire_item(desk, headline, n, *, minutes_ago=10):
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return WireItem.objects.create(
        provider="AA",
        guid=f"urn:aa:{n}",
        format="ninjs",
        headline=headline,
        body="<p>Metin.</p>",
        received_at=at,
        updated_at=at,
        content_hash=f"hash-{n}",
        desk=desk,
    )


@pytest.fixture
def users(desks):
    moderators = Group.objects.create(name="Moderatör")
    moderators.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comment"),
    )
    return {
        "muhabir": member("Muhabir — Gündem", "muhabir"),
        "editor": member("Editör — Gündem", "editor-gundem"),
        "chief": member("Yazı İşleri", "yazi-isleri"),
        "moderator": member("Moderatör", "denetci"),
    }


@pytest.fixture
def morning(desks, users, make_record, local_reads):
    """A newsroom at 9 o'clock: one of everything the panels show."""
    now = timezone.now()
    breaking = article_upsert(
        record=make_record(
            external_id="son-dakika",
            headline="Marmara’da 4,2 büyüklüğünde deprem",
            desk="gundem",
            breaking=True,
            published_at=now - timedelta(hours=1),
        )
    ).article
    read = article_upsert(
        record=make_record(external_id="okunan", headline="Çok okunan haber", desk="gundem")
    ).article
    for n in range(3):
        read_record(article_id=read.id, ip=f"203.0.113.{n + 1}")
    scheduled_at = now + timedelta(hours=3)
    article_upsert(
        record=make_record(
            external_id="zamanli",
            headline="Zamanlanmış haber",
            desk="gundem",
            published_at=scheduled_at,
        )
    )
    embargo = now + timedelta(hours=5)
    draft(desks["gundem"], owner=users["editor"], title="Ambargolu rapor", embargo_until=embargo)
    submitted = draft(desks["gundem"], owner=users["muhabir"], title="Muhabirin onaydaki haberi")
    submitted.get_workflow().start(submitted, users["muhabir"])
    draft(desks["gundem"], owner=users["muhabir"], title="Muhabirin yarım taslağı")
    wire_item(desks["gundem"], "AA: Gündem servisine düşen haber", 1)
    wire_item(desks["dunya"], "AA: Dünya servisine düşen haber", 2)
    Comment.objects.create(
        article=breaking, name="Okur", email="o1@example.com", text="Bekleyen", status="pending"
    )
    Comment.objects.create(
        article=breaking,
        name="Okur",
        email="o2@example.com",
        text="Şikayetli",
        status="published",
        reports=1,  # one reader's report reaches the moderators at once
    )
    return {"scheduled_at": scheduled_at, "embargo": embargo, "submitted": submitted}


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panels_in(html: str) -> set[str]:
    return set(re.findall(r'id="dashboard-([a-z-]+)-section"', html))


def panel(html: str, name: str) -> str:
    start = html.index(f'id="dashboard-{name}-section"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_panels_and_not_wagtails_counters(client, users, morning, role):
    html = dashboard(client, users[role])
    assert panels_in(html) == EXPECTED[role]
    assert "w-summary" not in html  # Wagtail's site counters (pages, images, documents)
    assert 'id="recent-edits' not in html and 'id="locked-pages' not in html


def test_son_dakika_and_the_most_read_link_to_the_editor(client, users, morning):
    html = dashboard(client, users["editor"])
    breaking = ArticlePage.objects.get(breaking=True)
    assert "Marmara’da 4,2 büyüklüğünde deprem" in panel(html, "breaking")
    assert f'href="/admin/pages/{breaking.id}/edit/"' in panel(html, "breaking")
    assert "1 saat önce" in panel(html, "breaking")
    most_read = panel(html, "most-read")
    assert "1.</span>" in most_read and "Çok okunan haber" in most_read


def test_those_who_may_not_edit_a_story_are_sent_to_it_on_the_site(client, users, morning):
    breaking = panel(dashboard(client, users["moderator"]), "breaking")
    assert 'href="/gundem/marmarada-4-2-buyuklugunde-deprem/"' in breaking
    assert "/admin/pages/" not in breaking


def test_scheduled_and_embargoed_stories_show_their_turkish_times(client, users, morning):
    scheduled = panel(dashboard(client, users["editor"]), "scheduled")
    assert "Zamanlanmış haber" in scheduled and "Ambargolu rapor" in scheduled
    assert turkish.format_short(morning["scheduled_at"]) in scheduled
    assert turkish.format_short(morning["embargo"]) in scheduled
    assert scheduled.index("Zamanlanmış haber") < scheduled.index("Ambargolu rapor")  # soonest


def test_the_editor_sees_what_waits_for_their_approval(client, users, morning):
    approval = panel(dashboard(client, users["editor"]), "approval")
    assert "Muhabirin onaydaki haberi" in approval
    assert f'href="/admin/pages/{morning["submitted"].id}/edit/"' in approval
    assert "muhabir" in approval  # who sent it


def test_my_drafts_are_mine_only(client, users, morning):
    drafts = panel(dashboard(client, users["muhabir"]), "drafts")
    assert "Muhabirin yarım taslağı" in drafts and "Ambargolu rapor" not in drafts


def test_unused_agency_items_of_my_desks_only(client, users, morning):
    wires = panel(dashboard(client, users["muhabir"]), "wires")
    assert "Gündem servisine düşen haber" in wires
    assert "Dünya servisine" not in wires
    assert "durum=kullanilmadi" in wires
    chief = panel(dashboard(client, users["chief"]), "wires")
    assert "Dünya servisine düşen haber" in chief


def test_comments_and_reports_waiting_link_to_the_queue(client, users, morning):
    comments = panel(dashboard(client, users["editor"]), "comments")
    assert "1 onay bekleyen yorum" in comments
    assert "1 şikayet bekliyor" in comments
    assert "/admin/yorumlar/?durum=sikayet" in comments


def test_an_empty_panel_says_so_in_turkish(client, users, desks):
    html = dashboard(client, users["muhabir"])
    assert "Son 6 saatte son dakika haberi yok." in panel(html, "breaking")
    assert "Yayımlanmamış taslağınız yok." in panel(html, "drafts")


def test_the_dashboard_makes_as_many_queries_with_three_times_the_rows(
    client, users, morning, desks, make_record
):
    def count():
        dashboard(client, users["chief"])  # warm the per-process memos
        with CaptureQueriesContext(connection) as queries:
            dashboard(client, users["chief"])
        return len(queries)

    before = count()
    now = timezone.now()
    for n in range(2):
        article_upsert(
            record=make_record(
                external_id=f"sd-{n}",
                headline=f"Son dakika {n}",
                desk="gundem",
                breaking=True,
                published_at=now - timedelta(minutes=5),
            )
        )
        article_upsert(
            record=make_record(
                external_id=f"z-{n}",
                headline=f"Zamanlı {n}",
                desk="dunya",
                published_at=now + timedelta(hours=n + 1),
            )
        )
        later = draft(desks["gundem"], owner=users["chief"], title=f"Taslak {n}")
        later.get_workflow().start(later, users["muhabir"])
        wire_item(desks["dunya"], f"AA: başka {n}", 10 + n)
    assert count() == before
