"""The publication index filled for the articles already published: one INSERT … SELECT a
table (the month counts summed from the day counts), so a million articles take a few
minutes, not an ORM loop's hours. What `publication_sync.publications_rebuild` does at
this point, copied (a migration keeps its own SQL: the code moves on, the schema it runs
against does not)."""

from django.db import migrations

STEPLEN = 4  # Wagtail's tree path: four characters a level
DAYS = (  # (kind, table, list column)
    ("all", "newsroom_publication", None),
    ("desk", "newsroom_publication", "desk_id"),
    ("tag", "newsroom_publicationtag", "tag_id"),
    ("author", "newsroom_publicationauthor", "author_id"),
)


def fill(apps, schema_editor):
    connection = schema_editor.connection
    day_sql, day_params = connection.ops.datetime_cast_date_sql(
        "x.published_at", (), "Europe/Istanbul"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO newsroom_publication "  # noqa: S608  (no input in this SQL)
            "(article_id, desk_id, published_at, breaking, pictured, embargo_until) "
            "SELECT p.id, d.id, p.first_published_at, a.breaking, "
            "a.main_image_id IS NOT NULL, a.embargo_until "
            "FROM wagtailcore_page p JOIN newsroom_articlepage a ON a.page_ptr_id = p.id "
            f"JOIN wagtailcore_page d ON d.path = SUBSTR(p.path, 1, LENGTH(p.path) - {STEPLEN}) "
            "WHERE p.live = %s AND p.first_published_at IS NOT NULL",
            [True],
        )
        cursor.execute(
            "INSERT INTO newsroom_publicationtag (tag_id, article_id, published_at) "
            "SELECT l.tag_id, x.article_id, x.published_at FROM newsroom_publication x "
            "JOIN newsroom_articletag l ON l.content_object_id = x.article_id"
        )
        cursor.execute(
            "INSERT INTO newsroom_publicationauthor (author_id, article_id, published_at) "
            "SELECT l.author_id, x.article_id, x.published_at FROM newsroom_publication x "
            "JOIN newsroom_articlepage_authors l ON l.articlepage_id = x.article_id"
        )
        for kind, table, column in DAYS:
            cursor.execute(
                "INSERT INTO newsroom_publicationday (kind, scope_id, day, articles) "  # noqa: S608
                "SELECT %s, s.scope_id, s.day, COUNT(*) FROM "
                f"(SELECT {f'x.{column}' if column else '0'} AS scope_id, {day_sql} AS day "
                f"FROM {table} x) s GROUP BY s.scope_id, s.day",
                [kind, *day_params],
            )
        month_sql, month_params = connection.ops.date_trunc_sql("month", "day", ())
        cursor.execute(
            "INSERT INTO newsroom_publicationmonth (kind, scope_id, month, articles) "  # noqa: S608
            "SELECT s.kind, s.scope_id, s.month, SUM(s.articles) FROM "
            f"(SELECT kind, scope_id, {month_sql} AS month, articles "
            "FROM newsroom_publicationday) s GROUP BY s.kind, s.scope_id, s.month",
            list(month_params),
        )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0007_publication_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
