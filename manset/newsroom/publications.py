"""The publication index: what card lists read instead of Wagtail's page tables.

An article's publication time lives in wagtailcore_page, its desk is its tree path and its
embargo, picture and breaking flag are in the article's own table, so no index of those
tables serves "a desk's published articles, newest first": the database read every live
article to sort them, and the cost grew with the archive (issue 15). Here each published
article has one narrow row, and one for each of its tags and authors, indexed in the order
the lists read them; and each list keeps how many articles it has a day (`PublicationDay`),
and a month (`PublicationMonth`), which give its count and let a deep page start at its
day instead of counting every newer row. `publication_sync` keeps these rows in step
with the articles.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Rows of a deleted article (or desk) are removed by publication_sync when the article
# goes, together with its day counts, not by Django's cascade (which would take them
# before the counts could be told): hence DO_NOTHING, with the constraint still checked.


class Publication(models.Model):
    """A published (live, dated) article as the lists need it."""

    article = models.OneToOneField(
        "newsroom.ArticlePage", primary_key=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    # The article's parent page: a desk (ids stay when desks are reordered, paths do not).
    desk = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    published_at = models.DateTimeField()
    breaking = models.BooleanField()
    pictured = models.BooleanField()
    embargo_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("yayın kaydı")
        verbose_name_plural = _("yayın kayıtları")
        indexes = [
            models.Index(fields=["desk", "published_at", "article"], name="publication_desk_idx"),
            models.Index(fields=["published_at", "article"], name="publication_time_idx"),
            # Only the rare live article still under embargo has a value here.
            models.Index(
                fields=["embargo_until"],
                name="publication_embargo_idx",
                condition=Q(embargo_until__isnull=False),
            ),
            # The home page's windows (Son Dakika, the lead) read only their own kind, so
            # a burst of one kind never makes the other read past it.
            models.Index(
                fields=["published_at", "article"],
                name="publication_breaking_idx",
                condition=Q(breaking=True),
            ),
            models.Index(
                fields=["published_at", "article"],
                name="publication_pictured_idx",
                condition=Q(pictured=True),
            ),
            models.Index(
                fields=["published_at", "article"],
                name="publication_flash_idx",
                condition=Q(breaking=True, pictured=True),
            ),
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.published_at:%Y-%m-%d %H:%M}"


class PublicationTag(models.Model):
    """One tag of a published article, for the tag's list and related articles."""

    tag = models.ForeignKey(
        "newsroom.Tag", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.DO_NOTHING, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["tag", "published_at", "article"], name="publication_tag_idx")
        ]

    def __str__(self):
        return f"{self.article_id} #{self.tag_id}"


class PublicationAuthor(models.Model):
    """One author of a published article, for the author's list."""

    author = models.ForeignKey(
        "newsroom.Author", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.DO_NOTHING, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["author", "published_at", "article"], name="publication_author_idx"
            )
        ]

    def __str__(self):
        return f"{self.article_id} by {self.author_id}"


class PublicationDay(models.Model):
    """How many articles one list has from one day (Istanbul's): the list's kept count, by
    day, which is also the day archive's count."""

    class Kind(models.TextChoices):
        ALL = "all", _("tüm haberler")
        DESK = "desk", _("servis")
        TAG = "tag", _("etiket")
        AUTHOR = "author", _("yazar")

    kind = models.CharField(max_length=6, choices=Kind.choices)
    scope_id = models.BigIntegerField()  # the desk, tag or author; 0 for all articles
    day = models.DateField()
    articles = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id", "day"], name="publication_day_key")
        ]

    def __str__(self):
        return f"{self.kind}:{self.scope_id} {self.day}: {self.articles}"


class PublicationMonth(models.Model):
    """How many articles one list has from one month (Istanbul's; `month` is its first
    day): the day counts summed, so a count or a deep page reads twelve rows a year; and, for all
    articles, a month of the sitemaps (frontend.sitemap_queries)."""

    kind = models.CharField(max_length=6, choices=PublicationDay.Kind.choices)
    scope_id = models.BigIntegerField()
    month = models.DateField()
    articles = models.IntegerField()
    # All articles' rows only: the latest last publication among the month's articles,
    # the sitemap index's lastmod for the month (frontend.sitemap_queries).
    lastmod = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope_id", "month"], name="publication_month_key"
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.scope_id} {self.month:%Y-%m}: {self.articles}"
