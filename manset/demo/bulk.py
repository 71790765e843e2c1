"""Fast bulk insertion of synthetic articles for load tests (`manset demo --articles N`).

Wagtail's `add_child` and revisions cost milliseconds an article, and even the
ORM's `bulk_create` spends most of its time building model instances. Here
worker processes generate the text and the rows while the main process inserts
them (manset.demo.rows): PostgreSQL by `COPY`, with the rows already written out
in COPY's text format by the workers and the pages' ids drawn from their sequence
beforehand, so nothing is read back; SQLite by `executemany`. Tree paths are
computed the way treebeard does, and every column the code does not set gets its
field's default. Each batch is one transaction with every index and constraint in
place, so an interrupted run leaves whole batches only. Articles made this way are
live and have no revision yet; editing one in the admin creates the first.
"""

import dataclasses
import html
import json
import os
import uuid
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from wagtail.models import Locale, Page

from manset import turkish
from manset.demo.rows import RowInserter
from manset.newsroom.models import ArticlePage, ArticleTag, Author, DeskPage, Tag
from manset.newsroom.publication_bulk import publications_add
from manset.newsroom.publications import Publication, PublicationAuthor, PublicationTag

BATCH = 2000
STORIES_A_DAY = 400  # a national portal publishes 300–500 a day (issue 15)
# The columns set when an article is placed under its desk, first in a COPY line.
PAGE_PLACED = ("id", "path", "depth", "url_path")
ARTICLE_PLACED = ("page_ptr_id",)


@dataclass(frozen=True)
class Constants:
    """What every synthetic article shares, and the form its rows take."""

    now: datetime
    content_type_id: int
    locale_id: int
    copy: bool  # rows as COPY text (PostgreSQL), else as dicts for executemany
    native_uuid: bool
    days: float = 365  # the archive's span: publication times are spread over it


@dataclass
class PreparedArticle:
    """One article's rows, made in a worker; the tree position is set when written.

    `page_row` and `article_row` hold every column but the placed ones: a dict of
    values prepared for the database, or (when copying) their COPY text.
    """

    external_id: str
    desk: str
    slug: str
    tags: list[str]
    authors: list[str]
    page_row: dict | str
    article_row: dict | str


@cache
def _inserters() -> tuple[RowInserter, RowInserter, RowInserter, RowInserter]:
    """Page, article, tag link and author link inserters; the same in every process."""
    return (
        RowInserter(Page, first=PAGE_PLACED),
        RowInserter(ArticlePage, first=ARTICLE_PLACED),
        RowInserter(ArticleTag, first=("content_object_id", "tag_id")),
        RowInserter(ArticlePage.authors.through, first=("articlepage_id", "author_id")),
    )


class _Statistics:
    """PostgreSQL: ANALYZE the tables a load grows each time they have grown fivefold.

    Foreign keys are checked at each batch's commit by plans PostgreSQL keeps for the
    connection, made when the tables were small: a sequential scan a check, which at
    fifty thousand articles made a batch's commit take ten seconds and grew with the
    table. ANALYZE gives the planner the tables' sizes and makes it plan those checks
    again (index lookups), at a few hundred milliseconds a time."""

    TABLES = (
        Page,
        ArticlePage,
        ArticleTag,
        ArticlePage.authors.through,
        Publication,
        PublicationTag,
        PublicationAuthor,
    )

    def __init__(self):
        self.next_at = BATCH if connection.vendor == "postgresql" else None

    @classmethod
    def vacuum(cls) -> None:
        """After a load: VACUUM marks the new rows visible to all, so index-only scans
        (the sitemaps') need not visit the table, as autovacuum would in time."""
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in cls.TABLES)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {names}")

    def keep_up(self, written: int) -> None:
        if self.next_at is None or written < self.next_at:
            return
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.TABLES)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}")
        self.next_at = written * 5


