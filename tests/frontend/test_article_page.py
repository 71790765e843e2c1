"""The article page: the run-in dateline, share links, one date format, typographic
apostrophes in the headline, and images whose alt text is never a file name."""

import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile

from manset.demo.images import draw_illustration
from manset.importers.records import BodyBlock
from manset.newsroom.agencies import dateline_line
from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticleCorrection
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ISTANBUL = ZoneInfo("Europe/Istanbul")
MONDAY = datetime(2026, 12, 7, 13, 47, tzinfo=ISTANBUL)


def page_of(client, desks, make_record, **fields):
    article = article_upsert(record=make_record(**fields)).article
    return article, client.get(article.url).content.decode()


def picture(title: str, *, description: str = "", name: str = "IMG_2041.jpg") -> NewsImage:
    image = NewsImage(title=title, description=description, credit="Fotoğraf: AA")
    image.file = ImageFile(io.BytesIO(draw_illustration(title, "dunya")), name=name)
    image.save()
    return image


# --- 2. the dateline -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "agency", "line"),
    [
        ("Pyongyang", "REUTERS", "PYONGYANG (Reuters)"),
        ("istanbul,", "", "İSTANBUL"),  # our own reporting: no parenthesis
        ("İzmir", "IHA", "İZMİR (İHA)"),
        ("ANKARA (AA) -", "AA", "ANKARA (AA)"),  # the agency's own credit is not doubled
    ],
)
def test_the_dateline_names_the_place_in_capitals_and_the_agency(place, agency, line):
    assert dateline_line(place, agency) == line


def test_the_dateline_runs_into_the_first_paragraph_in_one_p(client, desks, make_record):
    _, html = page_of(client, desks, make_record)
    assert re.search(
        r'<p[^>]*><span class="dateline">PYONGYANG \(AA\) –</span> '
        r"Putin, havaalanında karşılandı\.</p>",
        html,
    )
    assert "PYONGYANG," not in html


def test_own_reporting_has_a_dateline_without_a_parenthesis(client, desks, make_record):
    _, html = page_of(client, desks, make_record, agency="", dateline="İstanbul")
    assert '<span class="dateline">İSTANBUL –</span> Putin' in html


def test_a_body_opening_with_a_sub_heading_carries_the_dateline_in_its_first_paragraph(
    client, desks, make_record
):
    body = (
        BodyBlock("subheading", "İLK GÜN"),
        BodyBlock("paragraph", "Putin, havaalanında karşılandı.\n\nİkinci paragraf."),
    )
    _, html = page_of(client, desks, make_record, body=body)
    heading = html.index('<h2 class="subheading"')
    dateline = html.index('<span class="dateline">PYONGYANG (AA) –</span> Putin')
    assert heading < dateline
    assert html.count('class="dateline"') == 1


def test_a_body_without_a_paragraph_shows_the_dateline_on_its_own(client, desks, make_record):
    _, html = page_of(client, desks, make_record, body=(BodyBlock("quote", "Söz.", "Kim"),))
    assert '<p class="dateline-alone"><span class="dateline">PYONGYANG (AA)</span></p>' in html


def test_a_paragraph_that_opens_with_its_own_dateline_is_not_given_a_second(
    client, desks, make_record
):
    body = (BodyBlock("paragraph", "PYONGYANG (AA) - Putin, havaalanında karşılandı."),)
    _, html = page_of(client, desks, make_record, body=body)
    assert 'class="dateline"' not in html
    assert "PYONGYANG (AA) - Putin" in html


# --- 5. share links ------------------------------------------------------------------


def test_share_links_carry_the_encoded_canonical_url_and_no_outside_script(
    client, desks, make_record
):
    article, html = page_of(client, desks, make_record)
    canonical = f"http://testserver{article.url}"
    encoded = quote(canonical, safe="")
    assert 'href="https://wa.me/?text=' in html and f"%20{encoded}" in html
    assert "https://x.com/intent/post?text=" in html and f"&amp;url={encoded}" in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    assert f'href="https://t.me/share/url?url={encoded}&amp;text=' in html
    assert "Bağlantıyı kopyala" in html
    assert '<script src="/static/frontend/share.js" defer></script>' in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('src="/static/' in s or "application/ld+json" in s for s in scripts), scripts


def test_the_share_script_is_a_static_file_the_policy_allows(client, desks, make_record):
    article = article_upsert(record=make_record()).article
    response = client.get(article.url)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"]  # the share box keeps the page cacheable
    assert "Set-Cookie" not in response
    assert (Path(__file__).parents[2] / "manset/frontend/static/frontend/share.js").exists()


