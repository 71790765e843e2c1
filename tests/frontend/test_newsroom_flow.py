"""End to end in the browser: a Muhabir writes and submits, an Editör publishes, readers see it."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HEADLINE = "İzmir’de yeni metro hattı açıldı"


@pytest.fixture
def newsroom(desks):
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure

    newsroom_roles_ensure()
    demo_users_ensure()
    return desks


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "manset-demo")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_a_reporters_draft_is_approved_by_an_editor_and_read_on_the_site(
    live_server, browser, newsroom
):
    from manset.newsroom.models import ArticlePage

    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    desk = newsroom["gundem"]

    reporter = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(reporter, base, "muhabir")
    reporter.goto(f"{base}/admin/pages/add/newsroom/articlepage/{desk.id}/")
    reporter.fill("#id_title", HEADLINE)
    reporter.fill("#id_lead", "Kentin ulaşım ağına 12 istasyonluk yeni bir hat eklendi.")
    reporter.click("button.c-sf-add-button")
    reporter.get_by_role("option", name="Ara başlık").click()
    reporter.fill("#body-0-value", "kim: yolculuk süresi yarıya inecek")
    reporter.get_by_role("button", name="Daha fazla eylem").click()
    reporter.click("button[name=action-submit]")
    reporter.wait_for_load_state()
    reporter.screenshot(path=ARTIFACTS / "flow-1-submitted.png", full_page=True)
    article = ArticlePage.objects.get(title=HEADLINE)
    assert not article.live
    assert article.current_workflow_state is not None

    editor = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(editor, base, "editor-gundem")
    editor.goto(f"{base}/admin/pages/{article.id}/edit/")
    editor.get_by_role("button", name="Daha fazla eylem").click()
    editor.locator("button[data-workflow-action-name=approve]").first.click()
    editor.wait_for_load_state()
    editor.screenshot(path=ARTIFACTS / "flow-2-approved.png", full_page=True)
    article.refresh_from_db()
    assert article.live

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    reader.goto(base + "/")
    assert reader.get_by_role("link", name=HEADLINE).first.is_visible()
    reader.goto(base + "/gundem/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    reader.wait_for_load_state()
    assert reader.locator("h2.subheading").inner_text() == "KİM: YOLCULUK SÜRESİ YARIYA İNECEK"
    reader.screenshot(path=ARTIFACTS / "flow-3-article.png", full_page=True)


def test_the_headline_field_counts_characters_as_the_editor_types(live_server, browser, newsroom):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(page, live_server.url, "editor-gundem")
    page.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{newsroom['gundem'].id}/")
    page.fill("#id_title", "Kısa başlık")
    assert page.locator(".manset-headline-count").inner_text() == "11 / 110 karakter"
    page.fill("#id_title", "x" * 120)
    assert "kesilecek" in page.locator(".manset-headline-count").inner_text()
