"""The newsroom's morning in the browser: Turkish slugs as the headline is typed, the authors
search, and the dashboard of each role (screenshots in test-artifacts/)."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def newsroom(desks):
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

    newsroom_roles_ensure()
    demo_users_ensure()
    return desks


def log_in(browser, base: str, username: str, password: str = "manset-demo", height: int = 900):  # noqa: S107
    # The admin scrolls inside its own frame: a tall window shows every panel in a screenshot.
    page = browser.new_context(
        viewport={"width": 1366, "height": height}, locale="tr-TR"
    ).new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    return page


def test_the_slug_field_shows_the_turkish_ascii_slug_as_the_headline_is_typed(
    live_server, browser, newsroom
):
    page = log_in(browser, live_server.url, "muhabir")
    page.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{newsroom['gundem'].id}/")
    page.locator("#id_title").press_sequentially("Kadıköy’de yeni park")
    page.locator("#id_title").blur()
    # Wagtail's script writes the slug a moment after typing stops.
    expect(page.locator("#id_slug")).to_have_value("kadikoyde-yeni-park")


def test_the_authors_list_filters_as_the_editor_types_without_turkish_letters(
    live_server, browser, newsroom
):
    from manset.newsroom.models import Author

    Author.objects.create(name="Özlem Çağlar", slug="ozlem-caglar")
    Author.objects.create(name="Can Dündar", slug="can-dundar")
    page = log_in(browser, live_server.url, "muhabir")
    page.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{newsroom['gundem'].id}/")
    options = page.locator(".author-picker__option")
    # The writer's own profile is ticked from the start.
    assert (
        page.locator(".author-picker__option", has_text="Demo Muhabir")
        .locator("input")
        .is_checked()
    )
    page.fill("[data-author-picker-search]", "ozlem cag")
    visible = [o.inner_text().strip() for o in options.all() if o.is_visible()]
    assert visible == ["Demo Muhabir", "Özlem Çağlar"]  # ticked ones stay in sight
    page.fill("[data-author-picker-search]", "zzz")
    assert page.get_by_text("Bu adla bir yazar yok.").is_visible() is False  # ticked one shown
    page.locator(".author-picker__option", has_text="Demo Muhabir").locator("input").uncheck()
    page.fill("[data-author-picker-search]", "zzzz")
    assert page.get_by_text("Bu adla bir yazar yok.").is_visible()
    page.fill("[data-author-picker-search]", "DÜNDAR")
    page.evaluate(
        "document.querySelector('[data-author-picker]').closest('section')"
        ".scrollIntoView({block: 'start'})"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "authors-picker-1366.png")


def _morning(desks):
    """One of everything the dashboard shows."""
    from django.contrib.auth.models import Group, Permission, User
    from django.utils import timezone

    from manset.comments.models import Comment
    from manset.importers.records import ArticleRecord
    from manset.newsroom.reads import read_record
    from manset.newsroom.services import article_upsert
    from tests.newsroom.test_dashboard import wire_item
    from tests.newsroom.test_roles import draft, member

    now = timezone.now()

    def record(external_id, headline, **fields):
        values = {
            "external_id": external_id,
            "headline": headline,
            "lead": "Spot.",
            "desk": "gundem",
            "body": (),
            "tags": (),
            "authors": (),
            "agency": "AA",
            "dateline": "İstanbul",
            "published_at": now - timedelta(hours=2),
            "breaking": False,
        }
        values.update(fields)
        return ArticleRecord(**values)

    muhabir = User.objects.get(username="muhabir")
    editor = User.objects.get(username="editor-gundem")
    chief = member("Yazı İşleri", "yazi-isleri")
    moderators = Group.objects.create(name="Moderatör")
    moderators.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comment"),
    )
    moderator = member("Moderatör", "denetci")
    breaking = article_upsert(
        record=record(
            "sd",
            "Marmara’da 4,2 büyüklüğünde deprem",
            breaking=True,
            published_at=now - timedelta(minutes=40),
        )
    ).article
    article_upsert(
        record=record(
            "sd2",
            "İzmir’de orman yangını kontrol altında",
            breaking=True,
            desk="dunya",
            published_at=now - timedelta(hours=2),
        )
    )
    for n, headline in enumerate(
        [
            "Merkez Bankası faiz kararını açıkladı",
            "Üsküdar’da yeni vapur iskelesi",
            "Kadıköy’de yeni park",
        ]
    ):
        read = article_upsert(record=record(f"o{n}", headline)).article
        for reader in range(5 - n):
            read_record(article_id=read.id, ip=f"203.0.113.{10 * n + reader + 1}")
    article_upsert(
        record=record("z", "Seçim sonuçları saat 21.00’de", published_at=now + timedelta(hours=3))
    )
    draft(
        desks["gundem"],
        owner=editor,
        title="Ambargolu TÜİK enflasyon raporu",
        embargo_until=now + timedelta(hours=5),
    )
    submitted = draft(desks["gundem"], owner=muhabir, title="Beşiktaş’ta trafik düzenlemesi")
    submitted.get_workflow().start(submitted, muhabir)
    draft(desks["gundem"], owner=muhabir, title="Çarşı esnafıyla söyleşi (yarım)")
    wire_item(desks["gundem"], "AA: Ankara’da kabine toplantısı başladı", 1)
    wire_item(desks["gundem"], "AA: Şanlıurfa’da hasat bayramı", 2, minutes_ago=90)
    wire_item(desks["dunya"], "AA: Brüksel’de AB zirvesi", 3)
    Comment.objects.create(
        article=breaking, name="Okur", email="o1@example.com", text="Bekleyen", status="pending"
    )
    Comment.objects.create(
        article=breaking,
        name="Okur",
        email="o2@example.com",
        text="Şikayetli",
        status="pending",
        flagged=True,
    )
    return {"muhabir": muhabir, "editor": editor, "chief": chief, "moderator": moderator}


def test_each_roles_dashboard_screenshot(live_server, browser, newsroom, local_reads):
    users = _morning(newsroom)
    ARTIFACTS.mkdir(exist_ok=True)
    for role, user in users.items():
        password = "manset-demo" if role in ("muhabir", "editor") else "parola-123"
        page = log_in(browser, live_server.url, user.username, password, height=1500)
        assert page.locator(".newsroom-panel").count() >= 3
        assert page.locator(".w-summary").count() == 0
        page.screenshot(path=ARTIFACTS / f"dashboard-{role}-1366.png", full_page=True)
        page.context.close()
