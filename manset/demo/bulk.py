"""Fast bulk insertion of synthetic articles for load tests (`manset demo --articles N`).

Wagtail's `add_child` and revisions cost milliseconds an article, and even the
ORM's `bulk_create` spends most of its time building model instances. Here
worker processes generate the text and the rows while the main process inserts
them with `executemany`; tree paths are computed the way treebeard does, and
every column the code does not set gets its field's default. Articles made this
way are live and have no revision yet; editing one in the admin creates the first.
"""

import html
import os
import uuid
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from wagtail.models import Locale, Page

from manset import turkish
from manset.newsroom.models import ArticlePage, ArticleTag, Author, DeskPage, Tag

BATCH = 2000


@dataclass
class PreparedArticle:
    """One article's rows, made in a worker; the tree position is set when written."""

    external_id: str
    desk: str
    tags: list[str]
    authors: list[str]
    page_row: dict
    article_row: dict


class RowInserter:
    """`INSERT … VALUES` for one model's own table, with field defaults filled in."""

    def __init__(self, model: type[models.Model]):
        self.fields = [
            field
            for field in model._meta.local_concrete_fields
            if not isinstance(field, models.AutoField | models.BigAutoField)
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Names come from the model, never from input.
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.defaults = {
            field.attname: field.get_db_prep_save(field.get_default(), connection)
            for field in self.fields
            if field.has_default() or field.null or not field.is_relation
        }

    def insert(self, rows: list[dict]) -> None:
        """Each row maps attnames to values already prepared for the database."""
        values = [
            tuple(
                row[f.attname] if f.attname in row else self.defaults[f.attname]
                for f in self.fields
            )
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


class BulkWriter:
    """Writes article dicts in batches under their desks; one transaction a batch."""

    def __init__(self, *, now: datetime):
        self.now = now
        self.desks = {desk.slug: desk for desk in DeskPage.objects.all()}
        self.next_step = {slug: self._last_step(desk) for slug, desk in self.desks.items()}
        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).id
        self.locale_id = Locale.get_default().id
        self.tags = dict(Tag.objects.values_list("name", "id"))
        self.tag_slugs = set(Tag.objects.values_list("slug", flat=True))
        self.authors = dict(Author.objects.values_list("name", "id"))
        self.pages = RowInserter(Page)
        self.articles = RowInserter(ArticlePage)
        self.article_tags = RowInserter(ArticleTag)
        self.article_authors = RowInserter(ArticlePage.authors.through)
        self.native_uuid = connection.features.has_native_uuid_field

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
            return self._write_chunks(count, seed, start_index, progress)
        finally:
            if relax:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA synchronous=NORMAL")

    def _write_chunks(self, count, seed, start_index, progress) -> int:
        chunks = [
            (seed, first, min(BATCH, start_index + count - first), self.now, self.native_uuid)
            for first in range(start_index, start_index + count, BATCH)
        ]
        workers = max(1, (os.cpu_count() or 2) - 1)
        written = 0
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_setup) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.submit(prepare_chunk, *chunk))
                # A bounded window: generation is faster than inserting.
                if len(pending) > workers + 1:
                    written += self._write_batch(pending.popleft().result())
                    progress(BATCH)
            while pending:
                prepared = pending.popleft().result()
                written += self._write_batch(prepared)
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
        for p in batch:
            self._place(p)
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
        counts = Counter(p.desk for p in batch)
        for slug, count in counts.items():
            Page.objects.filter(id=self.desks[slug].id).update(
                numchild=models.F("numchild") + count
            )
        return len(batch)

    def _place(self, prepared: PreparedArticle) -> None:
        """The tree position under its desk, the way treebeard numbers children."""
        desk = self.desks[prepared.desk]
        self.next_step[prepared.desk] += 1
        step = Page._int2str(self.next_step[prepared.desk]).rjust(Page.steplen, "0")
        row = prepared.page_row
        row["path"] = desk.path + step
        row["depth"] = desk.depth + 1
        row["url_path"] = f"{desk.url_path}{row['slug']}/"
        row["content_type_id"] = self.content_type_id
        row["locale_id"] = self.locale_id

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


def _worker_setup() -> None:
    # With the "spawn" or "forkserver" start methods a worker starts cold.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def prepare_chunk(
    seed: int, start_index: int, count: int, now: datetime, native_uuid: bool
) -> list[PreparedArticle]:
    """Generate `count` synthetic articles and their rows; runs in a worker process.

    Only `connection.ops` is used here, to put values in the database's form;
    no query is made, so the worker never opens a connection.
    """
    from manset.demo.synthetic import make_articles

    ops = connection.ops
    prepared = []
    for data in make_articles(count, seed=seed, start_index=start_index):
        number = data["external_id"].rsplit("-", 1)[-1]
        slug = f"{turkish.slugify(data['headline'], max_length=70)}-{number}"
        published = ops.adapt_datetimefield_value(now - timedelta(hours=float(data["hours_ago"])))
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
            "translation_key": key if native_uuid else key.hex,
        }
        body = [
            {"type": block["type"], "value": _block_value(block), "id": _block_id()}
            for block in data["body"]
        ]
        article_row = {
            "lead": data["lead"],
            "body": ops.adapt_json_value(body, DjangoJSONEncoder),
            "source_agency": data["agency"],
            "dateline": data["dateline"],
            "breaking": data["breaking"],
            "comments_open": True,
            "external_id": data["external_id"],
        }
        prepared.append(
            PreparedArticle(
                data["external_id"],
                data["desk"],
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
