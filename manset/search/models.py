"""The search index: one row per live article, plus the engine's own index.

The row keeps what results pages show and filter on. The analysed text lives in the
engine's structure beside it: an FTS5 table on SQLite (``search_fts``, rowid = page id) or
tsvector columns with GIN indexes on PostgreSQL (see the migrations and `engines`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    page = models.OneToOneField(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    headline = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)  # plain text, for snippets
    meta = models.TextField(blank=True)  # tags, desk, authors, agency
    # No indexes on the filter columns: filters are checked on the rows the text index found,
    # and every index is one more write per article when a million are reindexed.
    desk = models.ForeignKey(
        "newsroom.DeskPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    agency = models.CharField(max_length=10, blank=True)
    published_at = models.DateTimeField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("arama kaydı")
        verbose_name_plural = _("arama kayıtları")

    def __str__(self):
        return self.headline


class SearchTerm(models.Model):
    """How many indexed articles hold an exact term: "Bunu mu demek istediniz?" reads it."""

    term = models.CharField(max_length=100, primary_key=True)
    display = models.CharField(max_length=100)  # a Turkish spelling seen for it: görüşme
    docs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("arama terimi")
        verbose_name_plural = _("arama terimleri")

    def __str__(self):
        return self.display
