"""The sitemap index's lastmod kept a month (PublicationMonth.lastmod), filled for the
months already there with the latest last publication among their articles, as the
index used to compute it on each request."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models import Max

ISTANBUL = ZoneInfo("Europe/Istanbul")


def fill(apps, schema_editor):
    month_model = apps.get_model("newsroom", "PublicationMonth")
    article_model = apps.get_model("newsroom", "ArticlePage")
    for row in month_model.objects.filter(kind="all", scope_id=0):
        start = datetime(row.month.year, row.month.month, 1, tzinfo=ISTANBUL)
        year, month = divmod(row.month.year * 12 + row.month.month, 12)
        end = datetime(year, month + 1, 1, tzinfo=ISTANBUL)
        latest = article_model.objects.filter(
            live=True, first_published_at__gte=start, first_published_at__lt=end
        ).aggregate(latest=Max("last_published_at"))["latest"]
        row.lastmod = latest
        row.save(update_fields=["lastmod"])


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0010_archive_indexes")]

    operations = [
        migrations.AddField(
            model_name="publicationmonth",
            name="lastmod",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