def test_a_hostile_headline_and_dateline_stay_text_in_the_share_links_and_the_body(
    client, desks, make_record
):
    """Both are typed by editors or arrive from agencies; neither becomes markup."""
    _, html = page_of(
        client,
        desks,
        make_record,
        headline='"><script>alert(1)</script>',
        dateline="<img src=x onerror=alert(1)>",
    )
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert 'data-share-title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in html  # encoded in each link
    assert '<span class="dateline">&lt;İMG SRC=X ONERROR=ALERT(1)&gt; –</span>' in html


# --- 10. dates -----------------------------------------------------------------------


def test_the_article_shows_its_publication_long_and_its_update_without_the_weekday(
    client, desks, make_record
):
    article = article_upsert(record=make_record(published_at=MONDAY)).article
    ArticleCorrection.objects.create(
        article=article, created_at=MONDAY + timedelta(minutes=1), text="Başlık düzeltildi."
    )
    html = client.get(article.url).content.decode()
    assert ">7 Aralık 2026 Pazartesi 13:47</time>" in html
    assert (
        'Güncelleme: <time datetime="2026-12-07T13:48:00+03:00">7 Aralık 2026 13:48</time>' in html
    )
    assert "Güncelleme, <time" in html and ">7 Aralık 2026 13:48</time>:</strong>" in html
    assert "07.12.2026" not in html


def test_cards_and_the_archive_use_the_same_formats(client, desks, make_record):
    article_upsert(record=make_record(published_at=MONDAY))
    desk_page = client.get("/dunya/").content.decode()
    assert ">7 Aralık 2026 13:47</time>" in desk_page
    archive = client.get("/arsiv/2026/12/7/").content.decode()
    assert "<h1>7 Aralık 2026 Pazartesi</h1>" in archive
    assert ">7 Aralık 2026 13:47</time>" in archive
    tag_page = client.get("/etiket/kuzey-kore/").content.decode()
    assert ">7 Aralık 2026 13:47</time>" in tag_page


def test_comment_times_use_the_date_and_time_format(client, desks, make_record, make_comment):
    article = article_upsert(record=make_record()).article
    make_comment(article, created_at=MONDAY + timedelta(hours=1))
    html = client.get(article.url).content.decode()
    assert ">7 Aralık 2026 14:47</time>" in html


# --- 10. typographic apostrophes -------------------------------------------------------


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


def test_a_headline_typed_with_a_straight_apostrophe_is_stored_typographic(
    client, desks, make_record
):
    article, html = page_of(client, desks, make_record, headline="Putin Kuzey Kore'de")
    assert article.title == article.draft_title == "Putin Kuzey Kore’de"
    assert article.slug == "putin-kuzey-korede"
    assert "<h1>Putin Kuzey Kore’de</h1>" in html
    assert "<title>Putin Kuzey Kore’de | Manşet</title>" in html
    assert '<meta property="og:title" content="Putin Kuzey Kore’de">' in html
    assert json_ld(html)[0]["headline"] == "Putin Kuzey Kore’de"
    assert "Kuzey Kore&#x27;de" not in html and "Kuzey Kore'de" not in html
    assert "<title>Putin Kuzey Kore’de</title>" in client.get("/rss/").content.decode()


def test_a_second_import_of_the_same_headline_changes_nothing(desks, make_record):
    record = make_record(headline="Putin Kuzey Kore'de")
    article_upsert(record=record)
    assert article_upsert(record=record).verdict == "unchanged"


def test_an_editors_seo_title_is_typographic_too(desks, make_record):
    article = article_upsert(record=make_record()).article
    article.seo_title = "Putin'in ziyareti"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.seo_title == "Putin’in ziyareti"


# --- 10. image alt text --------------------------------------------------------------


def img_alt(html: str, marker: str) -> str:
    tag = re.search(rf"<img[^>]*{marker}[^>]*>", html)
    assert tag, marker
    return re.search(r'alt="([^"]*)"', tag.group(0)).group(1)


def test_an_untitled_upload_falls_back_to_the_caption_not_the_file_name(client, desks, make_record):
    image = picture("IMG_2041")
    article = article_upsert(
        record=make_record(), main_image=image, main_image_caption="Karşılama töreni"
    ).article
    html = client.get(article.url).content.decode()
    assert img_alt(html, 'fetchpriority="high"') == "Karşılama töreni"
    assert 'alt="IMG_2041"' not in html
    # The card elsewhere has no caption: an empty alt, not the file name.
    assert 'alt="IMG_2041"' not in client.get("/dunya/").content.decode()


