"""The Content-Security-Policy in a real browser: nothing the pages need is refused.

Chromium reports every refused script, style, image or frame on the console ("Refused
to …"), and every feature of the Permissions-Policy it does not know; the test fails on
any. The read beacon still reaches /okundu/<id>/.
"""

from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def watch_violations(page) -> list[str]:
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if any(
                words in message.text
                for words in ("Content Security Policy", "Refused to", "Permissions-Policy")
            )
            else None
        ),
    )
    return refused


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("parola-12345")
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")


@pytest.mark.parametrize("width,height", [(412, 915), (1366, 900)])
def test_an_article_page_runs_under_the_policy_and_counts_its_read(
    live_server, browser, article, width, height
):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height}, locale="tr-TR")
    refused = watch_violations(page)
    with page.expect_request(
        lambda request: request.method == "POST" and request.url.endswith(f"/okundu/{article.id}/")
    ) as beacon:
        response = page.goto(live_server.url + article.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert beacon.value.response().status == 204  # counted
    page.get_by_label("Yorumunuz").focus()  # comments.js fetches a fresh form stamp
    page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / f"article-csp-{width}.png", full_page=True)
    page.close()
    assert refused == []


def test_the_admin_works_under_its_policy(live_server, browser, article, make_comment):
    from django.contrib.auth import get_user_model

    from manset.demo.wires import demo_wires_ensure

    get_user_model().objects.create_superuser("editor", "editor@example.com", "parola-12345")
    make_comment(article, status="pending", text="Onay bekleyen bir yorum.")
    demo_wires_ensure(now=timezone.now())
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="tr-TR")
    refused = watch_violations(page)

    log_in(page, live_server, "editor")

    page.goto(live_server.url + f"/admin/pages/{article.id}/edit/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / "admin-editor-csp.png")
    # The editor's scripts ran: the StreamField body was built in the browser ...
    assert page.locator("[data-streamfield-stream-container]").count() >= 1
    # ... the image chooser opens its dialog, and the preview shows the page in a frame.
    page.get_by_role("button", name="Bir resim seç").click()
    page.locator(".modal-dialog").wait_for()
    page.locator(".modal-dialog button.close").click()
    page.locator(".modal-dialog").wait_for(state="detached")
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe[id='w-preview-iframe']")
    preview.locator("article.story h1").wait_for(state="attached")
    assert preview.locator("article.story h1").text_content() == article.title
    page.screenshot(path=ARTIFACTS / "admin-preview-csp.png")

    page.goto(live_server.url + "/admin/wires/")
    page.wait_for_load_state("networkidle")
    assert page.locator("table").count() >= 1
    page.screenshot(path=ARTIFACTS / "admin-wires-csp.png")

    page.goto(live_server.url + "/admin/yorumlar/")
    page.get_by_text("Onay bekleyen bir yorum.").wait_for()
    page.screenshot(path=ARTIFACTS / "admin-comments-csp.png")

    page.goto(live_server.url + "/admin/yorumlar/okur-verisi/")
    page.wait_for_load_state("networkidle")
    page.close()
    assert refused == []


def test_the_reader_data_erase_button_still_asks_first(live_server, browser, make_comment, article):
    from django.contrib.auth import get_user_model

    from manset.comments.models import Comment

    make_comment(article, email="silinecek@example.com", text="Silinecek yorum.")
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "parola-12345")
    page = browser.new_page(locale="tr-TR")
    log_in(page, live_server, user.username)
    page.goto(live_server.url + "/admin/yorumlar/okur-verisi/")
    page.get_by_label("Okurun e-posta adresi").fill("silinecek@example.com")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Verileri sil").click()
    page.wait_for_load_state("networkidle")
    page.close()
    assert asked and "Emin misiniz" in asked[0]
    assert Comment.objects.filter(email="silinecek@example.com").exists()
