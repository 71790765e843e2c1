"""An abandoned add-article form leaves nothing behind (newsroom.admin_create): no draft
is made before the editor saves, so starting again with the same headline just works."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HEADLINE = "Kadıköy’de yeni iskele hizmete girdi"


@pytest.fixture
def newsroom(desks):
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

    newsroom_roles_ensure()
    demo_users_ensure()
    return desks


def test_an_abandoned_new_article_is_not_saved_and_the_same_headline_saves_later(
    live_server, browser, newsroom, settings
):
    from playwright.sync_api import expect

    from manset.newsroom.models import ArticlePage

    base = live_server.url
    add = f"{base}/admin/pages/add/newsroom/articlepage/{newsroom['gundem'].id}/"
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor-gundem")
    page.fill("#id_password", "manset-demo")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")

    page.goto(add)
    page.fill("#id_title", HEADLINE)
    page.wait_for_timeout(1000)
    page.fill("#id_lead", "Vapur seferleri yarın başlıyor.")
    page.wait_for_timeout(1000)
    page.fill("#id_lead", "Vapur seferleri yarın sabah başlıyor.")
    interval_ms = getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500)
    page.wait_for_timeout(interval_ms * 6)  # well past Wagtail's autosave interval
    assert not ArticlePage.objects.exists()
    page.goto(base + "/admin/")
    assert not ArticlePage.objects.exists()

    page.goto(add)
    page.fill("#id_title", HEADLINE)
    page.fill("#id_lead", "Vapur seferleri yarın başlıyor.")
    expect(page.locator("#id_slug")).not_to_have_value("")  # Wagtail's title-to-slug sync
    page.get_by_role("button", name="Taslağı kaydet").click()
    page.wait_for_url(f"{base}/admin/pages/*/edit/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "admin-autosave-saved.png")
    article = ArticlePage.objects.get()
    assert article.title == HEADLINE
    assert not article.slug.endswith("-2")  # no ghost draft held the address
