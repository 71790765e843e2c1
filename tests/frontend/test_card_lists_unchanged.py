"""Every card list a reader sees on a fixed 2,000-article archive is the one recorded
before the lists were moved onto their own indexes (issue 15): same stories, same order,
same page counts, on SQLite and on PostgreSQL.

The archive is the demo's desks, 2,000 synthetic articles (seed 7) and a few pictured
stories, made at a fixed instant; the recording holds each page's article addresses in
page order, its pager and its count.
Recorded with the code before the change by running this file with
MANSET_RECORD_CARD_LISTS=1 (it then writes the file and fails, to be committed).
"""

import hashlib
import io
import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.images import ImageFile
from PIL import Image

from manset.core import generation
from manset.importers.records import ArticleRecord, BodyBlock
from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticlePage, Author, DeskPage, Tag
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db(transaction=False)

RECORDING = Path(__file__).parent / "fixtures" / "card_lists_2000.json"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Istanbul"))
SEED = 7
SYNTHETIC = 2000
# Paths that are not articles: desks have one part, these lead elsewhere.
NOT_ARTICLES = ("/etiket/", "/yazar/", "/arsiv/", "/rss/", "/admin/", "/static/", "/media/")
ARTICLE_HREF = re.compile(r'href="(/[a-z0-9-]+/[a-z0-9-]+/)"')
FEED_LINK = re.compile(r"<link>https?://[^/<]+(/[^<]*)</link>")
PAGER = re.compile(r"Sayfa \d+ / \d+")
COUNT = re.compile(r"<p>(\d+) haber</p>")
# Most read: these articles (by their place in the archive) get this many reads.
READS = {5: 40, 900: 30, 1500: 20, 12: 10, 1999: 5, 700: 3}


def _archive():
    """The demo's desks, the synthetic articles, and a few pictured stories through the
    importer (the synthetic ones have no picture), two of them in manşet slots."""
    from manset.demo.bulk import BulkWriter
    from manset.demo.loader import load_json
    from manset.demo.site import desk_ensure, home_ensure
    from manset.newsroom.models import FrontPageSlot

    home = home_ensure()
    for desk in load_json("desks.json"):
        desk_ensure(home=home, slug=desk["slug"], name=desk["name"], credit=desk["credit"])
    BulkWriter(now=NOW).write_synthetic(
        SYNTHETIC, seed=SEED, start_index=0, progress=lambda _count: None
    )
    image = _picture()
    pictured = [
        article_upsert(record=_record(number, *story), main_image=image).article
        for number, story in enumerate(PICTURED)
    ]
    FrontPageSlot.objects.create(home=home, article=pictured[-1], sort_order=0)
    FrontPageSlot.objects.create(
        home=home, article=pictured[2], sort_order=1, pinned_until=NOW + timedelta(hours=1)
    )


# (desk, hours ago, breaking, tags, authors) of the pictured stories.
PICTURED = [
    ("gundem", 0.5, True, ("Deprem", "İstanbul"), ()),
    ("ekonomi", 1.0, False, ("Enflasyon",), ("Yasemin Akın",)),
    ("spor", 1.5, True, ("Anadolu Efes", "Basketbol"), ()),
    ("dunya", 3.0, False, ("Avrupa Birliği",), ()),
    ("teknoloji", 4.5, False, ("Yapay Zeka",), ("Yasemin Akın",)),
    ("kultur-sanat", 5.5, False, (), ()),
    ("gundem", 7.0, True, ("İstanbul",), ()),
    ("spor", 30.0, False, ("Taraftar",), ()),
    ("dunya", 200.0, False, ("Avrupa Birliği",), ()),
]


def _record(number, desk, hours, breaking, tags, authors) -> ArticleRecord:
    return ArticleRecord(
        external_id=f"resimli-{number}",
        headline=f"Resimli haber {number}",
        lead="Spot.",
        desk=desk,
        body=(BodyBlock("paragraph", "Metin."),),
        tags=tags,
        authors=authors,
        agency="AA",
        dateline="Ankara",
        published_at=NOW - timedelta(hours=hours),
        breaking=breaking,
    )


def _picture() -> NewsImage:
    out = io.BytesIO()
    Image.new("RGB", (192, 108), (24, 45, 84)).save(out, format="JPEG")
    image = NewsImage(title="Resim", credit="Fotoğraf: Manşet")
    image.file = ImageFile(out, name="resim.jpg")
    image.save()
    return image


