"""The publication index follows every way an article changes what the lists show, and
holds exactly what a rebuild from the articles would (newsroom.publication_sync)."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from manset.newsroom.models import ArticlePage, Author, Tag
from manset.newsroom.publication_bulk import publications_rebuild
from manset.newsroom.publications import (
    Publication,
    PublicationAuthor,
    PublicationDay,
    PublicationMonth,
    PublicationTag,
)
from manset.newsroom.services import article_upsert
from manset.turkish import to_istanbul

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything the index holds, comparable."""
    return {
        "articles": set(
            Publication.objects.values_list(
                "article_id", "desk_id", "published_at", "breaking", "pictured", "embargo_until"
            )
        ),
        "tags": sorted(PublicationTag.objects.values_list("tag_id", "article_id", "published_at")),
        "authors": sorted(
            PublicationAuthor.objects.values_list("author_id", "article_id", "published_at")
        ),
        "days": set(PublicationDay.objects.values_list("kind", "scope_id", "day", "articles")),
        "months": set(
            PublicationMonth.objects.values_list("kind", "scope_id", "month", "articles")
        ),
    }


def assert_as_rebuilt() -> None:
    kept = snapshot()
    publications_rebuild()
    assert kept == snapshot()


def days(kind: str, scope_id: int = 0) -> dict:
    return dict(
        PublicationDay.objects.filter(kind=kind, scope_id=scope_id).values_list("day", "articles")
    )


@pytest.fixture
def publish(desks, make_record):
    def publish(number: int, **fields):
        return article_upsert(record=make_record(external_id=f"p-{number}", **fields)).article

    return publish


def test_a_published_article_is_indexed_with_its_desk_tags_authors_and_day(publish, desks):
    article = publish(1, authors=("İlker Işık",), breaking=True)
    row = Publication.objects.get(article_id=article.id)
    assert (row.desk_id, row.published_at, row.breaking, row.pictured) == (
        desks["dunya"].id,
        article.first_published_at,
        True,
        False,
    )
    tags = set(PublicationTag.objects.values_list("tag__name", flat=True))
    assert tags == {"Kuzey Kore", "Vladimir Putin"}
    author = Author.objects.get(slug="ilker-isik")
    assert list(PublicationAuthor.objects.values_list("author_id", flat=True)) == [author.id]
    day = to_istanbul(article.first_published_at).date()
    assert days("all") == {day: 1} and days("desk", desks["dunya"].id) == {day: 1}
    assert days("author", author.id) == {day: 1}
    assert_as_rebuilt()


def test_drafts_and_scheduled_articles_are_not_indexed(publish):
    publish(1, published_at=None)
    publish(2, published_at=timezone.now() + timedelta(days=1))
    assert not Publication.objects.exists() and not PublicationDay.objects.exists()
    assert_as_rebuilt()


def test_unpublishing_takes_the_article_and_its_counts_out(publish):
    kept, gone = publish(1), publish(2)
    gone.unpublish()
    assert list(Publication.objects.values_list("article_id", flat=True)) == [kept.id]
    assert sum(days("all").values()) == 1
    assert not PublicationTag.objects.filter(article_id=gone.id).exists()
    assert_as_rebuilt()


def test_a_moved_article_moves_to_its_new_desk_list(publish, desks):
    article = publish(1)
    article.move(desks["gundem"], pos="last-child")
    assert Publication.objects.get(article_id=article.id).desk_id == desks["gundem"].id
    assert not days("desk", desks["dunya"].id)
    assert sum(days("desk", desks["gundem"].id).values()) == 1
    assert_as_rebuilt()


def test_republishing_with_other_tags_authors_and_time_follows(publish):
    publish(1, tags=("Kuzey Kore",), authors=("Ayşe Yılmaz",))
    earlier = timezone.now().replace(microsecond=0) - timedelta(days=3)
    article = publish(1, tags=("Rusya", "Çin"), authors=("Mehmet Öz",), published_at=earlier)
    tags = set(PublicationTag.objects.values_list("tag__name", "published_at"))
    assert tags == {("Rusya", earlier), ("Çin", earlier)}
    assert list(PublicationAuthor.objects.values_list("author__name", flat=True)) == ["Mehmet Öz"]
    assert Publication.objects.get(article_id=article.id).published_at == earlier
    assert days("all") == {to_istanbul(earlier).date(): 1}
    old_tag = Tag.objects.get(name="Kuzey Kore")
    assert not days("tag", old_tag.id)
    assert_as_rebuilt()


