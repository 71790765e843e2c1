"""Tag, author and date-archive pages list published articles; bad input never gives a 500."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db
ISTANBUL = ZoneInfo("Europe/Istanbul")


def test_a_tag_page_lists_its_articles_with_turkish_slug(client, article):
    response = client.get("/etiket/kuzey-kore/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kuzey Kore</h1>" in html and "Kuzey Kore’de" in html


def test_an_unknown_tag_is_a_turkish_404(client, home):
    response = client.get("/etiket/yok-boyle-bir-etiket/")
    assert response.status_code == 404
    assert "Aradığınız sayfa bulunamadı" in response.content.decode()


def test_an_author_page_shows_the_bio_and_articles(client, desks, make_record):
    page = article_upsert(record=make_record(authors=("İlker Işık",))).article
    from manset.newsroom.models import Author

    Author.objects.filter(slug="ilker-isik").update(bio="Dış haberler muhabiri.")
    html = client.get("/yazar/ilker-isik/").content.decode()
    assert "İlker Işık" in html and "Dış haberler muhabiri." in html and page.title in html
    article_html = client.get(page.url).content.decode()
    assert 'href="/yazar/ilker-isik/"' in article_html


def test_the_day_archive_lists_that_istanbul_day(client, desks, make_record):
    late = datetime(2024, 6, 19, 23, 30, tzinfo=ISTANBUL)  # 20:30 UTC, still the 19th here
    article_upsert(
        record=make_record(external_id="late", headline="Gece yarısı", published_at=late)
    )
    article_upsert(
        record=make_record(
            external_id="next",
            headline="Ertesi gün",
            published_at=datetime(2024, 6, 20, 0, 30, tzinfo=ISTANBUL),
        )
    )
    html = client.get("/arsiv/2024/6/19/").content.decode()
    assert "19 Haziran 2024" in html and "Gece yarısı" in html and "Ertesi gün" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/arsiv/2024/2/30/",
        "/arsiv/2024/13/1/",
        "/arsiv/0/1/1/",
        "/arsiv/99999/1/1/",
        "/arsiv/99999999999/1/1/",  # beyond a C int: OverflowError, not ValueError
        "/arsiv/1/1/1/",  # the day before is outside the calendar
        "/arsiv/9999/12/31/",  # and so is the day after
        "/arsiv/2024/99999999999999999999/1/",
    ],
)
def test_an_impossible_date_is_a_404(client, home, url):
    assert client.get(url).status_code == 404


def test_the_archive_answers_up_to_the_ends_of_its_years(client, home):
    assert client.get("/arsiv/2/1/1/").status_code == 200
    assert client.get("/arsiv/9998/12/31/").status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "2", "99", "99999", "1e9", "%00"])
def test_a_page_number_that_is_not_a_page_is_a_404_not_page_one(client, listings, page):
    """One article makes one page: `?sayfa=99` must not serve page 1 under another address."""
    for url in listings:
        assert client.get(url).status_code == 200, url
        assert client.get(f"{url}?sayfa={page}").status_code == 404, url


def test_the_first_page_answers_with_or_without_its_number(client, listings):
    for url in listings:
        assert client.get(f"{url}?sayfa=1").status_code == 200, url
        assert client.get(f"{url}?sayfa=").status_code == 200, url


@pytest.fixture
def listings(desks, make_record):
    """The paged listings of one article: desk, tag, author, day archive."""
    published = datetime(2024, 6, 19, 10, 15, tzinfo=ISTANBUL)
    article_upsert(record=make_record(authors=("İlker Işık",), published_at=published))
    return ["/dunya/", "/etiket/kuzey-kore/", "/yazar/ilker-isik/", "/arsiv/2024/6/19/"]


def _queries_for(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manset.core import generation

    cache.clear()
    generation.forget()
    client.get(url)  # image renditions are made once, on the first view
    cache.clear()
    generation.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/dunya/", "/etiket/kuzey-kore/", "/arsiv/2024/6/19/", "/", "ARTICLE"]
)
def test_cards_cost_no_query_each(client, desks, make_record, url):
    """Cards load only their columns, and nothing they show is fetched card by card."""
    made = []

    def add(n):
        for i in range(len(made), len(made) + n):
            record = make_record(
                external_id=f"kart-{i}",
                headline=f"Kuzey Kore haberi {i}",
                published_at=datetime(2024, 6, 19, 10, i, tzinfo=ISTANBUL),
            )
            made.append(article_upsert(record=record).article)

    add(2)
    target = made[0].url if url == "ARTICLE" else url
    few = _queries_for(client, target)
    add(4)
    assert _queries_for(client, target) == few