class BulkWriter:
    """Writes article dicts in batches under their desks; one transaction a batch."""

    def __init__(self, *, now: datetime):
        self.desks = {desk.slug: desk for desk in DeskPage.objects.all()}
        self.next_step = {slug: self._last_step(desk) for slug, desk in self.desks.items()}
        self.constants = Constants(
            now=now,
            content_type_id=ContentType.objects.get_for_model(ArticlePage).id,
            locale_id=Locale.get_default().id,
            copy=connection.vendor == "postgresql",
            native_uuid=connection.features.has_native_uuid_field,
        )
        self.tags = dict(Tag.objects.values_list("name", "id"))
        self.tag_slugs = set(Tag.objects.values_list("slug", flat=True))
        self.authors = dict(Author.objects.values_list("name", "id"))
        self.pages, self.articles, self.article_tags, self.article_authors = _inserters()

    def _last_step(self, desk: DeskPage) -> int:
        last = desk.get_children().order_by("-path").values_list("path", flat=True).first()
        return Page._str2int(last[-Page.steplen :]) if last else 0

    def write_synthetic(
        self, count: int, *, seed: int, start_index: int, progress: Callable[[int], None]
    ) -> int:
        """Generate and insert `count` synthetic articles; returns how many were new.

        Text and rows are made in worker processes while this process inserts
        (the work is CPU-bound Python, so threads would only take turns).
        """
        relax = connection.vendor == "sqlite" and not connection.in_atomic_block
        if relax:
            with connection.cursor() as cursor:
                # Only for this load: skip fsync at WAL checkpoints. A killed process
                # still leaves a sound database; a power cut during the load might not.
                cursor.execute("PRAGMA synchronous=OFF")
        try:
            written = self._write_chunks(count, seed, start_index, progress)
        finally:
            if relax:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA synchronous=NORMAL")
        if written and connection.vendor == "postgresql" and not connection.in_atomic_block:
            _Statistics.vacuum()
        return written

    def _write_chunks(self, count, seed, start_index, progress) -> int:
        # A year, or as many days as a portal publishing STORIES_A_DAY takes to write
        # them: a million articles span about seven years, as they would (issue 15).
        days = max(365.0, (start_index + count) / STORIES_A_DAY)
        constants = dataclasses.replace(self.constants, days=days)
        chunks = [
            (seed, first, min(BATCH, start_index + count - first), constants)
            for first in range(start_index, start_index + count, BATCH)
        ]
        workers = max(1, (os.cpu_count() or 2) - 1)
        written = 0
        analyzed = _Statistics()
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_setup) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.submit(prepare_chunk, *chunk))
                # A bounded window: generation is faster than inserting.
                if len(pending) > workers + 1:
                    written += self._write_batch(pending.popleft().result())
                    analyzed.keep_up(written)
                    progress(BATCH)
            while pending:
                prepared = pending.popleft().result()
                written += self._write_batch(prepared)
                analyzed.keep_up(written)
                progress(len(prepared))
        return written

    @transaction.atomic
    def _write_batch(self, prepared: list[PreparedArticle]) -> int:
        existing = set(
            ArticlePage.objects.filter(
                external_id__in=[p.external_id for p in prepared]
            ).values_list("external_id", flat=True)
        )
        batch = [p for p in prepared if p.external_id not in existing]
        if not batch:
            return 0
        self._ensure_tags({tag for p in batch for tag in p.tags})
        self._ensure_authors({name for p in batch for name in p.authors})
        page_ids = self._copy(batch) if self.constants.copy else self._insert(batch)
        # Written around the ORM, so no signal indexes them: the lists' index, set-wise.
        publications_add(article_ids=page_ids)
        counts = Counter(p.desk for p in batch)
        for slug, count in counts.items():
            Page.objects.filter(id=self.desks[slug].id).update(
                numchild=models.F("numchild") + count
            )
        return len(batch)

    def _copy(self, batch: list[PreparedArticle]) -> list[int]:
        """PostgreSQL: the batch's rows by COPY, under ids drawn beforehand."""
        page_ids = _draw_ids(Page, len(batch))
        self.pages.copy(
            self.pages.copy_line((page_id, *self._place(p)), p.page_row)
            for page_id, p in zip(page_ids, batch, strict=True)
        )
        self.articles.copy(
            self.articles.copy_line((page_id,), p.article_row)
            for page_id, p in zip(page_ids, batch, strict=True)
        )
        self.article_tags.copy(
            self.article_tags.copy_line((page_id, self.tags[tag]))
            for page_id, p in zip(page_ids, batch, strict=True)
            for tag in p.tags
        )
        self.article_authors.copy(
            self.article_authors.copy_line((page_id, self.authors[name]))
            for page_id, p in zip(page_ids, batch, strict=True)
            for name in p.authors
        )
        return list(page_ids)

    def _insert(self, batch: list[PreparedArticle]) -> list[int]:
        """Other engines: `executemany`, then the pages' ids read back by path."""
        for p in batch:
            p.page_row.update(zip(PAGE_PLACED[1:], self._place(p), strict=True))
        self.pages.insert([p.page_row for p in batch])
        ids = dict(
            Page.objects.filter(path__in=[p.page_row["path"] for p in batch]).values_list(
                "path", "id"
            )
        )
        page_ids = [ids[p.page_row["path"]] for p in batch]
        for page_id, p in zip(page_ids, batch, strict=True):
            p.article_row["page_ptr_id"] = page_id
        self.articles.insert([p.article_row for p in batch])
        self.article_tags.insert(
            [
                {"content_object_id": pid, "tag_id": self.tags[tag]}
                for pid, p in zip(page_ids, batch, strict=True)
                for tag in p.tags
            ]
        )
        self.article_authors.insert(
            [
                {"articlepage_id": pid, "author_id": self.authors[name]}
                for pid, p in zip(page_ids, batch, strict=True)
                for name in p.authors
            ]
        )
        return page_ids

    def _place(self, prepared: PreparedArticle) -> tuple[str, int, str]:
        """Path, depth and URL path under its desk, the way treebeard numbers children."""
        desk = self.desks[prepared.desk]
        self.next_step[prepared.desk] += 1
        step = Page._int2str(self.next_step[prepared.desk]).rjust(Page.steplen, "0")
        return desk.path + step, desk.depth + 1, f"{desk.url_path}{prepared.slug}/"

    def _ensure_tags(self, names: set[str]) -> None:
        new = []
        for name in sorted(names - set(self.tags)):
            slug = turkish.slugify(name, max_length=90) or "etiket"
            base, i = slug, 1
            while slug in self.tag_slugs:
                i += 1
                slug = f"{base}-{i}"
            self.tag_slugs.add(slug)
            new.append(Tag(name=name, slug=slug))
        if new:
            Tag.objects.bulk_create(new)
            self.tags.update(
                Tag.objects.filter(name__in=[t.name for t in new]).values_list("name", "id")
            )

    def _ensure_authors(self, names: set[str]) -> None:
        new = [
            Author(name=name, slug=turkish.slugify(name, max_length=140))
            for name in sorted(names - set(self.authors))
        ]
        if new:
            Author.objects.bulk_create(new, ignore_conflicts=True)
            self.authors.update(
                Author.objects.filter(name__in=[a.name for a in new]).values_list("name", "id")
            )


