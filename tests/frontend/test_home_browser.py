"""The home page on a phone and a desktop, in Debian's chromium: the news comes first."""

from datetime import timedelta
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.walkthrough, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 412, "height": 915}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def morning(wagtail_base, make_record, local_reads):
    """The demo newsroom with its readers, plus what the agencies sent in the last
    minutes: two breaking flashes and a routine item, none with a picture."""
    from django.utils import timezone

    from manset.demo.loader import demo_load
    from manset.newsroom.models import ArticlePage
    from manset.newsroom.reads import read_record
    from manset.newsroom.services import article_upsert

    now = timezone.now().replace(microsecond=0)
    demo_load(now=now)
    items = [
        ("flas-1", "Son dakika: Ege’de 5,1 büyüklüğünde deprem, can kaybı yok", 12, True),
        ("flas-2", "Son dakika: TBMM’de yeni yasa teklifi kabul edildi", 48, True),
        ("rutin", "Borsa İstanbul güne yatay başladı", 3, False),
    ]
    for external_id, headline, minutes, breaking in items:
        record = make_record(
            external_id=external_id,
            headline=headline,
            desk="gundem",
            breaking=breaking,
            published_at=now - timedelta(minutes=minutes),
        )
        article_upsert(record=record)
    older = ArticlePage.objects.live().order_by("first_published_at")
    for n, article in enumerate(older[:12]):
        for reader in range(n % 4 + 1):
            read_record(article_id=article.id, ip=f"203.0.113.{reader + 1}")


def _full_page(page, path):
    """A full-page screenshot with every lazy picture loaded."""
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)


def test_on_a_phone_the_lead_headline_starts_in_the_first_third(live_server, browser, morning):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="tr-TR")
    page.goto(live_server.url + "/")
    lead = page.locator(".card--lead h3")
    # The demo's breaking earthquake has a picture: it leads, not the newer routine item.
    assert "deprem" in lead.inner_text()
    assert lead.bounding_box()["y"] <= PHONE["height"] / 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _full_page(page, ARTIFACTS / "home-412.png")
    page.close()


def test_son_dakika_is_one_line_with_times(live_server, browser, morning):
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport, locale="tr-TR")
        page.goto(live_server.url + "/")
        box = page.locator("section.breaking")
        items = page.locator(".breaking-list li")
        assert items.count() == 2
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.breaking-list li')).lineHeight)"
        )
        assert box.bounding_box()["height"] < 2 * line
        tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
        assert len(tops) == 1  # side by side, not stacked
        assert items.first.locator("time").inner_text().count(":") == 1
        if viewport is DESKTOP:
            _full_page(page, ARTIFACTS / "home-1366.png")
        page.close()


def test_a_text_lead_also_starts_in_the_first_third(live_server, browser, desks, make_record):
    """No story has a picture: the newest breaking one leads in the layout made for text."""
    from django.utils import timezone

    from manset.newsroom.services import article_upsert

    ARTIFACTS.mkdir(exist_ok=True)
    now = timezone.now().replace(microsecond=0)
    for n, (headline, breaking) in enumerate(
        [
            ("Son dakika: Merkez Bankası faiz kararını açıkladı, politika faizi sabit", True),
            ("İstanbul’da metrobüs seferlerine yeni düzenleme", False),
            ("Ankara’da yarın bazı ilçelerde su kesintisi olacak", False),
        ]
    ):
        record = make_record(
            external_id=f"metin-{n}",
            headline=headline,
            desk="gundem",
            breaking=breaking,
            published_at=now - timedelta(minutes=20 + 30 * n),
        )
        article_upsert(record=record)
    for viewport, name in ((PHONE, "home-text-412.png"), (DESKTOP, "home-text-1366.png")):
        page = browser.new_page(viewport=viewport, locale="tr-TR")
        page.goto(live_server.url + "/")
        lead = page.locator(".card--lead.card--text.card--breaking h3")
        assert "faiz" in lead.inner_text()
        assert lead.bounding_box()["y"] <= viewport["height"] / 3
        _full_page(page, ARTIFACTS / name)
        page.close()


def test_the_busy_home_page_is_valid_and_accessible(live_server, browser, morning, tmp_path):
    """The Son Dakika strip, the lists and the text lead pass the Nu checker and axe."""
    import json
    import shutil
    import subprocess
    import urllib.request

    from tests.frontend.test_quality import AXE, AXE_TAGS, VNU

    with urllib.request.urlopen(live_server.url + "/") as response:  # noqa: S310 (local)
        (tmp_path / "home.html").write_bytes(response.read())
    result = subprocess.run(  # noqa: S603  (a fixed local tool)
        [
            shutil.which("java"),
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            str(tmp_path / "home.html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport, locale="tr-TR", bypass_csp=True)
        page.goto(live_server.url + "/")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => `${v.id}: ${v.nodes[0].target.join(' ')}`)",
            AXE_TAGS,
        )
        page.close()
        assert violations == [], viewport
