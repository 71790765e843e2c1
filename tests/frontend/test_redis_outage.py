"""While Redis is unreachable every reader page still answers, with its normal content.

The settings are production's with Redis (page cache, memos, read counts in Redis),
pointed at a closed loopback port: every connection is refused at once.
"""

import logging
from zoneinfo import ZoneInfo

import pytest

from manset.core import generation
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(desks, make_record, django_capture_on_commit_callbacks):
    record = make_record(external_id="kesinti-1", authors=("Ayşe Kaya",))
    with django_capture_on_commit_callbacks(execute=True):  # indexed for search on commit
        return article_upsert(record=record).article


def reader_pages(story) -> dict[str, str]:
    """Each reader page and a piece of its normal content."""
    day = story.first_published_at.astimezone(ZoneInfo("Europe/Istanbul"))
    headline = "Kuzey Kore’de"
    return {
        "/": headline,
        "/dunya/": headline,
        story.url: "Pyongyang&#x27;a vardı.",
        "/etiket/kuzey-kore/": headline,
        "/yazar/ayse-kaya/": "Ayşe Kaya",
        f"/arsiv/{day:%Y/%-m/%-d}/": headline,
        "/rss/": headline,
        "/rss/dunya/": headline,
        "/etiket/kuzey-kore/rss/": headline,
        "/sitemap.xml": "sitemap-sayfalar.xml",
        f"/sitemap-{day:%Y-%m}.xml": story.url,
        "/sitemap-sayfalar.xml": "/dunya/",
        "/sitemap-news.xml": story.url,
        "/arama/?q=kore": f'href="{story.url}"',
        "/api/v1/search/?q=kore": story.url,
        "/api/v1/search/autocomplete/?q=kuz": "Kuzey",
        "/robots.txt": "Sitemap:",
        "/kvkk/": "KVKK",
    }


def test_every_reader_page_answers_with_its_content_while_redis_is_down(
    client, story, redis_down, caplog
):
    caplog.set_level(logging.WARNING)
    for path, content in reader_pages(story).items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert content in response.content.decode(), path
        assert "X-Page-Cache" not in response, path
    assert generation.current() is None
    # A warning says what is wrong; no request ends in an error with a traceback.
    assert "Redis" in caplog.text or "unreachable" in caplog.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


def test_most_read_is_left_out_while_redis_is_down(client, story, redis_down):
    html = client.get("/").content.decode()
    assert "Kuzey Kore’de" in html
    assert "En çok okunanlar" not in html


def test_the_read_beacon_answers_while_redis_is_down(client, story, redis_down):
    response = client.post(f"/okundu/{story.id}/", headers={"Origin": "http://testserver"})
    assert response.status_code == 204
