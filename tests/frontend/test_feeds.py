"""RSS feeds: the whole site, one desk, one tag; Turkish intact, parseable, cacheable."""

import io
from calendar import timegm
from datetime import timedelta

import feedparser
import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manset.demo.images import draw_illustration
from manset.frontend import feeds
from manset.newsroom.images import NewsImage
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def publish(make_record, **fields):
    return article_upsert(record=make_record(**fields)).article


def test_the_site_feed_is_valid_rss_in_turkish(client, article):
    parsed = read_feed(client, "/rss/")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Manşet"
    assert parsed.feed.language == "tr"
    assert parsed.feed.link == "http://testserver/"
    assert [entry.title for entry in parsed.entries] == ["24 yıl sonra ilk: Putin, Kuzey Kore’de"]


def test_an_item_carries_its_link_lead_date_and_tags(client, article):
    entry = read_feed(client, "/rss/").entries[0]
    assert entry.link == f"http://testserver{article.url}"
    assert entry.summary == "Rusya Devlet Başkanı Putin, Pyongyang'a vardı."
    assert timegm(entry.published_parsed) == int(article.first_published_at.timestamp())
    assert [tag.term for tag in entry.tags] == ["Kuzey Kore", "Vladimir Putin"]


def test_the_guid_is_the_article_id_and_survives_a_headline_change(client, make_record, article):
    publish(make_record, headline="İstanbul’da yeni gelişme")
    entry = read_feed(client, "/rss/").entries[0]
    assert entry.title == "İstanbul’da yeni gelişme"
    assert entry.id == f"manset:article:{article.id}"
    assert entry.guidislink is False


def test_an_article_without_authors_is_credited_to_its_desk(client, article):
    assert read_feed(client, "/rss/").entries[0].author == "Dış Haberler Servisi"


def test_an_article_with_authors_is_credited_to_them(client, desks, make_record):
    publish(make_record, authors=("İpek Işık", "Ahmet Çelik"))
    author = read_feed(client, "/rss/").entries[0].author
    assert author in ("Ahmet Çelik, İpek Işık", "İpek Işık, Ahmet Çelik")


def test_the_main_image_goes_out_as_an_enclosure_with_its_size(client, desks, make_record):
    image = NewsImage(title="Tören", credit="Fotoğraf: AA")
    image.file = ImageFile(io.BytesIO(draw_illustration("tören", "dunya")), name="toren.jpg")
    image.save()
    article_upsert(record=make_record(), main_image=image)
    rendition = image.get_rendition(feeds.IMAGE_SPEC)
    (enclosure,) = read_feed(client, "/rss/").entries[0].enclosures
    assert enclosure.href == f"http://testserver{rendition.url}"
    assert enclosure.type == "image/jpeg"
    assert enclosure.length == str(rendition.file.size)


def test_drafts_and_scheduled_articles_stay_out_of_the_feed(client, article, make_record):
    future = timezone.now() + timedelta(days=1)
    publish(make_record, external_id="taslak", headline="Taslak haber", published_at=None)
    publish(make_record, external_id="yarin", headline="Yarınki haber", published_at=future)
    titles = [entry.title for entry in read_feed(client, "/rss/").entries]
    assert titles == ["24 yıl sonra ilk: Putin, Kuzey Kore’de"]


def test_the_site_feed_lists_the_latest_articles_newest_first(
    client, desks, make_record, monkeypatch
):
    monkeypatch.setattr(feeds, "ITEMS", 2)
    now = timezone.now()
    for hours in (3, 1, 2):
        publish(
            make_record,
            external_id=f"h{hours}",
            headline=f"{hours} saat önce",
            published_at=now - timedelta(hours=hours),
        )
    titles = [entry.title for entry in read_feed(client, "/rss/").entries]
    assert titles == ["1 saat önce", "2 saat önce"]


def test_the_feed_costs_the_same_queries_for_one_article_or_many(client, desks, make_record):
    publish(make_record, external_id="a1", authors=("Ayşe Işık",))
    with CaptureQueriesContext(connection) as one:
        read_feed(client, "/rss/")
    for n in range(2, 5):
        publish(make_record, external_id=f"a{n}", headline=f"Haber {n}", authors=("Ali Öz",))
    with CaptureQueriesContext(connection) as many:
        assert len(read_feed(client, "/rss/").entries) == 4
    assert len(many) == len(one)


def test_the_desk_feed_lists_only_that_desks_articles(client, article, make_record):
    publish(make_record, external_id="g1", headline="Gündemde ılık hava", desk="gundem")
    parsed = read_feed(client, "/rss/dunya/")
    assert parsed.feed.title == "Manşet — Dünya"
    assert parsed.feed.link == "http://testserver/dunya/"
    assert [entry.title for entry in parsed.entries] == ["24 yıl sonra ilk: Putin, Kuzey Kore’de"]
    assert [entry.title for entry in read_feed(client, "/rss/gundem/").entries] == [
        "Gündemde ılık hava"
    ]


def test_the_tag_feed_lists_only_articles_with_that_tag(client, article, make_record):
    publish(make_record, external_id="i1", headline="İzmir’de fuar", tags=("İzmir",))
    parsed = read_feed(client, "/etiket/izmir/rss/")
    assert parsed.feed.title == "Manşet — İzmir"
    assert parsed.feed.link == "http://testserver/etiket/izmir/"
    assert [entry.title for entry in parsed.entries] == ["İzmir’de fuar"]
    titles = [entry.title for entry in read_feed(client, "/etiket/kuzey-kore/rss/").entries]
    assert titles == ["24 yıl sonra ilk: Putin, Kuzey Kore’de"]


def test_a_feed_for_an_unknown_desk_is_a_404(client, article):
    assert client.get("/rss/ekonomi/").status_code == 404


def test_a_feed_for_an_unknown_tag_is_a_404(client, article):
    assert client.get("/etiket/boyle-bir-etiket-yok/rss/").status_code == 404


@pytest.mark.parametrize("url", ["/rss/", "/rss/dunya/", "/etiket/kuzey-kore/rss/"])
def test_feeds_may_be_kept_by_shared_caches(client, article, url):
    assert client.get(url)["Cache-Control"] == CACHE_CONTROL


@pytest.mark.parametrize("url", ["/rss/", "/rss/dunya/", "/etiket/kuzey-kore/rss/"])
def test_control_characters_in_stored_text_leave_the_feed_valid(client, desks, make_record, url):
    """XML cannot carry them; text typed in the admin or sent by an agency may (a 500 once)."""
    publish(
        make_record,
        headline="Zirve\x0b başladı",
        lead="Spot\x08 metni\x1f.",
        tags=("Kuzey Kore", "Bozuk\x0cetiket"),
        authors=("Ayşe\x01 Kaya",),
    )
    entry = read_feed(client, url).entries[0]
    assert entry.title == "Zirve başladı" and entry.summary == "Spot metni."
    assert entry.author == "Ayşe Kaya" and "Bozuketiket" in {t.term for t in entry.tags}
