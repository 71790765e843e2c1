"""The reader's pages are valid HTML (W3C Nu checker) and have no axe-core violations."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def demo_pages(desks, make_record):
    """A few articles with everything a page can show: image, authors, quote, comments, notes."""
    import io

    from django.core.files.images import ImageFile

    from manset.comments.models import Comment
    from manset.demo.images import draw_illustration
    from manset.importers.records import BodyBlock
    from manset.newsroom.images import NewsImage
    from manset.newsroom.models import ArticleCorrection
    from manset.newsroom.services import article_upsert

    image = NewsImage(title="Pyongyang’da tören", credit="Fotoğraf: AA")
    image.file = ImageFile(io.BytesIO(draw_illustration("q", "dunya")), name="q.jpg")
    image.save()
    body = (
        BodyBlock("paragraph", "Putin, havaalanında Kim tarafından karşılandı."),
        BodyBlock("subheading", "KİM: İLİŞKİLERİMİZ GÜÇLENECEK"),
        BodyBlock("quote", "Dostluğumuz sarsılmaz.", "Kim Jong Un"),
        BodyBlock("paragraph", "(DIŞ HABERLER SERVİSİ)"),
    )
    stories = [
        article_upsert(
            record=make_record(external_id=f"q{n}", body=body, authors=("Ayşe Kaya",)),
            main_image=image,
            main_image_caption="Karşılama töreni",
        ).article
        for n in range(3)
    ]
    story = stories[0]
    ArticleCorrection.objects.create(article=story, text="Başlık düzeltildi.")
    first = Comment.objects.create(
        article=story,
        name="Okur",
        email="o@example.com",
        text="Önemli bir ziyaret.",
        status=Comment.Status.PUBLISHED,
    )
    Comment.objects.create(
        article=story,
        parent=first,
        name="Başka okur",
        email="b@example.com",
        text="Katılıyorum.",
        status=Comment.Status.PUBLISHED,
    )
    return {
        "home": "/",
        "desk": "/dunya/",
        "article": story.url,
        "tag": "/etiket/kuzey-kore/",
        "author": "/yazar/ayse-kaya/",
        # Where a comment posted without JavaScript lands (as a browser without its cookie).
        "own": f"/yorum/{story.id}/benim/?yorum={first.id}",
        "kvkk": "/kvkk/",
    }


def test_pages_pass_the_w3c_nu_checker(live_server, demo_pages, tmp_path):
    java = shutil.which("java")
    if not VNU.exists() or not java:
        pytest.fail("vnu.jar or java is missing; scripts/test installs both (npm ci, Debian's JRE)")
    import urllib.request

    files = []
    for name, path in demo_pages.items():
        with urllib.request.urlopen(live_server.url + path) as response:  # noqa: S310 (local)
            assert response.status == 200, path
            target = tmp_path / f"{name}.html"
            target.write_bytes(response.read())
            files.append(str(target))
    result = subprocess.run(  # noqa: S603  (a fixed local tool)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m['url'].rsplit('/', 1)[-1]}: {m['message']}" for m in messages] == []


def test_pages_have_no_accessibility_violations(live_server, browser, demo_pages):
    if not AXE.exists():
        pytest.fail("axe-core is missing; scripts/test installs it (npm ci)")
    # axe-core is injected by the test as an inline script, which the site's policy refuses.
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="tr-TR", bypass_csp=True)
    found = {}
    for name, path in demo_pages.items():
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => `${v.id}: ${v.nodes[0].target.join(' ')}`)",
            AXE_TAGS,
        )
        if violations:
            found[name] = violations
    page.close()
    assert found == {}


def test_every_control_is_reachable_by_keyboard(live_server, browser, demo_pages):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + demo_pages["article"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "İçeriğe geç"
    page.keyboard.press("Enter")
    assert page.url.endswith("#icerik")
    links = page.locator("main a:visible").count()
    reached = set()
    for _ in range(links + 20):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
    assert demo_pages["tag"] in reached
    page.close()
