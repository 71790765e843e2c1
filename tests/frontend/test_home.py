"""The home page: an editorial lead, a one-line Son Dakika that empties itself, each story
once, feeds a reader (or a feed reader) can find; listings that end where they end."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from manset.newsroom.models import FrontPageSlot
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

LEAD = re.compile(r'<article class="card card--lead([^"]*)">.*?<a href="([^"]+)"', re.S)


@pytest.fixture
def new_picture():
    """new_picture() → a NewsImage of its own (its renditions are its own too)."""
    import io

    from django.core.files.images import ImageFile

    from manset.demo.images import draw_illustration
    from manset.newsroom.images import NewsImage

    def new_picture():
        key = f"ev{NewsImage.objects.count()}"
        image = NewsImage(title="Pyongyang’da tören", credit="Fotoğraf: AA")
        image.file = ImageFile(io.BytesIO(draw_illustration(key, "dunya")), name=f"{key}.jpg")
        image.save()
        return image

    return new_picture


@pytest.fixture
def picture(new_picture):
    return new_picture()


@pytest.fixture
def publish(desks, make_record):
    """publish("Başlık", minutes_ago=10, picture=image, breaking=True) → the live article."""
    made = []

    def publish(headline, *, minutes_ago=10, picture=None, breaking=False, desk="dunya"):
        record = make_record(
            external_id=f"ev-{len(made)}",
            headline=headline,
            desk=desk,
            breaking=breaking,
            published_at=timezone.now().replace(microsecond=0) - timedelta(minutes=minutes_ago),
        )
        made.append(article_upsert(record=record, main_image=picture).article)
        return made[-1]

    return publish


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _lead(html: str) -> tuple[str, str]:
    """The lead card's extra classes and its link."""
    found = LEAD.search(html)
    assert found, "the home page has no lead"
    return found.group(1), found.group(2)


def _breaking_box(html: str) -> str:
    found = re.search(r'<section class="breaking".*?</section>', html, re.S)
    return found.group(0) if found else ""


def _slot(home, article, *, order=0, pinned_for=None):
    until = timezone.now() + pinned_for if pinned_for else None
    return FrontPageSlot.objects.create(
        home=home, article=article, sort_order=order, pinned_until=until
    )


def test_a_newer_story_without_a_picture_does_not_take_the_lead(client, publish, picture):
    story = publish("Kuzey Kore’de resmi tören", minutes_ago=90, picture=picture)
    routine = publish("Borsa güne yatay başladı", minutes_ago=2)
    html = _home(client)
    classes, link = _lead(html)
    assert link == story.url and "card--text" not in classes
    assert routine.url in html  # still on the page, lower down


def test_a_breaking_story_with_a_picture_leads_over_a_newer_ordinary_one(client, publish, picture):
    breaking = publish("Marmara’da 4,3 büyüklüğünde deprem", minutes_ago=40, picture=picture)
    breaking.breaking = True
    breaking.save_revision().publish()
    publish("Altın fiyatları güne yükselişle başladı", minutes_ago=5, picture=picture)
    classes, link = _lead(_home(client))
    assert link == breaking.url and "card--breaking" in classes


def test_a_pinned_manset_slot_leads(client, home, publish, picture):
    chosen = publish("Yazı İşleri’nin seçtiği haber", minutes_ago=300)
    publish("Son dakika: deprem", minutes_ago=5, picture=picture, breaking=True)
    _slot(home, chosen, pinned_for=timedelta(hours=3))
    assert _lead(_home(client))[1] == chosen.url


def test_a_slot_whose_pin_ran_out_no_longer_leads(client, home, publish, picture):
    old = publish("Dünün manşeti", minutes_ago=600, picture=picture)
    fresh = publish("Bugünün haberi", minutes_ago=30, picture=picture)
    _slot(home, old, pinned_for=timedelta(hours=-1))
    assert _lead(_home(client))[1] == fresh.url


def test_a_lead_without_a_picture_gets_the_text_layout(client, publish):
    only = publish("Merkez Bankası faizi sabit tuttu", minutes_ago=15)
    html = _home(client)
    classes, link = _lead(html)
    assert link == only.url and "card--text" in classes
    assert 'class="manset manset--text"' in html
    assert '<div class="card-media">' not in html.split('class="manset')[1].split("</article>")[0]


def test_no_story_appears_twice_on_the_home_page(client, home, publish, picture, local_reads):
    from manset.newsroom.reads import read_record

    stories = []
    for n in range(30):
        stories.append(
            publish(
                f"Haber {n}",
                minutes_ago=5 + n * 7,
                picture=picture if n % 3 else None,
                breaking=n in (0, 4, 9),
                desk="gundem" if n % 2 else "dunya",
            )
        )
    _slot(home, stories[6], pinned_for=timedelta(hours=2))
    _slot(home, stories[9], order=1)
    for article in [*stories[:3], *stories[-3:]]:  # some read stories are also the newest
        read_record(article_id=article.id, ip="203.0.113.9")
    html = _home(client)
    hrefs = Counter(re.findall(r'href="([^"]+)"', html))
    on_page = {article.url: hrefs[article.url] for article in stories}
    assert sum(on_page.values()) >= 25, on_page  # every section filled …
    assert max(on_page.values()) == 1, on_page  # … and no story twice
    assert "En çok okunanlar" in html and "Son Dakika" in _breaking_box(html)


