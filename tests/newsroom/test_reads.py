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


def beacon(client, article_id, ip="203.0.113.5", secure=False, **headers):
    """The article page's beacon as a browser sends it: a POST naming this site."""
    headers = {"Origin": f"{'https' if secure else 'http'}://testserver", **headers}
    return client.post(f"/okundu/{article_id}/", headers=headers, REMOTE_ADDR=ip, secure=secure)


def counts() -> dict[int, int]:
    return dict(read_counter().top(timezone.now(), 24, 100))


@pytest.mark.django_db
def test_the_beacon_counts_each_reader_once_and_the_home_page_lists_most_read(
    client, desks, make_record, local_reads
):
    first = article_upsert(record=make_record(external_id="a", headline="Az okunan")).article
    second = article_upsert(record=make_record(external_id="b", headline="Çok okunan")).article
    # Newer stories fill the manşet and Son haberler: a story is shown once on the home
    # page, so the most read ones appear in their own list only when not already above.
    for n in range(15):
        article_upsert(record=make_record(external_id=f"yeni-{n}", headline=f"Yeni haber {n}"))
    for ip in ("203.0.113.1", "203.0.113.2", "2001:db8::1"):
        response = beacon(client, second.id, ip=ip)
        assert response.status_code == 204 and not response.cookies
        assert "no-store" in response["Cache-Control"]
    assert beacon(client, second.id, ip="203.0.113.1").status_code == 204  # the same reader again
    beacon(client, first.id, ip="203.0.113.1")
    assert counts() == {second.id: 3, first.id: 1}
    assert [a.title for a in most_read_list()] == ["Çok okunan", "Az okunan"]
    html = client.get("/").content.decode()
    assert "En çok okunanlar" in html
    assert html.index("Çok okunan") < html.index("Az okunan", html.index("En çok okunanlar"))


@pytest.mark.django_db
def test_a_new_user_agent_is_not_a_new_reader(client, article, local_reads):
    for agent in ("A", "B", "C", "Mozilla/5.0 (rastgele)"):
        beacon(client, article.id, **{"User-Agent": agent})
    assert counts() == {article.id: 1}


@pytest.mark.django_db
def test_one_ipv6_network_is_one_reader(client, article, local_reads):
    # A home line gets a whole /64; its addresses are not so many readers.
    for n in range(1, 6):
        beacon(client, article.id, ip=f"2001:db8:1:2::{n:x}")
    beacon(client, article.id, ip="2001:db8:1:3::1")
    # IPv4 readers as a dual-stack server sees them stay apart.
    beacon(client, article.id, ip="::ffff:198.51.100.1")
    beacon(client, article.id, ip="::ffff:198.51.100.2")
    assert counts() == {article.id: 4}


@pytest.mark.django_db
def test_behind_a_proxy_readers_are_told_apart_by_the_address_it_saw(client, article, local_reads):
    proxy = "10.0.0.2"
    with override_settings(MANSET_PROXY_HOPS=1):
        for reader in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
            beacon(client, article.id, ip=proxy, **{"X-Forwarded-For": reader})
        # Entries before the proxy's own are the client's to invent: not new readers.
        for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
            beacon(client, article.id, ip=proxy, **{"X-Forwarded-For": f"{forged}, 198.51.100.1"})
    assert counts() == {article.id: 3}


@pytest.mark.django_db
def test_without_the_proxy_setting_the_proxy_is_one_reader(client, article, local_reads):
    for reader in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        beacon(client, article.id, ip="10.0.0.2", **{"X-Forwarded-For": reader})
    assert counts() == {article.id: 1}


@pytest.mark.django_db
def test_one_address_counts_only_so_many_articles_an_hour(
    client, desks, make_record, local_reads, monkeypatch
):
    from manset.newsroom import reads

    monkeypatch.setattr(reads, "ARTICLES_PER_READER_HOUR", 3)
    articles = [
        article_upsert(record=make_record(external_id=f"s{n}", headline=f"Haber {n}")).article
        for n in range(5)
    ]
    for article in articles:
        assert beacon(client, article.id).status_code == 204
    assert sum(counts().values()) == 3
    assert beacon(client, articles[4].id, ip="203.0.113.99").status_code == 204  # someone else
    assert counts()[articles[4].id] == 1


@pytest.mark.django_db
def test_only_live_public_articles_are_counted(client, desks, home, make_record, local_reads):
    from wagtail.models import PageViewRestriction

    from manset.newsroom.models import ArticlePage

    draft = article_upsert(record=make_record(external_id="t", published_at=None)).article
    embargoed = article_upsert(record=make_record(external_id="e")).article
    ArticlePage.objects.filter(id=embargoed.id).update(
        embargo_until=timezone.now() + timedelta(days=1)
    )
    private = article_upsert(record=make_record(external_id="p", desk="gundem")).article
    PageViewRestriction.objects.create(
        page=desks["gundem"], restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    others = [draft.id, embargoed.id, private.id, desks["dunya"].id, home.id, 10**6, 2**63, 10**30]
    for article_id in others:
        response = beacon(client, article_id)
        assert response.status_code == 404, article_id
        assert "no-store" in response["Cache-Control"]
    assert counts() == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://baska-site.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.baska-site.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {},  # a script or a very old browser: names no page
    ],
)
def test_beacons_from_other_sites_are_refused(client, article, local_reads, headers):
    response = client.post(f"/okundu/{article.id}/", headers=headers, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 403
    assert counts() == {}


@pytest.mark.django_db
def test_the_origin_must_match_the_scheme_too(client, article, local_reads):
    response = beacon(client, article.id, secure=True, Origin="http://testserver")
    assert response.status_code == 403  # http://… names another origin than https://…
    assert beacon(client, article.id, secure=True).status_code == 204
    assert counts() == {article.id: 1}


@pytest.mark.django_db
def test_a_same_origin_fetch_without_origin_and_trusted_origins_count(client, article, local_reads):
    sec_fetch = {"Sec-Fetch-Site": "same-origin"}
    response = client.post(f"/okundu/{article.id}/", headers=sec_fetch, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 204
    with override_settings(CSRF_TRUSTED_ORIGINS=["https://haber.example.com"]):
        trusted = beacon(client, article.id, ip="203.0.113.8", Origin="https://haber.example.com")
        assert trusted.status_code == 204
    assert counts() == {article.id: 2}


@pytest.mark.redis
@pytest.mark.django_db
def test_beacons_for_articles_that_are_not_there_leave_redis_as_it_was(client, article):
    from django.conf import settings

    if not settings.MANSET_REDIS_URL:
        pytest.skip("needs REDIS_URL (the PostgreSQL run)")
    from manset.core.redis import redis_client

    redis = redis_client(settings.MANSET_REDIS_URL)
    assert beacon(client, article.id).status_code == 204
    before = redis.dbsize()
    for n in range(50):
        beacon(client, 10**6 + n, ip=f"203.0.113.{n}")
        client.post(f"/okundu/{article.id}/", headers={"Origin": "https://baska-site.example"})
    assert redis.dbsize() == before


@pytest.mark.django_db
def test_the_beacon_answers_only_post(client, article):
    assert client.get(f"/okundu/{article.id}/").status_code == 405


@pytest.mark.django_db
def test_the_article_page_stays_cacheable_with_the_beacon(client, article):
    response = client.get(article.url)
    beacon = f'src="/static/frontend/read.js" data-article="{article.id}"'
    assert beacon in response.content.decode()
    assert "public" in response["Cache-Control"]
