"""Fast bulk insertion of synthetic articles for load tests (`manset demo --articles N`).

Wagtail's `add_child` and revisions cost milliseconds an article; here rows for
pages, articles, tags and authors go in with one INSERT per batch, and the
tree paths are computed the way treebeard does. Articles made this way are
live and have no revision yet; editing one in the admin creates the first.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from manset import turkish
from manset.newsroom.models import ArticlePage, ArticleTag, Author, DeskPage, Tag

ISTANBUL = ZoneInfo("Europe/Istanbul")
BATCH = 1000


class BulkWriter:
    """Writes article dicts in batches under their desks; one transaction a batch."""

    def __init__(self, *, now: datetime):
        self.now = now
        self.desks = {desk.slug: desk for desk in DeskPage.objects.all()}
        self.next_step = {slug: self._last_step(desk) for slug, desk in self.desks.items()}
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.locale_id = Locale.get_default().id
        self.tags = dict(Tag.objects.values_list("name", "id"))
        self.tag_slugs = set(Tag.objects.values_list("slug", flat=True))
        self.authors = dict(Author.objects.values_list("name", "id"))
        self.taken_ids = set()

    def _last_step(self, desk: DeskPage) -> int:
        last = desk.get_children().order_by("-path").values_list("path", flat=True).first()
        return Page._str2int(last[-Page.steplen :]) if last else 0

    def write(self, articles: Iterable[dict], *, progress: Callable[[int], None]) -> int:
        batch, written = [], 0
        for article in articles:
            batch.append(article)
            if len(batch) == BATCH:
                written += self._write_batch(batch)
                progress(len(batch))
                batch = []
        if batch:
            written += self._write_batch(batch)
            progress(len(batch))
        return written

    @transaction.atomic
    def _write_batch(self, batch: list[dict]) -> int:
        existing = set(
            ArticlePage.objects.filter(
                external_id__in=[a["external_id"] for a in batch]
            ).values_list("external_id", flat=True)
        )
        batch = [a for a in batch if a["external_id"] not in existing]
        if not batch:
            return 0
        self._ensure_tags({tag for a in batch for tag in a["tags"]})
        self._ensure_authors({name for a in batch for name in a["authors"]})
        pages = [self._page(a) for a in batch]
        Page.objects.bulk_create(pages, batch_size=500)
        articles = [self._article(page, a) for page, a in zip(pages, batch, strict=True)]
        fields = [f for f in ArticlePage._meta.local_concrete_fields]
        ArticlePage._base_manager._insert(articles, fields=fields, using="default")
        ArticleTag.objects.bulk_create(
            [
                ArticleTag(content_object_id=page.id, tag_id=self.tags[tag])
                for page, a in zip(pages, batch, strict=True)
                for tag in a["tags"]
            ],
            batch_size=1000,
        )
        through = ArticlePage.authors.through
        through.objects.bulk_create(
            [
                through(articlepage_id=page.id, author_id=self.authors[name])
                for page, a in zip(pages, batch, strict=True)
                for name in a["authors"]
            ],
            batch_size=1000,
        )
        counts: dict[str, int] = {}
        for a in batch:
            counts[a["desk"]] = counts.get(a["desk"], 0) + 1
        for slug, count in counts.items():
            Page.objects.filter(id=self.desks[slug].id).update(numchild=F("numchild") + count)
        return len(batch)

    def _page(self, data: dict) -> Page:
        desk = self.desks[data["desk"]]
        self.next_step[data["desk"]] += 1
        step = self.next_step[data["desk"]]
        number = data["external_id"].rsplit("-", 1)[-1]
        slug = f"{turkish.slugify(data['headline'], max_length=70)}-{number}"
        published = self.now - timedelta(hours=float(data["hours_ago"]))
        return Page(
            path=desk.path + Page._int2str(step).rjust(Page.steplen, "0"),
            depth=desk.depth + 1,
            numchild=0,
            title=data["headline"],
            draft_title=data["headline"],
            slug=slug,
            content_type=self.content_type,
            live=True,
            has_unpublished_changes=False,
            url_path=f"{desk.url_path}{slug}/",
            seo_title="",
            search_description="",
            first_published_at=published,
            last_published_at=published,
            locale_id=self.locale_id,
            translation_key=uuid.uuid4(),
        )

    def _article(self, page: Page, data: dict) -> ArticlePage:
        article = ArticlePage(
            page_ptr_id=page.id,
            lead=data["lead"],
            source_agency=data["agency"],
            dateline=data["dateline"],
            breaking=data["breaking"],
            comments_open=True,
            external_id=data["external_id"],
        )
        article.body = [_block(block) for block in data["body"]]
        return article

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


def _block(block: dict):
    if block["type"] == "paragraph":
        return ("paragraph", RichText(f"<p>{escape(block['text'])}</p>"))
    if block["type"] == "quote":
        return ("quote", {"text": block["text"], "attribution": block.get("attribution", "")})
    return ("subheading", block["text"])