def test_the_description_is_the_alt_text_where_there_is_one(client, desks, make_record):
    image = picture("IMG_2041", description="Putin ile Kim havalimanında el sıkışıyor")
    article = article_upsert(
        record=make_record(), main_image=image, main_image_caption="Karşılama töreni"
    ).article
    html = client.get(article.url).content.decode()
    assert img_alt(html, 'fetchpriority="high"') == "Putin ile Kim havalimanında el sıkışıyor"
    # On cards the picture sits beside the headline link that names the story: decorative.
    home = client.get("/").content.decode()
    assert 'alt="IMG_2041"' not in home and 'alt=""' in home


def test_an_image_block_without_a_description_uses_its_caption(client, desks, make_record):
    image = picture("DSC-0042", name="DSC-0042.jpg")
    article = article_upsert(record=make_record()).article
    article.body.append(("image", {"image": image, "caption": "Törenden bir kare", "credit": ""}))
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert img_alt(html, 'loading="lazy"') == "Törenden bir kare"
    assert 'alt="DSC-0042"' not in html


@pytest.mark.parametrize(
    ("title", "file_name", "alt"),
    [
        ("IMG_2041", "original_images/IMG_2041.jpg", ""),
        ("putin-kim-pyongyang", "original_images/putin-kim-pyongyang.jpg", ""),
        ("Putin ve Kim", "original_images/Putin_ve_Kim_a1B2c3D.jpg", ""),
        ("Pyongyang’da tören", "original_images/q.jpg", "Pyongyang’da tören"),
    ],
)
def test_wagtails_default_alt_text_is_never_a_file_name(title, file_name, alt):
    image = NewsImage(title=title)
    image.file.name = file_name
    assert image.default_alt_text == alt


# --- in the browser: what a reader sees --------------------------------------------------


@pytest.mark.browser
@pytest.mark.walkthrough
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [412, 1366])
def test_the_dateline_sits_on_the_first_line_of_the_paragraph(
    live_server, browser, desks, make_record, width
):
    image = picture("Pyongyang’da tören", description="Putin ve Kim havalimanında")
    body = (
        BodyBlock(
            "paragraph",
            "Rusya Devlet Başkanı Vladimir Putin, 24 yıl aradan sonra ilk kez Kuzey Kore’ye "
            "gitti; Kim Jong Un onu havalimanında karşıladı.\n\n"
            "İki lider, görüşmelerin ardından ortak bir açıklama yapacak.",
        ),
        BodyBlock("subheading", "Kim: İlişkilerimiz güçlenecek"),
        BodyBlock("quote", "Dostluğumuz sarsılmaz.", "Kim Jong Un"),
    )
    article = article_upsert(
        record=make_record(body=body, authors=("Ayşe Kaya",), agency="REUTERS"),
        main_image=image,
        main_image_caption="Putin, Pyongyang’da resmi törenle karşılandı.",
    ).article
    ArticleCorrection.objects.create(article=article, text="Başlık düzeltildi.")
    for n, headline in enumerate(("Kim'den Moskova'ya davet", "Pyongyang'da ikinci gün")):
        article_upsert(
            record=make_record(external_id=f"related-{n}", headline=headline),
            main_image=image,
        )
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="tr-TR")
    page.goto(live_server.url + article.url)
    dateline = page.locator(".body .dateline").first
    assert dateline.inner_text().startswith("PYONGYANG (Reuters)")
    boxes = dateline.evaluate(
        """span => {
            const p = span.closest("p"), text = document.createRange();
            text.selectNodeContents(span.nextSibling);
            const lines = [...text.getClientRects()];
            const box = r => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
            return {p: box(p.getBoundingClientRect()), span: box(span.getBoundingClientRect()),
                    first: box(lines[0]), last: box(lines[lines.length - 1]),
                    lineHeight: parseFloat(getComputedStyle(p).lineHeight)};
        }"""
    )
    span, first, paragraph = boxes["span"], boxes["first"], boxes["p"]
    # One line: the paragraph's text starts right after the dateline, same top and bottom.
    assert abs(span["top"] - first["top"]) < 1 and abs(span["bottom"] - first["bottom"]) < 1
    assert 0 <= first["left"] - span["right"] < 12
    # The paragraph's first line, starting at its left edge; the text wraps back to that
    # edge (no hanging indent under a floated dateline).
    assert span["top"] - paragraph["top"] < boxes["lineHeight"]
    assert abs(span["left"] - paragraph["left"]) < 1
    assert abs(boxes["last"]["left"] - paragraph["left"]) < 1
    assert page.locator(".share a").count() == 8  # above the story and below it
    assert page.locator(".share-copy").first.is_visible()
    page.screenshot(path=ARTIFACTS / f"article-{width}.png", full_page=True)
    page.close()
