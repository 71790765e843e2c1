"""The admin reads in Turkish: a walk through the main screens as Yazı İşleri's superuser,
a desk editor and a reporter, failing on English words Wagtail's catalogue leaves behind."""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "manset-demo"

# Whole words, case-sensitive: each was on an admin screen before manset/locale.
ENGLISH = (
    "Set schedule",
    "Status",
    "Locking",
    "Exploring",
    "Collapse all",
    "Search options",
    "Title tag",
    "For site menus",
    "could not be created",
    "Draft",
    "Live",
    "Save",
    "Publish",
    "Preview",
    "Settings",
    "Edit",
    "Delete",
    "Add",
    "Search",
    "Images",
    "Documents",
    "Snippets",
    "Reports",
    "Help",
    "True",
    "False",
    "None",
    "Actions",
    "Toggle",
    "Main menu",
    "Show filters",
    "Moderators",
    "approval",
    "Minimum",
    "Maximum",
    "Başla",  # Wagtail's Turkish for the headline field ("title")
)
PATTERNS = {word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in ENGLISH}

# Everything a person reads or a screen reader says: text, tooltips, placeholders, labels.
VISIBLE_TEXT = """() => {
  const out = [document.title, document.body.innerText];
  const attributes = ['title', 'placeholder', 'aria-label', 'alt', 'data-w-tooltip-content-value'];
  for (const el of document.querySelectorAll(attributes.map(a => `[${a}]`).join(','))) {
    for (const a of attributes) { if (el.getAttribute(a)) out.push(el.getAttribute(a)); }
  }
  for (const el of document.querySelectorAll('svg title')) out.push(el.textContent);
  return out.join('\\n');
}"""


@pytest.fixture
def newsroom(desks):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from manset.demo.wires import demo_wires_ensure
    from manset.newsroom.models import ArticlePage, Author
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

    newsroom_roles_ensure()
    demo_users_ensure()
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    demo_wires_ensure(now=timezone.now())
    Author.objects.create(name="Ayşe Yılmaz", desk=desks["gundem"])
    article = ArticlePage(title="Meclis’te bütçe görüşmeleri başladı", lead="Spot.", live=False)
    desks["gundem"].add_child(instance=article)
    article.save_revision()
    return {**desks, "article": article}


def log_in(browser, base: str, username: str):
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    return page


def english_on(page) -> dict[str, str]:
    """The English words on the page, each with the line it was found in."""
    found = {}
    for line in page.evaluate(VISIBLE_TEXT).splitlines():
        for word, pattern in PATTERNS.items():
            if pattern.search(line):
                found.setdefault(word, line.strip()[:120])
    return found


def walk(page, base: str, path: str, shot: str, *, open_everything: bool = False) -> dict:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    found = english_on(page)
    if open_everything:
        for tab in page.locator("[role=tab]").all():
            tab.click()
            found |= english_on(page)
        for toggle in page.locator("[data-side-panel-toggle]").all():
            toggle.click()
            page.wait_for_timeout(300)
            found |= english_on(page)
        page.get_by_role("button", name="Daha fazla eylem").click()
        found |= english_on(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"admin-{shot}.png")
    return {f"{path}: {word}": line for word, line in found.items()}


def test_the_chief_editor_sees_the_admin_in_turkish(live_server, browser, newsroom):
    base = live_server.url
    page = log_in(browser, base, "editor")
    desk, article = newsroom["gundem"], newsroom["article"]
    found = {}
    found |= walk(page, base, "/admin/", "dashboard")
    found |= walk(page, base, f"/admin/pages/{desk.id}/", "explorer")
    found |= walk(page, base, "/admin/pages/search/?q=meclis", "page-search")
    add = f"/admin/pages/add/newsroom/articlepage/{desk.id}/"
    found |= walk(page, base, add, "add-article", open_everything=True)
    edit = f"/admin/pages/{article.id}/edit/"
    found |= walk(page, base, edit, "edit-article", open_everything=True)
    page.get_by_role("button", name="Zamanla…").click()
    found |= {f"{edit} (Zamanla): {w}": line for w, line in english_on(page).items()}
    page.screenshot(path=ARTIFACTS / "admin-schedule-dialog.png")
    for path, shot in (
        ("/admin/images/", "images"),
        ("/admin/documents/", "documents"),
        ("/admin/snippets/newsroom/author/", "authors"),
        ("/admin/snippets/newsroom/author/add/", "author-add"),
        ("/admin/wires/", "wires"),
        ("/admin/wires/kaynaklar/", "wire-sources"),
        ("/admin/yorumlar/", "comments"),
        ("/admin/reports/locked/", "report-locked"),
        ("/admin/reports/site-history/", "report-history"),
        ("/admin/reports/aging-pages/", "report-aging"),
        ("/admin/workflows/list/", "workflows"),
        ("/admin/users/", "users"),
    ):
        found |= walk(page, base, path, shot)
    assert not found, "\n".join(f"{where} ← {line}" for where, line in found.items())


def test_a_reporter_sees_the_admin_in_turkish(live_server, browser, newsroom):
    base = live_server.url
    page = log_in(browser, base, "muhabir")
    desk = newsroom["gundem"]
    found = {}
    found |= walk(page, base, "/admin/", "reporter-dashboard")
    found |= walk(page, base, f"/admin/pages/{desk.id}/", "reporter-explorer")
    add = f"/admin/pages/add/newsroom/articlepage/{desk.id}/"
    found |= walk(page, base, add, "reporter-add-article", open_everything=True)
    found |= walk(page, base, "/admin/images/", "reporter-images")
    assert not found, "\n".join(f"{where} ← {line}" for where, line in found.items())