def _fingerprint() -> str:
    """What the lists are made from: a changed generator shows here, not as a list."""
    rows = ArticlePage.objects.order_by("url_path").values_list(
        "url_path", "first_published_at", "live", "breaking", "main_image_id"
    )
    text = "\n".join(
        f"{path}|{when.isoformat()}|{live}|{breaking}|{image is not None}"
        for path, when, live, breaking, image in rows
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _article_paths(html: str) -> list[str]:
    return [path for path in ARTICLE_HREF.findall(html) if not path.startswith(NOT_ARTICLES)]


def _page_record(client, url: str) -> dict:
    generation.forget()
    response = client.get(url)
    html = response.content.decode()
    record = {"status": response.status_code}
    if response.status_code != 200:
        return record
    if "/rss/" in url:
        record["articles"] = FEED_LINK.findall(html)[1:]  # the first is the channel's
        return record
    record["articles"] = _article_paths(html)
    record["pager"] = PAGER.findall(html)
    record["count"] = COUNT.findall(html)
    return record


def _urls() -> list[str]:
    """The pages to compare, chosen from the archive by stable properties."""
    urls = ["/", "/rss/"]
    for desk in DeskPage.objects.live().order_by("path"):
        per_page = 20
        total = ArticlePage.objects.child_of(desk).live().count()
        last = max(1, -(-total // per_page))
        urls += [desk.url, f"{desk.url}?sayfa=2", f"{desk.url}?sayfa={last}"]
        urls.append(f"/rss/{desk.slug}/")
    tags = list(Tag.objects.order_by("slug"))
    by_size = sorted(tags, key=lambda tag: (-tag.tagged_articles.count(), tag.slug))
    for tag in [by_size[0], by_size[len(by_size) // 2], by_size[-1]]:
        total = tag.tagged_articles.count()
        urls += [f"/etiket/{tag.slug}/", f"/etiket/{tag.slug}/?sayfa={max(1, -(-total // 20))}"]
        urls.append(f"/etiket/{tag.slug}/rss/")
    authors = sorted(Author.objects.all(), key=lambda a: (-a.articles.count(), a.slug))
    for author in [authors[0], authors[-1]]:
        urls += [f"/yazar/{author.slug}/", f"/yazar/{author.slug}/rss/"]
    urls += [f"/yazar/{authors[0].slug}/?sayfa=2"]
    for day in ("2026/3/10", "2026/3/9", "2026/1/15", "2025/6/1", "2025/3/11"):
        urls.append(f"/arsiv/{day}/")
    articles = list(ArticlePage.objects.order_by("url_path").values_list("url_path", flat=True))
    home_path = DeskPage.objects.first().get_parent().url_path
    pictured = ArticlePage.objects.filter(external_id__in=["resimli-0", "resimli-2"])
    articles += sorted(pictured.values_list("url_path", flat=True))
    for index in (0, 7, 333, 1000, 1800, -3, -2, -1):
        urls.append("/" + articles[index].removeprefix(home_path))
    return urls


def _reads() -> None:
    from manset.newsroom.reads import read_counter

    ids = list(ArticlePage.objects.order_by("url_path").values_list("id", flat=True))
    counter = read_counter()
    for index, count in READS.items():
        for _ in range(count):
            counter.add(ids[index], NOW)


def test_every_card_list_is_as_recorded_before_the_change(client, wagtail_base, local_reads):
    with time_machine.travel(NOW, tick=False):
        _archive()
        _reads()
        urls = _urls()
        found = {
            "fingerprint": _fingerprint(),
            "pages": {url: _page_record(client, url) for url in urls},
        }
    if os.environ.get("MANSET_RECORD_CARD_LISTS"):
        RECORDING.parent.mkdir(exist_ok=True)
        RECORDING.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n")
        pytest.fail(f"recorded {len(urls)} pages in {RECORDING}; commit it")
    recorded = json.loads(RECORDING.read_text())
    assert found["fingerprint"] == recorded["fingerprint"], (
        "the archive is not the recorded one (did the synthetic generator change?); "
        "the lists cannot be compared"
    )
    assert list(found["pages"]) == list(recorded["pages"])
    changed = {
        url: {"recorded": recorded["pages"][url], "now": page}
        for url, page in found["pages"].items()
        if page != recorded["pages"][url]
    }
    assert not changed, json.dumps(changed, indent=1, ensure_ascii=False)[:4000]
