"""Keeping the index in step with the newsroom: one article, a batch, or everything.

Every write for a set of articles (entry rows, the engine's index, vocabulary counts) is one
transaction, so a crash leaves each article either fully old or fully new. `reindex` works in
batches of such transactions: stopped half-way, the index still answers, the articles it had
not reached yet in their previous state; run again, it finishes the job.
"""

import contextlib
import functools
import logging
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import timedelta

from django.db import connection, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from manset.core.db import commit_without_waiting_for_disk
from manset.newsroom.agencies import FULL_NAMES
from manset.search.documents import Columns, Document, body_text, vocabulary
from manset.search.engines import engine_for
from manset.search.models import SearchEntry, SearchTerm

logger = logging.getLogger(__name__)

BATCH = 500
# How far back the worker's catch-up job looks for changes an index task may have missed.
CATCH_UP_WINDOW = timedelta(days=2)


def document_for(article, *, desks: dict, tags=(), authors=()) -> Document:
    """The search document of a live article, with its tag and author names."""
    desk = desks.get(article.path[: -article.steplen])
    meta = [
        *tags,
        desk.title if desk else "",
        *authors,
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


def documents_for(page_ids: list[int], *, desks: dict) -> list[Document]:
    """Documents of those pages that are published; three queries for the whole batch."""
    from manset.newsroom.models import ArticlePage, ArticleTag

    names: dict[int, list[str]] = defaultdict(list)
    for page_id, name in ArticleTag.objects.filter(content_object_id__in=page_ids).values_list(
        "content_object_id", "tag__name"
    ):
        names[page_id].append(name)
    through = ArticlePage.authors.through
    people: dict[int, list[str]] = defaultdict(list)
    for page_id, name in through.objects.filter(articlepage_id__in=page_ids).values_list(
        "articlepage_id", "author__name"
    ):
        people[page_id].append(name)
    articles = ArticlePage.objects.published().filter(pk__in=page_ids).only(*ARTICLE_FIELDS)
    return [document_for(a, desks=desks, tags=names[a.pk], authors=people[a.pk]) for a in articles]


ARTICLE_FIELDS = (
    "id",
    "path",
    "depth",
    "title",
    "lead",
    "body",
    "source_agency",
    "first_published_at",
    "last_published_at",
)


def _entry_vocabulary(entry) -> dict[str, str]:
    return vocabulary(entry.headline, entry.lead, entry.meta)


def _desks() -> dict:
    from manset.newsroom.models import DeskPage

    return {desk.path: desk for desk in DeskPage.objects.only("id", "path", "title")}


def index_pages(page_ids: Iterable[int]) -> tuple[int, int]:
    """Bring these pages' index rows in line with the site: (indexed, removed)."""
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return 0, 0
    documents = documents_for(page_ids, desks=_desks())
    live = {document.page_id for document in documents}
    with transaction.atomic():
        old = {
            entry.page_id: _entry_vocabulary(entry)
            for entry in SearchEntry.objects.filter(page_id__in=page_ids).only(
                "page_id", "headline", "lead", "meta"
            )
        }
        rows = _write(documents)
        added, removed = Counter(), Counter()
        spellings: dict[str, str] = {}
        for document, columns, _prepared in rows:
            new = columns.vocabulary
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


def _write(documents: list[Document]) -> list[tuple[Document, Columns, list]]:
    """Entry rows and the engine's index for these documents, one upsert each."""
    rows = _analysed(documents)
    _write_rows(rows)
    return rows


def _write_rows(rows: list[tuple[Document, Columns, list]]) -> None:
    if rows:
        with connection.cursor() as cursor:
            engine_for().upsert(cursor, rows)


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


def reindex(
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
    workers: int | None = None,
) -> dict:
    """Index every published article again, drop what is no longer published, recount terms.

    Idempotent. Each batch is its own transaction (see the module's note on crashes). The
    Turkish analysis runs in `workers` processes (default: one per core) and the writes in a
    thread, while this one reads the next batch.
    """
    from manset.newsroom.models import ArticlePage

    started = timezone.now()
    desks = _desks()
    counts: Counter = Counter()
    spellings: dict[str, str] = {}
    ids = list(ArticlePage.objects.published().order_by("pk").values_list("pk", flat=True))
    chunks = [ids[start : start + batch] for start in range(0, len(ids), batch)]

    def write(pending) -> None:
        rows = pending()
        with transaction.atomic():
            commit_without_waiting_for_disk()  # a lost batch is redone by running again
            _write_rows(rows)
        for _document, columns, _prepared in rows:
            counts.update(columns.vocabulary.keys())
            for term, spelling in columns.vocabulary.items():
                spellings.setdefault(term, spelling)
        if progress:
            progress(len(rows))

    with _analysers(workers) as analyse, _writer(workers) as start_writing:
        pending, writing = None, None
        for chunk in chunks:
            try:
                analysing = analyse(documents_for(chunk, desks=desks))
            except BaseException:
                if writing is not None:
                    writing.result()
                if pending is not None:
                    write(pending)  # keep what was done before the failure
                raise
            if writing is not None:
                writing.result()  # one batch in flight: memory stays bounded
            if pending is not None:
                writing = start_writing(write, pending)
            pending = analysing
        if writing is not None:
            writing.result()
        if pending is not None:
            write(pending)
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


@contextlib.contextmanager
def _writer(workers: int | None):
    """A function that starts a batch's write and returns its future. Beside the analysing
    processes, a thread with its own connection writes while this one reads the next batch
    (the database does its part of the work meanwhile); in a transaction, or with one
    worker, writes run here and now."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or connection.in_atomic_block:

        def now(function, *args):
            done: Future = Future()
            done.set_result(function(*args))
            return done

        yield now
        return
    with ThreadPoolExecutor(1, thread_name_prefix="search-writer") as pool:
        try:
            yield pool.submit
        finally:
            pool.submit(connections.close_all).result()  # the thread's own connection


def _analysed(documents: list[Document]) -> list[tuple[Document, Columns, list]]:
    engine = engine_for()
    rows = []
    for document in documents:
        columns = document.columns()
        rows.append((document, columns, engine.prepare(document, columns)))
    return rows


@contextlib.contextmanager
def _analysers(workers: int | None):
    """A function that starts analysing documents and returns a function giving the rows."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or connection.in_atomic_block:
        # Inside a transaction the connection cannot be closed for forking: analyse here.
        yield lambda documents: functools.partial(_analysed, documents)
        return
    # Forked children must not inherit (and on exit close) this process's DB connections.
    connections.close_all()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:

        def start(documents):
            size = max(1, -(-len(documents) // workers))
            parts = [documents[i : i + size] for i in range(0, len(documents), size)]
            futures = [pool.submit(_analysed, part) for part in parts]
            return lambda: [row for future in futures for row in future.result()]

        yield start


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
