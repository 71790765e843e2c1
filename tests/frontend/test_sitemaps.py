"""Sitemaps: a monthly index, the site's pages and Google News, valid against their schemas."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
ISTANBUL = ZoneInfo("Europe/Istanbul")
CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def read_sitemap(client, url: str, schema_name: str) -> etree._Element:
    """The sitemap at `url`, parsed, after checking it against the named schema."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    validator = schema(schema_name)
    assert validator.validate(document), validator.error_log
    return document


def locs(document: etree._Element) -> list[str]:
    return document.xpath("//s:loc/text()", namespaces=NS)


def publish(make_record, key: str, **fields):
    return article_upsert(record=make_record(external_id=key, headline=key, **fields)).article


def month_url(when: datetime) -> str:
    return f"http://testserver/sitemap-{when.astimezone(ISTANBUL):%Y-%m}.xml"


def test_the_index_lists_the_pages_then_every_month_with_articles(client, desks, make_record):
    recent = publish(make_record, "Yeni haber")
    publish(make_record, "Eski haber", published_at=datetime(2024, 3, 5, 9, tzinfo=ISTANBUL))
    document = read_sitemap(client, "/sitemap.xml", "siteindex.xsd")
    assert locs(document) == [
        "http://testserver/sitemap-sayfalar.xml",
        month_url(recent.first_published_at),
        "http://testserver/sitemap-2024-03.xml",
    ]
    lastmods = document.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS)
    assert lastmods[-1] == "2024-03-05T09:00:00+03:00"


def test_the_index_is_two_queries_however_many_articles(client, desks, make_record):
    counts = []
    for month in (1, 2, 3):
        when = datetime(2024, month, 10, 12, tzinfo=ISTANBUL)
        publish(make_record, f"Haber {month}", published_at=when)
        publish(make_record, f"Bir haber daha {month}", published_at=when + timedelta(days=1))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        counts.append(len(queries))
    assert counts == [2, 2, 2]  # the kept month counts, the articles still under embargo


def test_the_index_lastmod_of_a_month_follows_its_articles_publications(client, desks, make_record):
    """The month's lastmod is kept: raised by a republication, read again when the
    article holding it leaves the month."""
    march = datetime(2024, 3, 5, 9, tzinfo=ISTANBUL)
    publish(make_record, "Mart haberi", published_at=march)
    later = publish(make_record, "Mart haberi iki", published_at=march + timedelta(days=2))

    def march_lastmod() -> str:
        document = read_sitemap(client, "/sitemap.xml", "siteindex.xsd")
        entries = document.xpath("//s:sitemap", namespaces=NS)
        (entry,) = [e for e in entries if e.findtext("s:loc", namespaces=NS).endswith("03.xml")]
        return entry.findtext("s:lastmod", namespaces=NS)

    assert march_lastmod() == "2024-03-07T09:00:00+03:00"
    later.save_revision().publish()  # a correction today
    later.refresh_from_db()
    republished = later.last_published_at.astimezone(ISTANBUL).replace(microsecond=0)
    assert march_lastmod() == republished.isoformat()
    later.unpublish()
    assert march_lastmod() == "2024-03-05T09:00:00+03:00"


def test_months_follow_istanbul_time(client, desks, make_record):
    # 01:00 on 1 April in Istanbul is still 31 March in UTC.
    publish(make_record, "Nisan", published_at=datetime(2024, 4, 1, 1, tzinfo=ISTANBUL))
    publish(make_record, "Mart", published_at=datetime(2024, 3, 31, 23, tzinfo=ISTANBUL))
    april = locs(read_sitemap(client, "/sitemap-2024-04.xml", "sitemap.xsd"))
    march = locs(read_sitemap(client, "/sitemap-2024-03.xml", "sitemap.xsd"))
    assert april == ["http://testserver/dunya/nisan/"]
    assert march == ["http://testserver/dunya/mart/"]


def test_a_month_sitemap_gives_each_article_its_last_publication(client, desks, make_record):
    when = datetime(2024, 6, 19, 9, 30, tzinfo=ISTANBUL)
    article = publish(make_record, "Ziyaret", published_at=when)
    document = read_sitemap(client, "/sitemap-2024-06.xml", "sitemap.xsd")
    (url,) = document.xpath("//s:url", namespaces=NS)
    assert url.findtext("s:loc", namespaces=NS) == f"http://testserver{article.url}"
    assert url.findtext("s:lastmod", namespaces=NS) == "2024-06-19T09:30:00+03:00"


