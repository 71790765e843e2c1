"""The publication index's foreign keys and indexes, added once 0008 has filled it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0008_fill_publication_index"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="publication",
            name="article",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.DO_NOTHING,
                primary_key=True,
                related_name="+",
                serialize=False,
                to="newsroom.articlepage",
            ),
        ),
        migrations.AlterField(
            model_name="publication",
            name="desk",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="publicationauthor",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="newsroom.articlepage",
            ),
        ),
        migrations.AlterField(
            model_name="publicationauthor",
            name="author",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="newsroom.author",
            ),
        ),
        migrations.AlterField(
            model_name="publicationtag",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="newsroom.articlepage",
            ),
        ),
        migrations.AlterField(
            model_name="publicationtag",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="newsroom.tag",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                fields=["desk", "published_at", "article"], name="publication_desk_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["published_at", "article"], name="publication_time_idx"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("embargo_until__isnull", False)),
                fields=["embargo_until"],
                name="publication_embargo_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("breaking", True)),
                fields=["published_at", "article"],
                name="publication_breaking_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("pictured", True)),
                fields=["published_at", "article"],
                name="publication_pictured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("breaking", True), ("pictured", True)),
                fields=["published_at", "article"],
                name="publication_flash_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="publicationauthor",
            index=models.Index(
                fields=["author", "published_at", "article"], name="publication_author_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="publicationtag",
            index=models.Index(
                fields=["tag", "published_at", "article"], name="publication_tag_idx"
            ),
        ),
    ]
