"""Reads are counted cheaply from a beacon, per hour, and give "En çok okunanlar"."""

import os
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from manset.newsroom.reads import LocalReadCounter, RedisReadCounter, read_counter
from manset.newsroom.selectors import most_read_list
from manset.newsroom.services import article_upsert

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")


def test_local_counts_add_up_over_the_last_day_only():
    counter, now = LocalReadCounter(), timezone.now()
    for _ in range(3):
        counter.add(1, now)
    counter.add(2, now - timedelta(hours=5))
    counter.add(2, now - timedelta(hours=30))  # too old to count
    assert counter.top(now, 24, 5) == [(1, 3), (2, 1)]


@pytest.mark.redis
def test_redis_counts_are_shared_and_expire():
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    counter, now = RedisReadCounter(client, "manset-test-reads"), timezone.now()
    for key in client.scan_iter("manset-test-reads:*"):
        client.delete(key)
    counter.add(7, now)
    counter.add(7, now - timedelta(hours=1))
    counter.add(8, now)
    assert RedisReadCounter(client, "manset-test-reads").top(now, 24, 5) == [(7, 2), (8, 1)]
    assert 0 < client.ttl(next(client.scan_iter("manset-test-reads:*"))) <= 26 * 3600


@pytest.mark.django_db
def test_the_beacon_counts_a_reader_once_and_the_home_page_lists_most_read(
    client, desks, make_record
):
    with override_settings(MANSET_REDIS_URL=""):
        read_counter().__init__()  # a clean local counter for this test
        first = article_upsert(record=make_record(external_id="a", headline="Az okunan")).article
        second = article_upsert(record=make_record(external_id="b", headline="Çok okunan")).article
        for agent in ("A", "B", "C"):
            response = client.post(f"/okundu/{second.id}/", HTTP_USER_AGENT=agent)
            assert response.status_code == 204 and not response.cookies
        client.post(f"/okundu/{second.id}/", HTTP_USER_AGENT="A")  # the same reader again
        client.post(f"/okundu/{first.id}/", HTTP_USER_AGENT="A")
        assert [a.title for a in most_read_list()] == ["Çok okunan", "Az okunan"]
        html = client.get("/").content.decode()
        assert "En çok okunanlar" in html
        assert html.index("Çok okunan") < html.index("Az okunan", html.index("En çok okunanlar"))


@pytest.mark.django_db
def test_the_beacon_answers_only_post(client, article):
    assert client.get(f"/okundu/{article.id}/").status_code == 405


@pytest.mark.django_db
def test_the_article_page_stays_cacheable_with_the_beacon(client, article):
    response = client.get(article.url)
    beacon = f'src="/static/frontend/read.js" data-article="{article.id}"'
    assert beacon in response.content.decode()
    assert "public" in response["Cache-Control"]
