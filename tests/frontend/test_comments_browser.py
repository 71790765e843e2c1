"""Comments in a real browser: posting in place, replies, the no-JavaScript path, and
hostile comments that must stay text."""

from pathlib import Path

import pytest

from manset.comments.models import Comment, CommentAuthor
from tests.comments.payloads import PWN, TEXT

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def quick_form():
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.min_fill_seconds = 0  # a robot types faster than the rule allows people to
    config.save()


def fill(page, *, text, name="Ayşe Yılmaz", email="ayse@example.com"):
    page.get_by_label("Yorumunuz").fill(text)
    page.get_by_label("Adınız").fill(name)
    page.get_by_label("E-posta adresiniz").fill(email)


def test_a_reader_posts_in_place_and_sees_their_comment_pending(
    live_server, browser, article, quick_form
):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="tr-TR")
    page.goto(live_server.url + article.url)
    assert page.get_by_text("Gerekli alanlar").is_visible()
    fill(page, text="İlk yorumum: Kuzey Kore ziyareti önemli.")
    page.get_by_role("button", name="Yorumu gönder").click()
    page.get_by_text("Yorumunuz onay bekliyor").first.wait_for()
    assert page.url.endswith(article.url)  # no reload
    assert page.locator(".comment.is-pending").count() == 1
    page.screenshot(path=ARTIFACTS / "comment-pending-mobile.png", full_page=True)

    page.reload()  # the cached page plus the reader's own comment, fetched
    page.locator(".comment.is-pending").wait_for()
    assert "Onay bekliyor" in page.locator(".comment.is-pending").inner_text()
    page.close()


