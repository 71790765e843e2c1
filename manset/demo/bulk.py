"""Fast bulk insertion of synthetic articles for load tests (`manset demo --articles N`).

Wagtail's `add_child` and revisions cost milliseconds an article, and even the
ORM's `bulk_create` spends most of its time building model instances. Here
rows for pages, articles, tags and authors go in with `executemany`, tree
paths are computed the way treebeard does, and every column the code does not
set gets its field's default. Articles made this way are live and have no
revision yet; editing one in the admin creates the first.
"""

import html
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from wagtail.models import Locale, Page

from manset import turkish
from manset.newsroom.models import ArticlePage, ArticleTag, Author, DeskPage, Tag

BATCH = 2000


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
        # Taken here: the producer thread must not open a connection of its own.
        self.ops = connection.ops
        self.native_uuid = connection.features.has_native_uuid_field

    def _last_step(self, desk: DeskPage) -> int:
        last = desk.get_children().order_by("-path").values_list("path", flat=True).first()
        return Page._str2int(last[-Page.steplen :]) if last else 0

    def write(self, articles: Iterable[dict], *, progress: Callable[[int], None]) -> int:
        """Insert the articles; text generation and row building overlap the inserts.

        A producer thread turns articles into rows while this thread writes the
        previous batch (SQLite and psycopg release the GIL while they work).
        """
        relax = connection.vendor == "sqlite" and not connection.in_atomic_block
        if relax:
            with connection.cursor() as cursor:
                # Only for this load: skip fsync at WAL checkpoints. A killed process
                # still leaves a sound database; a power cut during the load might not.
                cursor.execute("PRAGMA synchronous=OFF")
        try:
            return self._write_all(articles, progress)
        finally:
            if relax:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA synchronous=NORMAL")

    def _write_all(self, articles: Iterable[dict], progress: Callable[[int], None]) -> int:
        prepared: queue.Queue = queue.Queue(maxsize=2)
        thread = threading.Thread(target=self._produce, args=(articles, prepared), daemon=True)
        thread.start()
        written = 0
        while (item := prepared.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            written += self._write_batch(*item)
            progress(len(item[0]))
        thread.join()
        return written

    def _produce(self, articles: Iterable[dict], prepared: queue.Queue) -> None:
        try:
            batch = []
            for article in articles:
                batch.append(article)
                if len(batch) == BATCH:
                    prepared.put(self._prepare(batch))
                    batch = []
            if batch:
                prepared.put(self._prepare(batch))
            prepared.put(None)
        except BaseException as exc:  # handed to the writing thread, which raises it
            prepared.put(exc)

    def _prepare(self, batch: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
        """Rows for pages and articles (page ids are filled in once the pages exist)."""
        return batch, [self._page_row(a) for a in batch], [self._article_row(a) for a in batch]

    @transaction.atomic
    def _write_batch(self, batch: list[dict], page_rows: list[dict], article_rows: list[dict]):
        existing = set(
            ArticlePage.objects.filter(
                external_id__in=[a["external_id"] for a in batch]
            ).values_list("external_id", flat=True)
        )
        if existing:  # a gap in the tree paths is harmless; a duplicate is not
            keep = [i for i, a in enumerate(batch) if a["external_id"] not in existing]
            batch = [batch[i] for i in keep]
            page_rows = [page_rows[i] for i in keep]
            article_rows = [article_rows[i] for i in keep]
        if not batch:
            return 0
        self._ensure_tags({tag for a in batch for tag in a["tags"]})
        self._ensure_authors({name for a in batch for name in a["authors"]})
        self.pages.insert(page_rows)
        ids = dict(
            Page.objects.filter(path__in=[row["path"] for row in page_rows]).values_list(
                "path", "id"
            )
        )
        page_ids = [ids[row["path"]] for row in page_rows]
        for page_id, row in zip(page_ids, article_rows, strict=True):
            row["page_ptr_id"] = page_id
        self.articles.insert(article_rows)
        self.article_tags.insert(
            [
                {"content_object_id": pid, "tag_id": self.tags[tag]}
                for pid, a in zip(page_ids, batch, strict=True)
                for tag in a["tags"]
            ]
        )
        self.article_authors.insert(
            [
                {"articlepage_id": pid, "author_id": self.authors[name]}
                for pid, a in zip(page_ids, batch, strict=True)
                for name in a["authors"]
            ]
        )
        counts: dict[str, int] = {}
        for a in batch:
            counts[a["desk"]] = counts.get(a["desk"], 0) + 1
        for slug, count in counts.items():
            Page.objects.filter(id=self.desks[slug].id).update(
                numchild=models.F("numchild") + count
            )
        return len(batch)

    def _page_row(self, data: dict) -> dict:
        desk = self.desks[data["desk"]]
        self.next_step[data["desk"]] += 1
        step = self.next_step[data["desk"]]
        number = data["external_id"].rsplit("-", 1)[-1]
        slug = f"{turkish.slugify(data['headline'], max_length=70)}-{number}"
        published = self.ops.adapt_datetimefield_value(
            self.now - timedelta(hours=float(data["hours_ago"]))
        )
        key = uuid.uuid4()
        return {
            "path": desk.path + Page._int2str(step).rjust(Page.steplen, "0"),
            "depth": desk.depth + 1,
            "numchild": 0,
            "title": data["headline"],
            "draft_title": data["headline"],
            "slug": slug,
            "content_type_id": self.content_type_id,
            "live": True,
            "has_unpublished_changes": False,
            "url_path": f"{desk.url_path}{slug}/",
            "first_published_at": published,
            "last_published_at": published,
            "locale_id": self.locale_id,
            "translation_key": key if self.native_uuid else key.hex,
        }

    def _article_row(self, data: dict) -> dict:
        body = [
            {"type": block["type"], "value": _block_value(block), "id": _block_id()}
            for block in data["body"]
        ]
        return {
            "lead": data["lead"],
            "body": self.ops.adapt_json_value(body, DjangoJSONEncoder),
            "source_agency": data["agency"],
            "dateline": data["dateline"],
            "breaking": data["breaking"],
            "comments_open": True,
            "external_id": data["external_id"],
        }

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