def _draw_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's PostgreSQL sequence, ascending.

    A drawn number is never handed out again, even if the batch is rolled back,
    so the ids cannot collide with pages editors create meanwhile.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _worker_setup() -> None:
    # With the "spawn" or "forkserver" start methods a worker starts cold.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def prepare_chunk(
    seed: int, start_index: int, count: int, constants: Constants
) -> list[PreparedArticle]:
    """Generate `count` synthetic articles and their rows; runs in a worker process.

    Only `connection.ops` is used here, to put values in the database's form;
    no query is made, so the worker never opens a connection.
    """
    from manset.demo.synthetic import make_articles

    ops = connection.ops
    pages, articles, _, _ = _inserters()
    prepared = []
    for data in make_articles(count, seed=seed, start_index=start_index, days=constants.days):
        number = data["external_id"].rsplit("-", 1)[-1]
        slug = f"{turkish.slugify(data['headline'], max_length=70)}-{number}"
        published = constants.now - timedelta(hours=float(data["hours_ago"]))
        if not constants.copy:
            published = ops.adapt_datetimefield_value(published)
        key = uuid.uuid4()
        page_row = {
            "numchild": 0,
            "title": data["headline"],
            "draft_title": data["headline"],
            "slug": slug,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published,
            "last_published_at": published,
            "translation_key": key if constants.native_uuid else key.hex,
            "content_type_id": constants.content_type_id,
            "locale_id": constants.locale_id,
        }
        body = [
            {"type": block["type"], "value": _block_value(block), "id": _block_id()}
            for block in data["body"]
        ]
        article_row = {
            "lead": data["lead"],
            # PostgreSQL parses the JSON into jsonb: its spelling does not matter there.
            "body": (
                json.dumps(body, ensure_ascii=False)
                if constants.copy
                else ops.adapt_json_value(body, DjangoJSONEncoder)
            ),
            "source_agency": data["agency"],
            "dateline": data["dateline"],
            "breaking": data["breaking"],
            "comments_open": True,
            "external_id": data["external_id"],
        }
        if constants.copy:
            page_row, article_row = pages.copy_tail(page_row), articles.copy_tail(article_row)
        prepared.append(
            PreparedArticle(
                data["external_id"],
                data["desk"],
                slug,
                data["tags"],
                data["authors"],
                page_row,
                article_row,
            )
        )
    return prepared


def _block_id() -> str:
    """A random UUID4 string, without the cost of building a UUID object."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _block_value(block: dict):
    """A block's value as Wagtail stores it in the StreamField's JSON."""
    if block["type"] == "paragraph":
        return f"<p>{html.escape(block['text'], quote=False)}</p>"
    if block["type"] == "quote":
        return {"text": block["text"], "attribution": block.get("attribution", "")}
    return block["text"]
