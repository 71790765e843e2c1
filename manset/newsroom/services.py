"""Writing newsroom content: articles from records, authors by name."""

import html
import re
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from wagtail.rich_text import RichText

from manset import turkish
from manset.core.errors import MansetError
from manset.importers.records import ArticleRecord, BodyBlock
from manset.newsroom.agencies import agency_from_label
from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticlePage, Author, DeskPage
from manset.newsroom.publication_sync import month_lastmod_recount

ISTANBUL = ZoneInfo("Europe/Istanbul")
OWN_ID = re.compile(r"^manset-(\d+)$")


class ArticleInputError(MansetError):
    """A record that names something Manşet does not have (desk, agency)."""


@dataclass(frozen=True)
class UpsertResult:
    verdict: str  # created | updated | unchanged
    article: ArticlePage
    published: bool


def author_get_or_create(*, name: str) -> Author:
    slug = turkish.slugify(name, max_length=140) or "yazar"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    return author


def article_find(*, external_id: str) -> ArticlePage | None:
    article = ArticlePage.objects.filter(external_id=external_id).first()
    match = OWN_ID.match(external_id)
    if article is None and match:
        # An article made in the admin, exported as "manset-<id>".
        article = ArticlePage.objects.filter(id=int(match[1]), external_id__isnull=True).first()
    return article


def article_to_record(article: ArticlePage) -> ArticleRecord:
    """The article as it stands in the latest revision, in the JSON Lines shape."""
    article = article.get_latest_revision_as_object()
    published_at = article.first_published_at if article.live else None
    return ArticleRecord(
        external_id=article.external_id or f"manset-{article.id}",
        headline=article.title,
        lead=article.lead,
        desk=article.get_parent().slug,
        body=tuple(_record_blocks(article.body)),
        tags=tuple(sorted((tag.name for tag in article.tags.all()), key=turkish.sort_key)),
        authors=tuple(author.name for author in article.authors.order_by("name")),
        agency=article.source_agency,
        dateline=article.dateline,
        published_at=published_at.astimezone(ISTANBUL) if published_at else None,
        breaking=article.breaking,
    )


def _record_blocks(body):
    for block in body:
        if block.block_type == "paragraph":
            yield BodyBlock("paragraph", html.unescape(strip_tags(block.value.source)).strip())
        elif block.block_type == "subheading":
            yield BodyBlock("subheading", block.value)
        elif block.block_type == "quote":
            yield BodyBlock("quote", block.value["text"], block.value["attribution"] or "")
        # Images, embeds, related links and fact boxes have no place in the format.


def _body_data(blocks: tuple[BodyBlock, ...]) -> list[tuple]:
    data = []
    for block in blocks:
        if block.type == "paragraph":
            paragraphs = [p.strip() for p in block.text.split("\n\n") if p.strip()]
            source = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            data.append(("paragraph", RichText(source)))
        elif block.type == "subheading":
            data.append(("subheading", block.text))
        else:
            data.append(("quote", {"text": block.text, "attribution": block.attribution}))
    return data


def _normalise(record: ArticleRecord) -> ArticleRecord:
    """The record as Manşet stores it, so that a re-import compares equal."""
    agency = agency_from_label(record.agency).value
    tags = tuple(sorted(record.tags, key=turkish.sort_key))
    authors = tuple(sorted(record.authors))
    published_at = record.published_at.astimezone(ISTANBUL) if record.published_at else None
    headline = turkish.typographic_apostrophes(record.headline)  # as the page stores it
    return replace(
        record,
        headline=headline,
        agency=agency,
        tags=tags,
        authors=authors,
        published_at=published_at,
    )


def article_upsert(
    *,
    record: ArticleRecord,
    main_image: NewsImage | None = None,
    main_image_caption: str = "",
) -> UpsertResult:
    """Create or update the article with the record's external id, in one transaction.

    Publishes it when `published_at` is in the past, schedules it when in the
    future, and keeps it a draft when there is none.
    """
    try:
        record = _normalise(record)
    except ValueError as exc:
        raise ArticleInputError(str(exc)) from None
    desk = DeskPage.objects.filter(slug=record.desk).first()
    if desk is None:
        known = ", ".join(DeskPage.objects.order_by("path").values_list("slug", flat=True))
        raise ArticleInputError(f"unknown desk {record.desk!r}; known desks: {known or 'none'}")

    with transaction.atomic():
        article = article_find(external_id=record.external_id)
        if article is not None:
            if _normalise(article_to_record(article)) == record:
                return UpsertResult("unchanged", article, article.live)
            if article.get_parent().id != desk.id:
                article.move(desk, pos="last-child")
                article = ArticlePage.objects.get(id=article.id)
            verdict = "updated"
        else:
            # Not live until a revision is published (drafts and scheduled ones stay hidden).
            article = ArticlePage(external_id=record.external_id, live=False)
            verdict = "created"

        article.title = record.headline
        article.draft_title = record.headline
        article.lead = record.lead
        article.body = _body_data(record.body)
        article.source_agency = record.agency
        article.dateline = record.dateline
        article.breaking = record.breaking
        if main_image is not None:
            article.main_image = main_image
            article.main_image_caption = main_image_caption
        if not article.external_id:
            article.external_id = record.external_id
        if verdict == "created":
            desk.add_child(instance=article)
        article.authors.set([author_get_or_create(name=name) for name in record.authors])
        article.tags.set(list(record.tags), clear=True)
        published = _publish_as_recorded(article, record, keep_date=verdict == "created")
    # Publishing worked on a copy from the revision; hand back what the database holds.
    return UpsertResult(verdict, ArticlePage.objects.get(pk=article.pk), published)


def _publish_as_recorded(article: ArticlePage, record: ArticleRecord, *, keep_date: bool) -> bool:
    when = record.published_at
    if when is None:
        article.save_revision()
        return False
    if when > timezone.now():
        article.go_live_at = when
        article.save_revision().publish()  # Wagtail schedules a future go-live
        return False
    article.first_published_at = when
    revision = article.save_revision()
    revision.publish()
    if keep_date:
        # A newly imported article keeps its own date; "updated today" would mislead.
        ArticlePage.objects.filter(id=article.id).update(last_published_at=when)
        article.last_published_at = when
        month_lastmod_recount(when)  # the update sends no signal; the sitemap index's lastmod
    return True