def test_a_draft_saved_on_a_live_article_changes_nothing_until_published(publish):
    article = publish(1)
    before = snapshot()
    draft = ArticlePage.objects.get(id=article.id)
    draft.breaking = True
    draft.tags.set(["Taslak etiketi"])
    draft.save_revision()
    assert snapshot() == before
    draft.get_latest_revision().publish()
    assert Publication.objects.get(article_id=article.id).breaking
    assert set(PublicationTag.objects.values_list("tag__name", flat=True)) == {"Taslak etiketi"}
    assert_as_rebuilt()


def test_a_deleted_article_leaves_the_index(publish):
    kept, gone = publish(1), publish(2)
    gone.delete()
    assert list(Publication.objects.values_list("article_id", flat=True)) == [kept.id]
    assert sum(days("all").values()) == 1
    assert_as_rebuilt()


def test_a_deleted_desk_takes_its_articles_and_its_counts(publish, desks):
    publish(1, desk="gundem")
    publish(2, desk="dunya")
    desks["dunya"].delete()
    assert not days("desk", desks["dunya"].id)
    assert sum(days("all").values()) == 1
    assert_as_rebuilt()


def test_a_deleted_tag_or_author_drops_its_list(publish):
    publish(1, authors=("Ayşe Yılmaz",))
    tag = Tag.objects.get(name="Kuzey Kore")
    author = Author.objects.get(name="Ayşe Yılmaz")
    tag.delete()
    author.delete()
    assert not days("tag", tag.id) and not days("author", author.id)
    assert set(PublicationTag.objects.values_list("tag__name", flat=True)) == {"Vladimir Putin"}
    assert not PublicationAuthor.objects.exists()
    assert_as_rebuilt()


def test_a_deleted_picture_is_no_longer_a_picture_story(desks, make_record, picture):
    article = article_upsert(record=make_record(), main_image=picture).article
    assert Publication.objects.get(article_id=article.id).pictured
    picture.delete()
    assert not Publication.objects.get(article_id=article.id).pictured
    assert_as_rebuilt()


def test_the_bulk_generator_indexes_what_a_rebuild_would(home):
    call_command("demo", "--articles", "60", "--seed", "3", verbosity=0)
    assert Publication.objects.count() == ArticlePage.objects.live().count()
    assert_as_rebuilt()


def test_the_migration_fills_what_the_signals_made(publish):
    publish(1, authors=("Ayşe Yılmaz", "Mehmet Öz"))
    publish(2, desk="gundem", tags=("Ekonomi",), breaking=True)
    publish(3, published_at=timezone.now() - timedelta(days=40))
    made = snapshot()
    for model in (PublicationMonth, PublicationDay, PublicationTag, PublicationAuthor, Publication):
        model.objects.all().delete()
    fill = importlib.import_module("manset.newsroom.migrations.0008_fill_publication_index").fill
    fill(None, SimpleNamespace(connection=connection))  # all it reads of its schema editor
    assert snapshot() == made


@pytest.fixture
def picture():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image

    from manset.newsroom.images import NewsImage

    out = io.BytesIO()
    Image.new("RGB", (96, 54), (20, 40, 80)).save(out, format="JPEG")
    image = NewsImage(title="Resim")
    image.file = ImageFile(out, name="resim.jpg")
    image.save()
    return image


def test_the_rebuild_command_indexes_every_published_article(publish):
    from io import StringIO

    publish(1)
    publish(2, published_at=None)
    Publication.objects.all().delete()
    out = StringIO()
    call_command("publications", "rebuild", stdout=out)
    assert out.getvalue().startswith("indexed 1 published articles in ")
    assert Publication.objects.count() == 1


def test_authors_changed_from_the_authors_side_follow(publish):
    first, second = publish(1, authors=("Ayşe Yılmaz",)), publish(2)
    author = Author.objects.get(name="Ayşe Yılmaz")
    author.articles.add(second)
    assert set(PublicationAuthor.objects.values_list("article_id", flat=True)) == {
        first.id,
        second.id,
    }
    author.articles.remove(first)
    assert list(PublicationAuthor.objects.values_list("article_id", flat=True)) == [second.id]
    author.articles.clear()
    assert not PublicationAuthor.objects.exists() and not days("author", author.id)
    assert_as_rebuilt()
