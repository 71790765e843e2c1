"""Headlines saved before apostrophes were made typographic on save get them now
("Kore'de" → "Kore’de"), so old and new articles read alike on every page, feed and card.
Slugs are unchanged (slugify drops the mark either way)."""

from django.db import migrations
from django.db.models import Q

from manset import turkish

FIELDS = ("title", "draft_title", "seo_title")
NEWSROOM_MODELS = ("homepage", "deskpage", "articlepage")
BATCH = 500


def typographic_headlines(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.filter(app_label="newsroom", model__in=NEWSROOM_MODELS)
    straight = Q()
    for field in FIELDS:
        for mark in ("'", "`"):
            straight |= Q(**{f"{field}__contains": mark})
    pages = Page.objects.filter(straight, content_type__in=types).only("id", *FIELDS)
    changed = []
    for page in pages.iterator(chunk_size=BATCH):
        for field in FIELDS:
            setattr(page, field, turkish.typographic_apostrophes(getattr(page, field)))
        changed.append(page)
        if len(changed) == BATCH:
            Page.objects.bulk_update(changed, FIELDS)
            changed = []
    if changed:
        Page.objects.bulk_update(changed, FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_authors_for_newsroom_users"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(typographic_headlines, migrations.RunPython.noop)]
