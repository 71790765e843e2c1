"""Indexes that keep the sitemaps' reads from growing with the archive.

- `page_live_published_idx` on Wagtail's page table: live pages by first publication
  and id, carrying content type, last publication and URL path, so a month's
  articles are counted, and a page of a month's sitemap read newest first, from the
  index alone (manset.frontend.sitemap_queries): no table row is fetched and nothing
  sorted. PostgreSQL carries the three in INCLUDE; SQLite, which has no INCLUDE, as
  trailing key columns, with `live` too (SQLite does not see that the index's own
  condition holds for its rows, and would read the table for it). Wagtail owns the
  table, so the index is made here by SQL, not by a model's Meta.
- `article_embargo_idx`: only the articles that carry an embargo.
"""

from django.db import migrations, models

PAGE_INDEX = "page_live_published_idx"
KEYS = "first_published_at, id"
CARRIED = "content_type_id, last_published_at, url_path"


def create_page_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        columns = f"({KEYS}) INCLUDE ({CARRIED})"
    else:
        columns = f"({KEYS}, {CARRIED}, live)"
    schema_editor.execute(f"CREATE INDEX {PAGE_INDEX} ON wagtailcore_page {columns} WHERE live")


def drop_page_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {PAGE_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0009_publication_index_keys"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(
                condition=models.Q(("embargo_until__isnull", False)),
                fields=["embargo_until"],
                name="article_embargo_idx",
            ),
        ),
        migrations.RunPython(create_page_index, drop_page_index),
    ]