def test_an_article_from_three_days_ago_is_in_its_month_but_not_in_the_news(
    client, desks, make_record
):
    article = publish(make_record, "Üç gün önce", published_at=timezone.now() - timedelta(days=3))
    month = month_url(article.first_published_at).removeprefix("http://testserver")
    assert f"http://testserver{article.url}" in locs(read_sitemap(client, month, "sitemap.xsd"))
    publish(make_record, "Taze haber")  # an empty news sitemap would not be schema-valid
    news = read_sitemap(client, "/sitemap-news.xml", "sitemap-news-urlset.xsd")
    assert f"http://testserver{article.url}" not in locs(news)


def test_an_article_from_two_hours_ago_is_in_its_month_and_in_the_news(client, article):
    url = f"http://testserver{article.url}"
    month = month_url(article.first_published_at).removeprefix("http://testserver")
    assert url in locs(read_sitemap(client, month, "sitemap.xsd"))
    news = read_sitemap(client, "/sitemap-news.xml", "sitemap-news-urlset.xsd")
    assert locs(news) == [url]
    item = news.find("s:url/news:news", namespaces=NS)
    assert item.findtext("news:publication/news:name", namespaces=NS) == "Manşet"
    assert item.findtext("news:publication/news:language", namespaces=NS) == "tr"
    assert item.findtext("news:title", namespaces=NS) == "24 yıl sonra ilk: Putin, Kuzey Kore’de"
    published = item.findtext("news:publication_date", namespaces=NS)
    assert published == article.first_published_at.astimezone(ISTANBUL).isoformat()


def test_drafts_and_unpublished_articles_appear_in_no_sitemap(client, article, make_record):
    draft = publish(make_record, "Taslak", published_at=None)
    withdrawn = publish(make_record, "Geri çekilen")
    withdrawn.unpublish()
    hidden = {f"http://testserver{draft.url}", f"http://testserver{withdrawn.url}"}
    month = month_url(article.first_published_at).removeprefix("http://testserver")
    for url, schema_name in [
        (month, "sitemap.xsd"),
        ("/sitemap-news.xml", "sitemap-news-urlset.xsd"),
        ("/sitemap-sayfalar.xml", "sitemap.xsd"),
    ]:
        assert hidden.isdisjoint(locs(read_sitemap(client, url, schema_name)))
    assert locs(read_sitemap(client, month, "sitemap.xsd")) == [f"http://testserver{article.url}"]


def test_a_month_with_only_drafts_is_left_out_of_the_index(client, desks, make_record):
    publish(make_record, "Taslak", published_at=None)
    document = read_sitemap(client, "/sitemap.xml", "siteindex.xsd")
    assert locs(document) == ["http://testserver/sitemap-sayfalar.xml"]


def test_the_pages_sitemap_lists_the_home_page_and_the_desks(client, article):
    document = read_sitemap(client, "/sitemap-sayfalar.xml", "sitemap.xsd")
    assert locs(document) == [
        "http://testserver/",
        "http://testserver/gundem/",
        "http://testserver/dunya/",
    ]
    lastmods = document.xpath("//s:url/s:lastmod/text()", namespaces=NS)
    assert len(lastmods) == 2  # Gündem has no articles yet


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-2024-13.xml",
        "/sitemap-2024-00.xml",
        "/sitemap-abcd-01.xml",
        "/sitemap-2024-1.xml",
        "/sitemap-0000-01.xml",
        "/sitemap-9999-12.xml",
        "/sitemap-2019-05.xml",
    ],
)
def test_a_malformed_or_empty_month_is_a_404(client, article, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-sayfalar.xml", "/sitemap-news.xml", "/sitemap-2024-06.xml"]
)
def test_sitemaps_may_be_kept_by_shared_caches(client, desks, make_record, url):
    publish(make_record, "Haziran", published_at=datetime(2024, 6, 1, 12, tzinfo=ISTANBUL))
    assert client.get(url)["Cache-Control"] == CACHE_CONTROL


def test_the_schemas_reject_a_malformed_news_sitemap():
    document = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>http://testserver/a/</loc><lastmod>dun</lastmod>"
        b"<news:news><news:publication><news:name>M</news:name></news:publication>"
        b"<news:title>T</news:title></news:news></url></urlset>"
    )
    validator = schema("sitemap-news-urlset.xsd")
    assert not validator.validate(document)
    messages = " ".join(error.message for error in validator.error_log)
    assert "lastmod" in messages and "language" in messages


def test_control_characters_in_a_headline_leave_the_news_sitemap_valid(client, desks, make_record):
    publish(make_record, "Zirve\x0b başladı")
    news = read_sitemap(client, "/sitemap-news.xml", "sitemap-news-urlset.xsd")
    assert news.findtext("s:url/news:news/news:title", namespaces=NS) == "Zirve başladı"