def test_a_reply_nests_under_its_parent(live_server, browser, article, quick_form, make_comment):
    from datetime import timedelta

    from django.utils import timezone

    from manset.comments.views import OWN_COOKIE
    from tests.comments.cookies import own_comments_cookie

    parent = make_comment(article, name="Can", email="can@example.com", text="Ne düşünüyorsunuz?")
    # An approved reader, on the browser that holds their approved comment.
    approved = make_comment(
        article,
        email="ayse@example.com",
        text="Önceki yorumum.",
        created_at=timezone.now() - timedelta(days=1),
    )
    CommentAuthor.objects.create(email="ayse@example.com", trusted=True)
    context = browser.new_context(locale="tr-TR")
    cookie = {"name": OWN_COOKIE, "value": own_comments_cookie([approved.id])}
    context.add_cookies([{**cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + article.url)
    page.locator(f"#yorum-{parent.id}").get_by_role("link", name="Yanıtla").click()
    assert page.get_by_text("Can adlı okura yanıt").is_visible()
    fill(page, text="Bence çok önemli bir gelişme.")
    page.get_by_role("button", name="Yorumu gönder").click()
    page.get_by_text("Yorumunuz yayımlandı").wait_for()
    reply = Comment.objects.get(parent=parent)
    assert page.locator(f"#yorum-{reply.id}.depth-1").is_visible()
    context.close()


def test_without_javascript_the_form_posts_and_comes_back_with_a_message(
    live_server, browser, article, quick_form
):
    context = browser.new_context(java_script_enabled=False, locale="tr-TR")
    page = context.new_page()
    page.goto(live_server.url + article.url)
    fill(page, text="JavaScript olmadan yazdım.")
    page.get_by_role("button", name="Yorumu gönder").click()
    page.wait_for_load_state()
    assert "Yorumunuz onay bekliyor" in page.content()
    assert Comment.objects.get().text == "JavaScript olmadan yazdım."
    context.close()


def test_hostile_comments_stay_text_in_the_browser(live_server, browser, article, make_comment):
    sample = [p for p in TEXT if PWN in p][:12]
    for n, payload in enumerate(sample):
        make_comment(
            article,
            name=f"<b>Saldırgan {n}</b>",
            email=f"s{n}@example.com",
            website=f"https://ornek.com/{n}",
            text=payload,
        )
    page = browser.new_page(locale="tr-TR")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    shown = page.locator(".comment-text").all_inner_texts()
    assert any("<script>" in text for text in shown)  # the reader sees the text itself
    assert page.locator(".comment-list script, .comment-list img, .comment-list svg").count() == 0
    page.screenshot(path=ARTIFACTS / "comment-hostile.png", full_page=True)
    page.close()


def test_a_moderator_approves_from_the_keyboard(
    live_server, browser, article, django_user_model, make_comment
):
    django_user_model.objects.create_superuser("denetci", password="parola-123")
    held = [
        make_comment(
            article,
            name=f"Okur {n}",
            email=f"o{n}@example.com",
            text=f"Bekleyen {n}",
            status="pending",
        )
        for n in range(2)
    ]
    page = browser.new_page(locale="tr-TR", viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "denetci")
    page.fill("#id_password", "parola-123")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    assert "2 onay bekleyen yorum" in page.content()
    page.goto(live_server.url + "/admin/yorumlar/")
    page.screenshot(path=ARTIFACTS / "moderation-queue.png", full_page=True)
    page.keyboard.press("j")  # the newest comment first
    page.keyboard.press("a")
    page.wait_for_load_state()
    page.get_by_text("1 yorum güncellendi").wait_for()
    statuses = dict(Comment.objects.values_list("id", "status"))
    assert statuses == {held[0].id: "pending", held[1].id: "published"}
    page.close()


def test_the_author_edits_then_deletes_within_the_window(live_server, browser, article, quick_form):
    page = browser.new_page(locale="tr-TR")
    page.goto(live_server.url + article.url)
    fill(page, text="Yazım hatası olan yorm")
    page.get_by_role("button", name="Yorumu gönder").click()
    page.get_by_role("button", name="Düzenle").click()
    page.get_by_label("Yorumunuzu düzenleyin").fill("Yazım hatası düzeltilmiş yorum")
    page.get_by_role("button", name="Kaydet").click()
    page.get_by_text("Yazım hatası düzeltilmiş yorum").wait_for()
    assert Comment.objects.get().text == "Yazım hatası düzeltilmiş yorum"
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sil").click()
    page.get_by_text("Yorumunuz silindi.").wait_for()
    assert not Comment.objects.exists()
    page.close()


def test_cards_on_cached_listings_show_comment_counts(live_server, browser, article, make_comment):
    make_comment(article, name="Can", email="can@example.com", text="İlk!")
    page = browser.new_page(locale="tr-TR")
    page.goto(live_server.url + "/")
    count = page.locator(f'[data-yorum-sayisi="{article.id}"]').first
    count.wait_for()
    assert count.inner_text() == "1 yorum"
    page.close()


def test_without_javascript_the_reader_lands_on_the_notice_with_their_pending_comment(
    live_server, browser, article, quick_form
):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        java_script_enabled=False, locale="tr-TR", viewport={"width": 412, "height": 915}
    )
    page = context.new_page()
    page.goto(live_server.url + article.url)
    fill(page, text="JavaScript olmadan yazdığım, onay bekleyen yorum.")
    page.get_by_role("button", name="Yorumu gönder").click()
    page.wait_for_load_state()
    comment = Comment.objects.get()
    assert page.url.endswith(f"/yorum/{article.id}/benim/?yorum={comment.id}#yorum-durumu")
    notice = page.locator("#yorum-durumu")
    assert notice.inner_text() == "Yorumunuz onay bekliyor; bir editör onayladığında yayımlanacak."
    assert notice.is_visible() and page.locator(f"#yorum-{comment.id}.is-pending").is_visible()
    page.screenshot(path=ARTIFACTS / "comment-nojs-412.png", full_page=True)
    landing = page.url

    page.get_by_role("link", name="Habere ve yorumlara dönün").click()
    assert "onay bekleyen yorum" not in page.content()  # the article is the same for all
    context.close()
    stranger = browser.new_context(java_script_enabled=False, locale="tr-TR").new_page()
    stranger.goto(landing)
    assert "onay bekleyen yorum" not in stranger.content()
    stranger.context.close()


def test_with_javascript_a_double_click_sends_one_comment_and_the_reader_is_remembered(
    live_server, browser, article, quick_form
):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="tr-TR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + article.url)
    fill(page, text="Bir kez gönderilmesi gereken yorum.", name="Ayşe Yılmaz")
    page.get_by_label("Web siteniz").fill("https://ayse.example")
    page.get_by_label("bu tarayıcıda hatırla").check()
    page.get_by_role("button", name="Yorumu gönder").dblclick()
    page.get_by_text("Yorumunuz onay bekliyor").first.wait_for()
    assert page.get_by_role("button", name="Yorumu gönder").is_enabled()
    assert Comment.objects.count() == 1
    assert page.locator(".comment.is-pending").count() == 1

    page.reload()
    assert page.get_by_label("Adınız").input_value() == "Ayşe Yılmaz"
    assert page.get_by_label("E-posta adresiniz").input_value() == "ayse@example.com"
    assert page.get_by_label("Web siteniz").input_value() == "https://ayse.example"
    assert page.get_by_label("Yorumunuz").input_value() == ""
    assert page.get_by_label("bu tarayıcıda hatırla").is_checked()
    page.locator(".comment.is-pending").wait_for()
    assert page.locator(".no-comments").count() == 0
    page.screenshot(path=ARTIFACTS / "comment-js-1366.png", full_page=True)
    for cookie in context.cookies():  # only the signed list of ids and its flag
        assert "ayse" not in cookie["value"].lower() and "Ay" not in cookie["value"]

    page.get_by_label("bu tarayıcıda hatırla").uncheck()  # forget me
    page.reload()
    assert page.get_by_label("Adınız").input_value() == ""
    context.close()


def test_the_button_is_off_while_the_comment_is_sent(live_server, browser, article, quick_form):
    page = browser.new_page(locale="tr-TR")
    page.goto(live_server.url + article.url)
    fill(page, text="Gönderilirken düğme kapalı.")
    assert not page.get_by_label("bu tarayıcıda hatırla").is_checked()  # remembered on request
    off_at_once = page.evaluate(
        """() => {
          const button = document.querySelector('#yorum-formu button[type="submit"]');
          button.click();
          const off = button.disabled;
          button.click();  // a second tap while the first is on its way
          return off;
        }"""
    )
    assert off_at_once
    page.get_by_text("Yorumunuz onay bekliyor").first.wait_for()
    assert page.get_by_role("button", name="Yorumu gönder").is_enabled()
    assert Comment.objects.count() == 1
    assert page.evaluate("window.localStorage.getItem('manset.yorumcu')") is None
    page.close()