def test_breaking_items_leave_son_dakika_after_the_window_unless_pinned(
    client, home, publish, picture
):
    fresh = publish("Son dakika: İzmir’de orman yangını", minutes_ago=30, breaking=True)
    stale = publish("Son dakika: Ankara’da patlama sesi", minutes_ago=180, breaking=True)
    pinned = publish("Son dakika: seçim sonuçları", minutes_ago=200, breaking=True)
    for n in range(5):  # the manşet is full, so the pinned story shows in the box
        _slot(home, publish(f"Manşet {n}", minutes_ago=60, picture=picture), order=n)
    _slot(home, pinned, order=5, pinned_for=timedelta(hours=1))
    box = _breaking_box(_home(client))
    assert fresh.title in box and pinned.title in box
    assert stale.title not in box
    # times shown ("18.06 23:40" for a story of yesterday, as it is just after midnight)
    assert re.search(r"<time datetime=\"[^\"]+\">(\d\d\.\d\d )?\d\d:\d\d</time> <a", box)
    with override_settings(MANSET_BREAKING_HOURS=4, MANSET_PAGE_CACHE=False):
        assert stale.title in _breaking_box(_home(client))


def test_a_story_past_the_window_loses_its_son_dakika_flag(client, publish, picture):
    old = publish("Dünkü deprem", minutes_ago=24 * 60, breaking=True, picture=picture)
    html = _home(client)
    assert old.url in html
    assert "card--breaking" not in html and 'class="flash"' not in html
    assert 'class="flash"' not in client.get("/dunya/").content.decode()


def test_the_home_page_costs_the_same_queries_with_more_picture_cards(client, publish, new_picture):
    """Cards, with pictures of their own, cost no query each (renditions come at once)."""
    from tests.frontend.test_listings import _queries_for

    for n in range(2):
        publish(f"Resimli haber {n}", minutes_ago=10 + n, picture=new_picture(), desk="gundem")
    few = _queries_for(client, "/")
    for n in range(2, 10):
        publish(f"Resimli haber {n}", minutes_ago=10 + n, picture=new_picture(), desk="gundem")
        publish(f"Dünya haberi {n}", minutes_ago=10 + n, picture=new_picture())
    assert _queries_for(client, "/") == few


@pytest.mark.parametrize(
    "url, feed",
    [
        ("/", "/rss/"),
        ("/dunya/", "/rss/dunya/"),
        ("/etiket/kuzey-kore/", "/etiket/kuzey-kore/rss/"),
        ("/yazar/ilker-isik/", "/yazar/ilker-isik/rss/"),
    ],
)
def test_pages_name_their_feed_and_the_feed_answers(client, desks, make_record, url, feed):
    article_upsert(record=make_record(authors=("İlker Işık",)))
    html = client.get(url).content.decode()
    head = html.split("</head>")[0]
    link = rf'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="{feed}">'
    assert re.search(link, head), head
    response = client.get(feed)
    assert response.status_code == 200 and b"<rss" in response.content
    assert b"Kuzey Kore" in response.content


def test_the_footer_links_the_feeds_and_the_standing_pages(client, article):
    footer = _home(client).split('<footer class="footer">')[1]
    today = timezone.localdate()
    for href in (
        "/rss/",
        "/rss/dunya/",
        "/kvkk/",
        "/arama/",
        f"/arsiv/{today.year}/{today.month}/{today.day}/",
    ):
        assert f'href="{href}"' in footer, href
        assert client.get(href).status_code == 200, href


def test_a_desk_page_past_its_last_page_is_a_404(client, publish):
    for n in range(21):  # 20 a page: two pages
        publish(f"Dünya haberi {n}", minutes_ago=10 + n)
    assert client.get("/dunya/?sayfa=2").status_code == 200
    assert client.get("/dunya/?sayfa=3").status_code == 404
    assert client.get("/dunya/?sayfa=99").status_code == 404


def test_the_archive_of_today_offers_no_next_day(client, home):
    today = timezone.localdate()
    html = client.get(f"/arsiv/{today.year}/{today.month}/{today.day}/").content.decode()
    assert "Önceki gün" in html and "Sonraki gün" not in html
    future = today + timedelta(days=3)
    html = client.get(f"/arsiv/{future.year}/{future.month}/{future.day}/").content.decode()
    assert "Sonraki gün" not in html
    past = today - timedelta(days=3)
    html = client.get(f"/arsiv/{past.year}/{past.month}/{past.day}/").content.decode()
    assert "Sonraki gün" in html


def test_a_search_page_past_the_last_is_a_404(client, publish):
    publish("Deprem tatbikatı yapıldı")
    assert client.get("/arama/", {"q": "deprem"}).status_code == 200
    assert client.get("/arama/", {"q": "deprem", "sayfa": "5"}).status_code == 404
