"""Keeping the index in step with the newsroom: one article, a batch, or everything.

Every write for a set of articles (entry rows, the engine's index, vocabulary counts) is one
transaction, so a crash leaves each article either fully old or fully new. `reindex` works in
batches of such transactions: stopped half-way, the index still answers, the articles it had
not reached yet in their previous state; run again, it finishes the job.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from manset.newsroom.agencies import FULL_NAMES
from manset.search.documents import Document, body_text
from manset.search.engines import engine_for
from manset.search.models import SearchEntry, SearchTerm
from manset.turkish import alternatives, tokenize

logger = logging.getLogger(__name__)

BATCH = 500
# How far back the worker's catch-up job looks for changes an index task may have missed.
CATCH_UP_WINDOW = timedelta(days=2)
ENTRY_FIELDS = ("headline", "lead", "body", "meta", "desk_id", "agency", "published_at")


def document_for(article, *, desks: dict) -> Document:
    """The search document of a live article (prefetch tags and authors when there are many)."""
    desk = desks.get(article.path[: -article.steplen])
    meta = [
        *(tag.name for tag in article.tags.all()),
        desk.title if desk else "",
        *(author.name for author in article.authors.all()),
        FULL_NAMES.get(article.source_agency, ""),
        article.source_agency or "",
    ]
    return Document(
        page_id=article.pk,
        headline=article.title,
        lead=article.lead,
        body=body_text(article.body.raw_data),
        meta=" ".join(part for part in meta if part),
        desk_id=desk.pk if desk else None,
        agency=article.source_agency or "",
        published_at=article.first_published_at or article.last_published_at or timezone.now(),
    )


def vocabulary(source) -> dict[str, str]:
    """The exact terms of a document's (or entry's) headline, lead and meta, each with a
    Turkish spelling seen for it: what "Bunu mu demek istediniz?" may suggest."""
    words: dict[str, str] = {}
    for field in ("headline", "lead", "meta"):
        for token in tokenize(getattr(source, field)):
            alts = alternatives(token)
            if alts and len(alts[-1]) <= 100 and len(token) <= 100:
                words.setdefault(alts[-1], token)
    return words


def _published_articles():
    from manset.newsroom.models import ArticlePage

    return ArticlePage.objects.published().prefetch_related("tags", "authors")


def _desks() -> dict:
    from manset.newsroom.models import DeskPage

    return {desk.path: desk for desk in DeskPage.objects.only("id", "path", "title")}


def index_pages(page_ids: Iterable[int]) -> tuple[int, int]:
    """Bring these pages' index rows in line with the site: (indexed, removed)."""
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return 0, 0
    articles = list(_published_articles().filter(pk__in=page_ids))
    live = {article.pk for article in articles}
    desks = _desks()
    documents = [document_for(article, desks=desks) for article in articles]
    with transaction.atomic():
        old = {
            entry.page_id: vocabulary(entry)
            for entry in SearchEntry.objects.filter(page_id__in=page_ids).only(
                "page_id", "headline", "lead", "meta"
            )
        }
        _write(documents)
        added, removed = Counter(), Counter()
        spellings: dict[str, str] = {}
        for document in documents:
            new = vocabulary(document)
            before = old.get(document.page_id, {})
            added.update(term for term in new if term not in before)
            removed.update(term for term in before if term not in new)
            spellings.update(new)
        gone = [page_id for page_id in page_ids if page_id not in live]
        for page_id in gone:
            removed.update(old.get(page_id, {}).keys())
        _delete(gone)  # also a deleted page's engine row, its entry gone with the page
        _count_terms(added, removed, spellings)
    return len(documents), len([page_id for page_id in gone if page_id in old])


def _write(documents: list[Document]) -> None:
    if not documents:
        return
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(page_id=d.page_id, **{name: getattr(d, name) for name in ENTRY_FIELDS})
            for d in documents
        ],
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=list(ENTRY_FIELDS),
    )
    SearchEntry.objects.filter(page_id__in=[d.page_id for d in documents]).update(
        indexed_at=timezone.now()
    )
    with connection.cursor() as cursor:
        engine_for().upsert(cursor, [(d, d.columns()) for d in documents])


def _delete(page_ids: list[int]) -> None:
    if not page_ids:
        return
    with connection.cursor() as cursor:
        engine_for().delete(cursor, page_ids)
    SearchEntry.objects.filter(page_id__in=page_ids).delete()


def _count_terms(added: Counter, removed: Counter, spellings: dict[str, str]) -> None:
    # Sorted, so two workers touching the same terms take their row locks in one order.
    for term, n in sorted(removed.items()):
        SearchTerm.objects.filter(term=term).update(docs=Greatest(F("docs") - Value(n), Value(0)))
    if not added:
        return
    existing = set(SearchTerm.objects.filter(term__in=list(added)).values_list("term", flat=True))
    for term in sorted(existing):
        SearchTerm.objects.filter(term=term).update(docs=F("docs") + added[term])
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(term=term, display=spellings[term], docs=n)
            for term, n in sorted(added.items())
            if term not in existing
        ],
        ignore_conflicts=True,
    )


def reindex(*, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> dict:
    """Index every published article again, drop what is no longer published, recount terms.

    Idempotent. Each batch is its own transaction (see the module's note on crashes).
    """
    from manset.newsroom.models import ArticlePage

    started = timezone.now()
    desks = _desks()
    counts: Counter = Counter()
    spellings: dict[str, str] = {}
    ids = list(ArticlePage.objects.published().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        documents = [
            document_for(article, desks=desks)
            for article in _published_articles().filter(pk__in=chunk)
        ]
        with transaction.atomic():
            _write(documents)
        for document in documents:
            words = vocabulary(document)
            counts.update(words.keys())
            for term, spelling in words.items():
                spellings.setdefault(term, spelling)
        if progress:
            progress(len(chunk))
    live = set(ids)
    stale = [pk for pk in SearchEntry.objects.values_list("page_id", flat=True) if pk not in live]
    with transaction.atomic():
        _delete(stale)
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=t, display=spellings[t], docs=n) for t, n in counts.items()),
            batch_size=1000,
        )
        with connection.cursor() as cursor:
            engine_for().tidy(cursor)
    return {
        "indexed": len(ids),
        "removed": len(stale),
        "terms": len(counts),
        "seconds": (timezone.now() - started).total_seconds(),
    }


def search_catch_up_job(now) -> None:
    """For `manset worker`: index what changed lately but is missing or older in the index,
    and drop what was unpublished, in case an index task was lost."""
    from wagtail.models import PageLogEntry

    from manset.newsroom.models import ArticlePage

    since = now - CATCH_UP_WINDOW
    changed = ArticlePage.objects.published().filter(last_published_at__gte=since)
    stale = set(
        changed.exclude(search_entry__indexed_at__gte=F("last_published_at")).values_list(
            "pk", flat=True
        )
    )
    unpublished = set(
        PageLogEntry.objects.filter(
            action__in=("wagtail.unpublish", "wagtail.delete"), timestamp__gte=since
        ).values_list("page_id", flat=True)
    )
    unpublished = set(
        SearchEntry.objects.filter(page_id__in=unpublished).values_list("page_id", flat=True)
    )
    if stale or unpublished:
        indexed, removed = index_pages(stale | unpublished)
        logger.info("search catch-up: %d indexed, %d removed", indexed, removed)
