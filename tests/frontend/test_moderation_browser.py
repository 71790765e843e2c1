"""The moderation queue in a real browser: worked with the keyboard and with each row's
buttons on a phone, in place, with a selected row that can be read."""

from pathlib import Path

import pytest

from manset.comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NOTES = [
    {"rule": "new_author", "action": "hold", "detail": "ilk yorum"},
    {"rule": "learned_score", "action": "hold", "detail": "0.62"},
    {
        "rule": "signals",
        "action": "info",
        "detail": "kelime: bedava (+0.41); harf dizisi: «nizi» (+0.05)",
    },
]
TEXTS = (
    "Belediyenin bu kararı yerinde; ulaşım gerçekten çok pahalıydı.",
    "Bedava bilet kampanyası ne zaman başlıyor, bilen var mı?",
    "Haberde adı geçen hat 2027’de açılacakmış, düzeltin lütfen.",
)


@pytest.fixture
def queue(desks, make_record, make_comment):
    """The demo Gündem editor, and three comments waiting on a Gündem article."""
    from manset.newsroom.roles import demo_users_ensure, newsroom_roles_ensure
    from manset.newsroom.services import article_upsert

    newsroom_roles_ensure()
    demo_users_ensure()
    record = make_record(
        external_id="gundem-metro", desk="gundem", headline="İzmir’de yeni metro hattı açıldı"
    )
    article = article_upsert(record=record).article
    comments = [
        make_comment(
            article,
            name=f"Okur {n + 1}",
            email=f"okur{n + 1}@example.com",
            text=text,
            status=Comment.Status.PENDING,
            spam_score=0.62,
            guard_notes=NOTES,
        )
        for n, text in enumerate(TEXTS)
    ]
    comments[2].reports = 1  # a reader reported it: listed at once
    comments[2].save(update_fields=["reports"])
    return comments


def log_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor-gundem")
    page.fill("#id_password", "manset-demo")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def screenshot(page, name: str) -> None:
    """The whole queue: Wagtail scrolls its main area, not the page, so a full-page
    screenshot would stop at the window; a tall window shows it all."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 2000})
    page.screenshot(path=ARTIFACTS / name)
    page.set_viewport_size(size)


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Every piece of text in the focused row, with its colour and the colour behind it (the
# first opaque background up the tree).
TEXT_COLOURS = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const behind = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const row = document.activeElement.closest('.moderation-row');
  return Array.from(row.querySelectorAll('td, td *'))
    .filter((el) => !el.closest('button') && Array.from(el.childNodes).some(
      (n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => ({text: el.textContent.trim().slice(0, 30),
                   color: rgb(getComputedStyle(el).color).slice(0, 3), background: behind(el)}));
}"""


def test_a_moderator_works_the_queue_with_the_keyboard(live_server, browser, queue):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="tr-TR")
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/yorumlar/")
    page.evaluate("window.__same_page = true")
    newest_first = sorted(queue, key=lambda c: (c.created_at, c.id), reverse=True)

    page.keyboard.press("j")
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.dataset.id")
    assert focused == str(newest_first[1].id)
    colours = page.evaluate(TEXT_COLOURS)
    assert len(colours) >= 4  # the comment, its author, its article, its reasons
    for item in colours:
        ratio = contrast(item["color"], item["background"])
        assert ratio >= 4.5, f"{item['text']!r}: {ratio:.2f}"
    screenshot(page, "moderation-1366.png")

    page.keyboard.press("a")
    approved = page.locator(f'.moderation-row[data-id="{newest_first[1].id}"]')
    approved.locator(".row-state", has_text="Onaylandı").wait_for()
    assert "is-done" in approved.get_attribute("class")
    page.wait_for_function(f"document.activeElement.dataset.id === '{newest_first[2].id}'")
    assert page.evaluate("window.__same_page") is True  # no navigation
    assert page.locator(".messages").get_by_text("1 yorum güncellendi.").is_visible()
    assert Comment.objects.get(id=newest_first[1].id).status == Comment.Status.PUBLISHED
    others = Comment.objects.exclude(id=newest_first[1].id).values_list("status", flat=True)
    assert set(others) == {Comment.Status.PENDING}

    page.keyboard.press("k")  # the approved row is skipped on the way back
    assert page.evaluate("document.activeElement.dataset.id") == str(newest_first[0].id)
    html = page.content()
    assert "harf dizisi" not in html and "(+0." not in html
    assert "okur1@example.com" not in html  # a desk editor sees no reader's address
    screenshot(page, "moderation-1366-after.png")
    page.close()


def test_on_a_phone_each_row_has_buttons_a_finger_can_hit(live_server, browser, queue):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 412, "height": 915}, locale="tr-TR")
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/yorumlar/")
    page.evaluate("window.__same_page = true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 412  # no sideways scroll
    target = queue[0]
    for label in ("Onayla", "Spam", "Çöpe at"):
        button = page.get_by_role("button", name=f"{label}: yorum {target.id}")
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (label, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 412
    screenshot(page, "moderation-412.png")

    page.get_by_role("button", name=f"Spam: yorum {target.id}").click()
    row = page.locator(f'.moderation-row[data-id="{target.id}"]')
    row.locator(".row-state", has_text="Spam sayıldı").wait_for()
    assert page.evaluate("window.__same_page") is True
    assert Comment.objects.get(id=target.id).status == Comment.Status.SPAM
    screenshot(page, "moderation-412-after.png")
    page.close()
