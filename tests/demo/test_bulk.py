"""The bulk loader writes whole batches, by COPY on PostgreSQL the same rows as by executemany."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction  # noqa: F401  (read by skipif)
from django.utils import timezone
from wagtail.models import Page

from manset.demo import bulk
from manset.demo.bulk import BulkWriter
from manset.newsroom.models import ArticlePage, ArticleTag, DeskPage
from manset.newsroom.services import article_upsert
from manset.search import search

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="COPY is PostgreSQL's"
)
# Random by design: Wagtail's translation key and each StreamField block's id.
RANDOM_COLUMNS = {"id", "page_ptr_id", "translation_key", "body"}


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 40)


def load(count: int, *, copy: bool | None = None, start: int = 0, now=None) -> int:
    writer = BulkWriter(now=now or timezone.now())
    if copy is not None:
        writer.constants = dataclasses.replace(writer.constants, copy=copy)
    return writer.write_synthetic(count, seed=7, start_index=start, progress=lambda n: None)


def synthetic_rows() -> list[dict]:
    """Every stored value of the synthetic articles but the random ones, in tree order."""
    columns = [
        field.attname
        for field in ArticlePage._meta.concrete_fields
        if field.attname not in RANDOM_COLUMNS
    ]
    articles = ArticlePage.objects.filter(external_id__startswith="synthetic-").order_by("path")
    tags = {}
    for page_id, name in ArticleTag.objects.values_list("content_object_id", "tag__name"):
        tags.setdefault(page_id, set()).add(name)
    rows = []
    for row, (page_id, body, authors) in zip(
        articles.values(*columns),
        articles.values_list("id", "body", "authors__name"),
        strict=True,
    ):
        row["body"] = [{"type": b["type"], "value": b["value"]} for b in body.raw_data]
        row["tags"], row["authors"] = tags.get(page_id), authors
        rows.append(row)
    return rows


def assert_tree_sound():
    problems = DeskPage.find_problems()
    assert all(not ids for ids in problems), problems
    for desk in DeskPage.objects.all():
        assert desk.numchild == desk.get_children().count()


@postgres_only
def test_copy_writes_the_same_articles_as_executemany(all_desks, small_batches):
    now = timezone.now()
    with transaction.atomic():
        assert load(100, copy=True, now=now) == 100
        copied = synthetic_rows()
        assert_tree_sound()
        transaction.set_rollback(True)
    assert load(100, copy=False, now=now) == 100
    inserted = synthetic_rows()
    assert len(copied) == 100 and copied == inserted
    desk_paths = {desk.path: desk.url_path for desk in all_desks.values()}
    for row in copied:
        assert row["url_path"] == f"{desk_paths[row['path'][:-4]]}{row['slug']}/"
        assert row["live"] and row["body"] and row["first_published_at"] <= now


@postgres_only
def test_pages_made_after_a_copy_load_get_fresh_ids(all_desks, make_record):
    load(30)
    newest = max(ArticlePage.objects.values_list("id", flat=True))
    article = article_upsert(record=make_record(external_id="after-the-load")).article
    assert article.id > newest


def test_an_interrupted_load_leaves_whole_batches(all_desks, small_batches, monkeypatch):
    writer = BulkWriter(now=timezone.now())
    batches = []

    def fail_on_the_third(original):
        def write(rows):
            batches.append(rows)
            if len(batches) == 3:
                raise RuntimeError("disk full")
            original(rows)

        return write

    method = "copy" if writer.constants.copy else "insert"
    monkeypatch.setattr(
        writer.articles, method, fail_on_the_third(getattr(writer.articles, method))
    )
    with pytest.raises(RuntimeError, match="disk full"):
        writer.write_synthetic(200, seed=7, start_index=0, progress=lambda n: None)
    assert ArticlePage.objects.count() == 80
    article_pages = Page.objects.filter(depth=4)  # root, home, desk, article
    assert article_pages.count() == 80
    assert_tree_sound()
    assert load(200) == 120, "a second run adds only what is missing"
    assert ArticlePage.objects.count() == 200
    assert_tree_sound()


def test_generated_articles_are_found_once_the_search_index_is_rebuilt(all_desks):
    load(40)
    call_command("search", "reindex", stdout=StringIO())
    for article in ArticlePage.objects.order_by("path")[:3]:
        hits = search(article.title, per_page=50).hits
        assert article.id in {hit.page_id for hit in hits}


def test_a_big_archive_spans_the_years_a_portal_takes_to_write_it(all_desks):
    """400 stories a day: a year for up to 146,000 articles, about seven for a million,
    so a month of the sitemaps holds what a real archive's month does."""
    now = timezone.now()
    writer = BulkWriter(now=now)
    writer.write_synthetic(20, seed=3, start_index=0, progress=lambda n: None)
    # The last 20 of a million: spread as the million are, over 2,500 days.
    writer.write_synthetic(20, seed=3, start_index=999_980, progress=lambda n: None)
    ages = {
        external_id.rsplit("-", 1)[-1]: (now - published_at).days
        for external_id, published_at in ArticlePage.objects.values_list(
            "external_id", "first_published_at"
        )
    }
    small = [age for number, age in ages.items() if int(number) < 20]
    big = [age for number, age in ages.items() if int(number) >= 999_980]
    assert len(small) == len(big) == 20
    assert max(small) <= 365 and max(big) <= 2500
    assert max(big) > 365  # 20 draws all within the first year of 2,500 days: ~1e-17
