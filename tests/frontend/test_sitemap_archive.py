"""Sitemaps of a large archive: the same XML as before, paged months, queries that do not grow."""

import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manset.core import generation
from manset.demo.bulk import BulkWriter
from manset.frontend import sitemap_queries, sitemaps
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")
NOW = datetime(2025, 3, 14, 15, 30, tzinfo=ISTANBUL)
GOLDEN = Path(__file__).parent / "data" / "sitemaps"


@pytest.fixture
def fixed_archive(all_desks, make_record, monkeypatch):
    """300 synthetic articles over the year before NOW, and a few by hand; the clock at NOW."""
    BulkWriter(now=NOW).write_synthetic(300, seed=11, start_index=0, progress=lambda n: None)
    for key, when in [
        ("Ayın ilk dakikası", datetime(2025, 3, 1, 0, 0, tzinfo=ISTANBUL)),
        ("Şubatın son dakikası", datetime(2025, 2, 28, 23, 59, tzinfo=ISTANBUL)),
        ("Zirve\x0b başladı", NOW - timedelta(hours=3)),
        ("Taslak", None),
    ]:
        article_upsert(record=make_record(external_id=key, headline=key, published_at=when))
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def sitemap_urls(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    parts = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index)
    return ["/sitemap.xml", *[p.replace("&amp;", "&") for p in parts], "/sitemap-news.xml"]


def golden_name(url: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "_", url.strip("/")) + ".xml"


def test_the_sitemaps_of_a_fixed_archive_are_byte_for_byte_as_before(client, fixed_archive):
    urls = sitemap_urls(client)
    assert len(urls) > 10
    if os.environ.get("MANSET_WRITE_GOLDEN"):  # how the files were made, before the change
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for url in urls:
            (GOLDEN / golden_name(url)).write_bytes(client.get(url).content)
    assert sorted(golden_name(url) for url in urls) == sorted(p.name for p in GOLDEN.iterdir())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == (GOLDEN / golden_name(url)).read_bytes(), url


def page_size(monkeypatch, size: int) -> None:
    """Sitemap pages of `size` URLs; pages rendered before (the page cache) are forgotten."""
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", size)
    cache.clear()
    generation.forget()


def month_locs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


@pytest.fixture
def crowded_march(desks, make_record):
    """20 articles in March 2025, three of them at the same minute (ties across a page)."""

    def publish(key: str, when: datetime):
        article_upsert(record=make_record(external_id=key, headline=key, published_at=when))

    for day in range(1, 18):
        publish(f"Mart {day}", datetime(2025, 3, day, 9, tzinfo=ISTANBUL))
    for n in range(3):
        publish(f"Aynı dakika {n}", datetime(2025, 3, 11, 12, tzinfo=ISTANBUL))
    publish("Nisan", datetime(2025, 4, 2, 9, tzinfo=ISTANBUL))


def test_a_month_past_the_page_size_is_split_and_the_index_lists_each_part(
    client, crowded_march, monkeypatch
):
    whole = month_locs(client, "/sitemap-2025-03.xml")
    assert len(whole) == 20
    page_size(monkeypatch, 7)
    index = month_locs(client, "/sitemap.xml")
    march = "http://testserver/sitemap-2025-03.xml"
    assert index == [
        "http://testserver/sitemap-sayfalar.xml",
        "http://testserver/sitemap-2025-04.xml",
        march,
        f"{march}?sayfa=2",
        f"{march}?sayfa=3",
    ]
    pages = [month_locs(client, url.removeprefix("http://testserver")) for url in index[2:]]
    assert [len(page) for page in pages] == [7, 7, 6]
    assert [loc for page in pages for loc in page] == whole  # same order, none twice
    for past_or_wrong in ("4", "0", "abc", "-1", "99999999999999999999"):
        assert client.get(f"/sitemap-2025-03.xml?sayfa={past_or_wrong}").status_code == 404


def test_ties_in_publication_time_fall_on_either_side_of_a_page_break(
    client, crowded_march, monkeypatch
):
    whole = month_locs(client, "/sitemap-2025-03.xml")
    ties = [i for i, loc in enumerate(whole) if "ayni-dakika" in loc]
    assert len(ties) == 3
    page_size(monkeypatch, ties[1])  # the break between two of them
    first = month_locs(client, "/sitemap-2025-03.xml")
    second = month_locs(client, "/sitemap-2025-03.xml?sayfa=2")
    assert first + second == whole[: 2 * ties[1]]


def counted(client, url: str) -> int:
    """The queries one render of `url` makes with every cache empty."""
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_sitemap_queries_do_not_grow_with_the_archive(client, all_desks, monkeypatch):
    page_size(monkeypatch, 30)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    urls = ["/sitemap.xml", "/sitemap-2025-02.xml", "/sitemap-news.xml"]
    BulkWriter(now=NOW).write_synthetic(100, seed=5, start_index=0, progress=lambda n: None)
    small = {url: counted(client, url) for url in urls}
    BulkWriter(now=NOW).write_synthetic(900, seed=5, start_index=100, progress=lambda n: None)
    assert len(month_locs(client, "/sitemap-2025-02.xml?sayfa=2")) == 30
    large = {url: counted(client, url) for url in urls}
    assert small == large
    assert counted(client, "/sitemap-2025-02.xml?sayfa=2") == large["/sitemap-2025-02.xml"] + 1
    assert large["/sitemap.xml"] == 2  # the kept month counts, the articles under embargo


def test_an_archive_spanning_a_century_is_listed_from_its_kept_month_counts(
    client, desks, make_record
):
    old = datetime(1901, 5, 2, 9, tzinfo=ISTANBUL)
    article_upsert(record=make_record(external_id="eski", headline="Eski", published_at=old))
    article_upsert(record=make_record(external_id="yeni", headline="Yeni"))
    with CaptureQueriesContext(connection) as queries:
        index = month_locs(client, "/sitemap.xml")
    assert index[-1] == "http://testserver/sitemap-1901-05.xml"
    assert len(index) == 3
    assert len(queries) == 2  # the kept month counts, the articles still under embargo
    assert len(month_locs(client, "/sitemap-1901-05.xml")) == 1


@pytest.mark.parametrize(
    ("first", "last", "later"),
    [
        ("2024-06-19 09:30:00+00", "2024-06-19 09:30:00.5+00", "09:30:00.500000+00:00"),
        ("2024-06-19 09:30:00.5+00", "2024-06-19 09:30:00.25+00", "09:30:00.500000+00:00"),
        ("2024-06-19 09:30:00", "2024-06-19 09:30:00.000001", "09:30:00.000001+00:00"),
        ("2024-06-19 09:30:00", None, "09:30:00+00:00"),
        ("2024-06-18 23:59:59+00", "2024-06-19 09:30:00+00", "09:30:00+00:00"),
    ],
)
def test_the_later_publication_is_found_on_the_texts_either_engine_writes(first, last, later):
    assert sitemap_queries._lastmod(first, last).isoformat() == f"2024-06-19T{later}"
