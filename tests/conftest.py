import pytest


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (the test Redis database, when configured)."""
    from django.core.cache import cache

    from manset.core import generation
    from manset.core.redis import breaker_reset

    breaker_reset()
    cache.clear()
    generation.forget()  # this process's memos belong to the cache just emptied


@pytest.fixture
def redis_down():
    """Production's Redis settings (cache, counters, page cache, memos), pointed at a
    closed loopback port: every connection is refused at once."""
    from django.core.cache import caches
    from django.test import override_settings

    from manset.core import generation, ratelimit

    down = "redis://127.0.0.1:1/0"
    ratelimit.forget_outage_counts()
    broken = {
        "default": {
            "BACKEND": "manset.core.cache.RedisCache",
            "LOCATION": down,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(
        CACHES=broken, MANSET_REDIS_URL=down, MANSET_PAGE_CACHE=True, MANSET_PROCESS_MEMO=True
    ):
        yield
        caches["default"].close()
    generation.forget()


@pytest.fixture
def local_reads():
    """Reads counted in this process (a live server's thread shares it), from none."""
    from django.test import override_settings

    from manset.newsroom.reads import read_counter

    with override_settings(MANSET_REDIS_URL=""):
        read_counter().__init__()
        yield
        read_counter().__init__()


@pytest.fixture
def wagtail_base(db):
    """Wagtail's migration-made rows (locale, root page, root collection).

    A transactional test empties every table when it ends; the tests after it
    get these back here.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def home(wagtail_base):
    from manset.demo.site import home_ensure

    return home_ensure()


@pytest.fixture
def all_desks(home):
    """Every desk the synthetic articles go to (manset.demo.synthetic.DESKS)."""
    from manset.demo.site import desk_ensure
    from manset.demo.synthetic import DESKS

    return {
        slug: desk_ensure(home=home, slug=slug, name=slug.title(), credit="SERVİS")
        for slug in DESKS
    }


@pytest.fixture
def desks(home):
    from manset.demo.site import desk_ensure

    return {
        "gundem": desk_ensure(home=home, slug="gundem", name="Gündem", credit="GÜNDEM SERVİSİ"),
        "dunya": desk_ensure(home=home, slug="dunya", name="Dünya", credit="DIŞ HABERLER SERVİSİ"),
    }


@pytest.fixture
def make_record():
    """An article record with sensible defaults; keyword arguments override."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from manset.importers.records import ArticleRecord, BodyBlock

    two_hours_ago = datetime.now(ZoneInfo("Europe/Istanbul")).replace(microsecond=0) - timedelta(
        hours=2
    )

    def make(**overrides):
        fields = {
            "external_id": "test-1",
            "headline": "24 yıl sonra ilk: Putin, Kuzey Kore’de",
            "lead": "Rusya Devlet Başkanı Putin, Pyongyang'a vardı.",
            "desk": "dunya",
            "body": (
                BodyBlock("paragraph", "Putin, havaalanında karşılandı."),
                BodyBlock("subheading", "KİM: İLİŞKİLERİMİZ GÜÇLENECEK"),
                BodyBlock("quote", "Dostluğumuz sarsılmaz.", "Kim Jong Un"),
            ),
            "tags": ("Kuzey Kore", "Vladimir Putin"),
            "authors": (),
            "agency": "AA",
            "dateline": "Pyongyang",
            "published_at": two_hours_ago,
            "breaking": False,
        }
        fields.update(overrides)
        return ArticleRecord(**fields)

    return make


@pytest.fixture
def article(desks, make_record):
    from manset.newsroom.services import article_upsert

    return article_upsert(record=make_record()).article


@pytest.fixture
def make_comment():
    """A comment saved straight to the database (published unless told otherwise)."""
    from manset.comments.models import Comment

    def make(article, **fields):
        values = {
            "name": "Okur",
            "email": "okur@example.com",
            "text": "Bir yorum.",
            "status": Comment.Status.PUBLISHED,
        }
        values.update(fields)
        return Comment.objects.create(article=article, **values)

    return make
