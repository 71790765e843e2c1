"""Articles are created, updated and published from records, idempotently."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from manset.importers.records import BodyBlock
from manset.newsroom.models import ArticlePage
from manset.newsroom.services import ArticleInputError, article_to_record, article_upsert

pytestmark = pytest.mark.django_db


def test_a_new_record_becomes_a_live_article_with_a_turkish_slug(desks, make_record):
    result = article_upsert(record=make_record())
    article = ArticlePage.objects.get(id=result.article.id)
    assert result.verdict == "created" and result.published
    assert article.live and article.get_parent().slug == "dunya"
    assert article.slug == "24-yil-sonra-ilk-putin-kuzey-korede"
    assert article.url_path.endswith("/dunya/24-yil-sonra-ilk-putin-kuzey-korede/")
    assert article.attribution == "Kaynak: AA"
    assert sorted(t.name for t in article.tags.all()) == ["Kuzey Kore", "Vladimir Putin"]


def test_the_published_time_is_kept_not_replaced_by_import_time(desks, make_record):
    when = datetime(2024, 6, 19, 10, 15, tzinfo=ZoneInfo("Europe/Istanbul"))
    article = article_upsert(record=make_record(published_at=when)).article
    article.refresh_from_db()
    assert article.first_published_at == when
    assert article.last_published_at == when


def test_the_same_record_twice_changes_nothing(desks, make_record):
    first = article_upsert(record=make_record())
    revisions = first.article.revisions.count()
    second = article_upsert(record=make_record())
    assert second.verdict == "unchanged"
    assert ArticlePage.objects.count() == 1
    assert second.article.revisions.count() == revisions


def test_a_changed_record_updates_the_same_article(desks, make_record):
    first = article_upsert(record=make_record())
    second = article_upsert(
        record=make_record(headline="Putin Pyongyang’dan ayrıldı", desk="gundem")
    )
    assert second.verdict == "updated"
    assert ArticlePage.objects.count() == 1
    article = ArticlePage.objects.get(id=first.article.id)
    assert article.title == "Putin Pyongyang’dan ayrıldı"
    assert article.get_parent().slug == "gundem"


def test_a_future_time_schedules_instead_of_publishing(desks, make_record):
    later = timezone.now() + timedelta(days=1)
    result = article_upsert(record=make_record(published_at=later))
    article = ArticlePage.objects.get(id=result.article.id)
    assert not result.published and not article.live
    assert article.scheduled_revision is not None


def test_no_time_keeps_a_draft(desks, make_record):
    result = article_upsert(record=make_record(published_at=None))
    assert not result.published
    assert not ArticlePage.objects.get(id=result.article.id).live


def test_an_unknown_desk_is_refused_with_the_known_ones(desks, make_record):
    with pytest.raises(ArticleInputError, match="unknown desk 'spor'.*dunya"):
        article_upsert(record=make_record(desk="spor"))
    assert not ArticlePage.objects.exists()


def test_an_unknown_agency_is_refused(desks, make_record):
    with pytest.raises(ArticleInputError, match="unknown agency"):
        article_upsert(record=make_record(agency="TASS"))


def test_agency_short_names_are_understood(desks, make_record):
    article = article_upsert(record=make_record(agency="İHA")).article
    assert article.source_agency == "IHA"


def test_authors_are_created_once_by_name(desks, make_record):
    article_upsert(record=make_record(authors=("İlker Işık",)))
    article_upsert(record=make_record(external_id="test-2", authors=("İlker Işık",)))
    article = ArticlePage.objects.get(external_id="test-2")
    assert [a.slug for a in article.authors.all()] == ["ilker-isik"]


def test_export_gives_back_what_was_imported(desks, make_record):
    record = make_record(authors=("Ayşe Kaya",), body=(BodyBlock("paragraph", "A & B <C>"),))
    article = article_upsert(record=record).article
    exported = article_to_record(ArticlePage.objects.get(id=article.id))
    assert (
        exported.as_json()
        == replace(
            record, published_at=record.published_at.astimezone(ZoneInfo("Europe/Istanbul"))
        ).as_json()
    )


def test_the_migration_makes_old_headlines_typographic(desks, make_record):
    import importlib

    from django.apps import apps
    from wagtail.models import Page

    article = article_upsert(record=make_record(headline="Kore’de seçim")).article
    Page.objects.filter(id=article.id).update(
        title="Kore'de seçim", draft_title="Kore'de seçim", seo_title="ABD`nin 'son' sözü"
    )
    migration = importlib.import_module("manset.newsroom.migrations.0006_typographic_headlines")
    migration.typographic_headlines(apps, None)
    article.refresh_from_db()
    assert (article.title, article.draft_title) == ("Kore’de seçim", "Kore’de seçim")
    assert article.seo_title == "ABD’nin ‘son’ sözü"
    assert article.slug == "korede-secim"
