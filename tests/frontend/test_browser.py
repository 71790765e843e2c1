"""The home page in a real browser: Debian's chromium driven by Playwright."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_home_page_shows_turkish_news(live_server, browser, article):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="tr-TR")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.get_by_role(
        "link", name="24 yıl sonra ilk: Putin, Kuzey Kore’de"
    ).first.is_visible()
    assert page.get_by_role("navigation", name="Servisler").get_by_text("Dünya").is_visible()
    page.screenshot(path=ARTIFACTS / "home-mobile.png", full_page=True)

    page.get_by_role("link", name="24 yıl sonra ilk: Putin, Kuzey Kore’de").first.click()
    page.wait_for_load_state()
    heading = page.locator("h2.subheading").first.inner_text()
    assert heading == "KİM: İLİŞKİLERİMİZ GÜÇLENECEK"
    page.screenshot(path=ARTIFACTS / "article-mobile.png", full_page=True)
    page.close()
