"""The wire desk in a real browser: the flash banner, the self-refreshing list, and an editor
turning an agency item into a draft in Wagtail's editor."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLASH = "Ege'de 5,1 büyüklüğünde deprem"


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "parola-123")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_an_editor_sees_the_flash_banner_and_turns_the_item_into_a_draft(
    live_server, browser, staff, desks, make_item, make_story
):
    from manset.newsroom.models import ArticlePage

    ARTIFACTS.mkdir(exist_ok=True)
    staff("Editör — Gündem", "editor-gundem")
    story = make_story()
    flash = make_item(
        headline=FLASH,
        abstract="Deprem İzmir'de de hissedildi.",
        body="<p>AFAD, depremin 7 kilometre derinlikte olduğunu bildirdi.</p>",
        urgency="flash",
        category="Gündem",
        city="İzmir",
        story=story,
        minutes_ago=2,
    )
    make_item(headline="İzmir'de deprem paniği", provider="DHA", story=story, minutes_ago=1)
    make_item(headline="Borsa güne yükselişle başladı", category="Ekonomi", minutes_ago=20)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    page = context.new_page()
    log_in(page, base, "editor-gundem")

    page.goto(base + "/admin/wires/")
    banner = page.locator(".wire-alert-flash").first
    banner.wait_for()
    assert banner.inner_text().startswith(f"FLAŞ: {FLASH} — AA, ")
    assert page.locator(".wire-list").get_by_text("2 kaynak").count() == 2
    page.screenshot(path=ARTIFACTS / "wire-desk-list.png", full_page=True)

    # The list refreshes in place: a new item appears without a page load.
    page.evaluate("window.__samePage = true")
    make_item(headline="Yeni gelen ajans haberi")
    page.evaluate("window.manset.wireRefresh()")
    page.locator(".wire-list").get_by_text("Yeni gelen ajans haberi").wait_for()
    assert page.evaluate("window.__samePage") is True

    # A dismissed alert stays dismissed.
    banner.get_by_role("button", name="Kapat").click()
    page.reload()
    page.locator(".wire-list").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator(".wire-alert-flash").count() == 0

    page.locator(".wire-list").get_by_role("link", name=FLASH).click()
    page.wait_for_url(f"{base}/admin/wires/{flash.id}/")
    assert page.get_by_role("article").get_by_text("AFAD, depremin 7 kilometre").is_visible()
    assert page.get_by_role("link", name="İzmir'de deprem paniği").is_visible()
    page.screenshot(path=ARTIFACTS / "wire-desk-item.png", full_page=True)

    page.get_by_role("button", name="Habere dönüştür").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    article = ArticlePage.objects.get()
    assert page.url == f"{base}/admin/pages/{article.id}/edit/"
    assert page.locator("#id_title").input_value() == FLASH.replace("'", "’")  # typographic on save
    assert page.get_by_text("Taslak oluşturuldu").is_visible()
    assert article.source_agency == "AA" and not article.live
    page.screenshot(path=ARTIFACTS / "wire-desk-draft.png", full_page=True)
    # Leave the editor (its autosave and the alerts' polling) before the test's database
    # is flushed: a request still in the live server would hold SQLite's table lock.
    page.goto("about:blank")
    context.close()


def test_a_chief_editor_restarts_a_paused_source_and_reads_a_hostile_file_as_text(
    live_server, browser, django_user_model, source
):
    from django.utils import timezone

    from manset.wires.credentials import seal
    from manset.wires.models import WireRejection

    django_user_model.objects.create_superuser("sef", password="parola-123")
    source.paused_reason = "5 kez üst üste başarısız: HTTP 401 Unauthorized"
    source.failures = 5
    source.last_error = "HTTP 401 Unauthorized"
    source.password = seal("cok-gizli")
    source.save()
    hostile = b"<haber><script>alert(1)</script><img src=x onerror=alert(2)></haber>"
    rejection = WireRejection.objects.create(
        source=source,
        name="bozuk.xml",
        reason="line 1: <body.content> missing",
        size=len(hostile),
        head=hostile,
        received_at=timezone.now(),
    )
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, base, "sef")

    page.goto(base + "/admin/wires/kaynaklar/")
    page.locator(".wire-alert-paused").first.wait_for()
    assert page.locator(".wire-paused").first.is_visible()
    assert "cok-gizli" not in page.content()
    page.screenshot(path=ARTIFACTS / "wire-sources.png", full_page=True)
    page.get_by_role("button", name="Yeniden başlat").click()
    page.get_by_text("yeniden başlatıldı").wait_for()
    source.refresh_from_db()
    assert source.paused_reason == ""

    page.goto(f"{base}/admin/wires/karantina/{rejection.id}/")
    page.wait_for_load_state("networkidle")
    assert "<script>alert(1)</script>" in page.locator(".wire-head").inner_text()
    assert page.locator(".wire-head script, .wire-head img").count() == 0
    assert dialogs == []
    page.screenshot(path=ARTIFACTS / "wire-quarantine.png", full_page=True)
    page.close()
