"""Storing agency files: items upserted, versions kept, stories grouped.

Files are stored a batch to a transaction, each file in a savepoint: a file is
stored whole or not at all (its WireFile row, items, versions, bands and the
refusals of its bad items go together), and a file already stored is recognised
by its SHA-256 and left alone. A worker killed mid-batch repeats at most the
batch it was on, and re-ingesting a file changes nothing. Items with pictures queue
their fetching ahead (manset.wires.tasks) in the same transaction.
"""

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from manset import turkish
from manset.core.db import commit_without_waiting_for_disk, execute_many, fetch_all, insert_row
from manset.wires import stories
from manset.wires.errors import WireFormatError
from manset.wires.items import ParsedItem, ParseResult, Refusal, media_json
from manset.wires.models import (
    WireBand,
    WireFile,
    WireItem,
    WireItemVersion,
    WireRejection,
    WireSource,
    WireStory,
)
from manset.wires.parsers import parse
from manset.wires.pictures import pictures_wanted
from manset.wires.tasks import wire_pictures_queue
from manset.wires.text import html_to_text
from manset.wires.transports.base import Delivery

logger = logging.getLogger(__name__)

KEPT_HEAD_BYTES = 64 * 1024  # of a refused file, for whoever looks into it
FILES_PER_TRANSACTION = 50  # one commit per poll's worth of files, not per file


@dataclass(frozen=True)
class ItemOutcome:
    verdict: str  # created | updated | unchanged | older | refused
    guid: str = ""
    headline: str = ""
    item_id: int | None = None
    reason: str = ""
    pictures: bool = False  # created or updated, with pictures to fetch ahead


@dataclass(frozen=True)
class FileReport:
    name: str
    verdict: str  # imported | already imported | refused
    outcomes: tuple[ItemOutcome, ...] = ()
    reason: str = ""

    def count(self, verdict: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.verdict == verdict)

    def summary(self) -> str:
        if self.verdict != "imported":
            return self.verdict + (f": {self.reason}" if self.reason else "")
        parts = [
            f"{self.count(v)} {v}"
            for v in ("created", "updated", "unchanged", "older", "refused")
            if self.count(v)
        ]
        return ", ".join(parts) or "no items"


def wire_file_ingest(
    *,
    data: bytes,
    name: str,
    source: WireSource | None = None,
    format: str | None = None,
    received_at: datetime | None = None,
) -> FileReport:
    """Parse and store one delivered file; a bad file or item is quarantined with its reason."""
    delivery = Delivery(name=name, data=data, received_at=received_at or timezone.now())
    return wire_files_ingest([delivery], source=source, format=format)[0]


def wire_files_ingest(
    deliveries: list[Delivery], *, source: WireSource | None = None, format: str | None = None
) -> list[FileReport]:
    """Store several delivered files in one transaction.

    Each file in its own savepoint: a conflict with another worker loses that file only.
    Callers pass at most FILES_PER_TRANSACTION at a time, and tell a transport a file is
    done only after this returns.
    """
    format = format or (source and source.format) or None
    shas = [hashlib.sha256(delivery.data).hexdigest() for delivery in deliveries]
    stored = set(WireFile.objects.filter(sha256__in=set(shas)).values_list("sha256", flat=True))
    parsed = [
        None if sha in stored else _parsed(delivery, format)
        for delivery, sha in zip(deliveries, shas, strict=True)
    ]
    # The stored items these files update, for all of them at once.
    known = _existing([i for p in parsed if p and p.result for i in p.result.items], source)
    reports = []
    with transaction.atomic():
        commit_without_waiting_for_disk()
        for delivery, sha, outcome in zip(deliveries, shas, parsed, strict=True):
            if sha in stored:
                reports.append(FileReport(delivery.name, "already imported"))
                continue
            reports.append(_file_store(delivery, sha, outcome, known, source=source))
            stored.add(sha)
        wire_pictures_queue(o.item_id for r in reports for o in r.outcomes if o.pictures)
    return reports


@dataclass(frozen=True)
class _Parsed:
    result: ParseResult | None = None
    reason: str = ""


def _parsed(delivery, format: str | None) -> _Parsed:
    try:
        return _Parsed(parse(delivery.data, filename=delivery.name, format=format))
    except WireFormatError as exc:
        return _Parsed(reason=str(exc))
    except Exception as exc:
        # A parser bug must not stop the batch or lose the file: it waits in quarantine.
        logger.exception("the parser failed on wire file %s", delivery.name)
        return _Parsed(
            reason=f"Manşet could not read this file (a parser error: {type(exc).__name__}: {exc})"
        )


def _file_store(delivery, sha: str, parsed: _Parsed, known: dict, *, source) -> FileReport:
    name, data, received_at = delivery.name, delivery.data, delivery.received_at
    if parsed.result is None:
        if not WireRejection.objects.filter(sha256=sha, reason=parsed.reason).exists():
            _reject(source, name, data, sha, Refusal(parsed.reason), received_at)
        return FileReport(name, "refused", reason=parsed.reason)
    result = parsed.result
    try:
        with transaction.atomic():  # a savepoint
            file = WireFile.objects.create(
                sha256=sha,
                name=name[:500],
                size=len(data),
                data=data,
                source=source,
                received_at=received_at,
            )
            outcomes = [
                _item_store(item, known, file=file, source=source, received_at=received_at)
                for item in result.items
            ]
            for refusal in result.refused:
                _reject(source, name, data, sha, refusal, received_at)
                outcomes.append(
                    ItemOutcome("refused", refusal.guid, refusal.headline, reason=refusal.reason)
                )
    except IntegrityError:
        # Another worker stored the same file (or item) a moment ago; its copy stands.
        if WireFile.objects.filter(sha256=sha).exists():
            return FileReport(name, "already imported")
        raise
    return FileReport(name, "imported", tuple(outcomes))


def _reject(source, name, data, sha, refusal: Refusal, received_at) -> None:
    WireRejection.objects.create(
        source=source,
        name=name[:500],
        reason=refusal.reason,
        guid=refusal.guid[:300],
        headline=refusal.headline[:500],
        size=len(data),
        sha256=sha,
        head=data[:KEPT_HEAD_BYTES],
        received_at=received_at,
    )
    logger.warning("wire file %s: %s", name, refusal.reason)


def provider_for(item: ParsedItem, source: WireSource | None) -> str:
    """The source's agency when it names one, else what the file says."""
    if source is not None and source.agency:
        return source.agency
    return item.provider or "?"


def content_hash(item: ParsedItem) -> str:
    """What makes two versions differ for a reader; times of delivery do not count."""
    data = item.as_json()
    for key in ("raw", "version", "versioned", "format"):
        data.pop(key, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _existing(items, source) -> dict[tuple[str, str], WireItem]:
    """The stored items a file's items update, in one query a provider."""
    wanted: dict[str, list[str]] = {}
    for item in items:
        wanted.setdefault(provider_for(item, source), []).append(item.guid)
    known = {}
    for provider, guids in wanted.items():
        for row in WireItem.objects.filter(provider=provider, guid__in=guids):
            known[(row.provider, row.guid)] = row
    return known


def _item_store(item: ParsedItem, known: dict, *, file, source, received_at) -> ItemOutcome:
    provider = provider_for(item, source)
    digest = content_hash(item)
    existing = known.get((provider, item.guid))
    if existing is None:
        stored = _item_create(item, provider, digest, file=file, source=source, at=received_at)
        known[(provider, item.guid)] = stored  # the same item twice in one file
        pictures = bool(pictures_wanted(stored.media))
        return ItemOutcome("created", item.guid, item.headline, stored.id, pictures=pictures)
    if existing.content_hash == digest:
        return ItemOutcome("unchanged", item.guid, item.headline, existing.id)
    if _is_older(item, existing):
        _version_keep(existing, item, digest, file=file, received_at=received_at)
        return ItemOutcome("older", item.guid, item.headline, existing.id)
    _version_keep_current(existing)
    _fields_set(existing, item, digest)
    existing.file = file
    existing.updated_at = received_at
    existing.route_pending = existing.route_pending and existing.article_id is None
    existing.refresh_pending = existing.article_id is not None
    existing.save()
    pictures = existing.article_id is None and bool(pictures_wanted(existing.media))
    return ItemOutcome("updated", item.guid, item.headline, existing.id, pictures=pictures)


def _is_older(item: ParsedItem, existing: WireItem) -> bool:
    if item.version != existing.version:
        return item.version < existing.version
    if item.versioned and existing.versioned_at:
        return item.versioned < existing.versioned_at
    return False


def _fields_set(row: WireItem, item: ParsedItem, digest: str) -> None:
    row.version = item.version
    row.format = item.format
    row.headline = item.headline[:500]
    row.slugline = item.slugline[:300]
    row.abstract = item.abstract
    row.body = item.body
    row.byline = item.byline[:300]
    row.dateline = item.dateline[:200]
    row.city = (item.city or turkish.province_of(item.dateline))[:100]
    row.category = item.category[:200]
    row.language = item.language[:20]
    row.subjects = list(item.subjects)
    row.keywords = list(item.keywords)
    row.media = [media_json(m) for m in item.media]
    row.link = item.link[:1000]
    row.urgency = item.urgency.value
    row.embargo_until = item.embargo
    row.created_at = item.created
    row.versioned_at = item.versioned
    row.content_hash = digest


def _item_create(item, provider, digest, *, file, source, at) -> WireItem:
    row = WireItem(
        provider=provider,
        guid=item.guid,
        source=source,
        file=file,
        received_at=at,
        updated_at=at,
        route_pending=True,
    )
    _fields_set(row, item, digest)
    words = stories.terms(item.headline, item.abstract, html_to_text(item.body))
    row.terms, row.signature = stories.fingerprint(words)
    moment = item.created or at
    keys = stories.bands(row.signature)
    row.story_id = _story_for(row, keys, moment)
    insert_row(row)
    if keys:
        at = connection.ops.adapt_datetimefield_value(moment)
        execute_many(_BANDS_INSERT, [(row.id, key, at) for key in keys])
    return row


_BANDS_INSERT = f"""
INSERT INTO {WireBand._meta.db_table} (item_id, key, at) VALUES (%s, %s, %s)
"""  # noqa: S608 (table names are ours; values are parameters)

# The newest postings of one band key near in time: bounded, however common the key.
_BAND_HITS = f"""
SELECT * FROM (
    SELECT item_id FROM {WireBand._meta.db_table}
    WHERE key = %s AND at BETWEEN %s AND %s ORDER BY at DESC LIMIT {stories.POSTINGS_PER_BAND}
) AS hits"""  # noqa: S608 (table names are ours; values are parameters)
_CANDIDATE_ROWS = f"""
SELECT id, terms, story_id FROM {WireItem._meta.db_table} WHERE id IN ({{ids}})
"""  # noqa: S608 (table names are ours; values are parameters)


def _candidates(keys: list[int], moment: datetime) -> list[tuple[int, bytes, int | None]]:
    """The items sharing most band keys with these, near in time: (id, terms, story id)."""
    # Adapted once, not once a key (Django would format each datetime parameter anew).
    start, end = (connection.ops.adapt_datetimefield_value(t) for t in stories.window(moment))
    sql = " UNION ALL ".join([_BAND_HITS] * len(keys))
    params = [value for key in keys for value in (key, start, end)]
    shared = Counter(item_id for (item_id,) in fetch_all(sql, params))
    ids = [item_id for item_id, _ in shared.most_common(stories.MAX_CANDIDATES)]
    if not ids:
        return []
    rows = fetch_all(_CANDIDATE_ROWS.format(ids=", ".join(["%s"] * len(ids))), ids)
    return [(item_id, bytes(terms), story) for item_id, terms, story in rows]


_STORY_GROWS = f"""
UPDATE {WireStory._meta.db_table} SET item_count = item_count + 1,
    updated_at = CASE WHEN updated_at < %s THEN %s ELSE updated_at END
WHERE id = %s
"""  # noqa: S608 (table names are ours; values are parameters)


_MEMBERS = f"""
SELECT terms FROM {WireItem._meta.db_table}
WHERE story_id = %s AND created_at BETWEEN %s AND %s LIMIT {stories.MAX_CANDIDATES}
"""  # noqa: S608 (table names are ours; values are parameters)


def _joins(row: WireItem, story_id: int, moment: datetime) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERS, [story_id, *stories.window(moment)])
        members = [bytes(terms) for (terms,) in cursor.fetchall()]
    return stories.cohesive(row.terms, members)


def _story_for(row: WireItem, keys: list[int], moment: datetime) -> int:
    """The story id of the most similar recent item, or of a new story."""
    match = stories.best_match(row.terms, _candidates(keys, moment)) if keys else None
    if match and match[1] is not None and _joins(row, match[1], moment):
        with connection.cursor() as cursor:
            cursor.execute(_STORY_GROWS, [moment, moment, match[1]])
        return match[1]
    story = WireStory(headline=row.headline, created_at=moment, updated_at=moment, item_count=1)
    insert_row(story)
    return story.id


def _version_keep(row: WireItem, item: ParsedItem, digest: str, *, file, received_at) -> None:
    WireItemVersion.objects.get_or_create(
        item=row,
        content_hash=digest,
        defaults=dict(
            version=item.version,
            headline=item.headline[:500],
            abstract=item.abstract,
            body=item.body,
            urgency=item.urgency.value,
            versioned_at=item.versioned,
            received_at=received_at,
            file=file,
        ),
    )


def _version_keep_current(row: WireItem) -> None:
    WireItemVersion.objects.get_or_create(
        item=row,
        content_hash=row.content_hash,
        defaults=dict(
            version=row.version,
            headline=row.headline,
            abstract=row.abstract,
            body=row.body,
            urgency=row.urgency,
            versioned_at=row.versioned_at,
            received_at=row.updated_at,
            file=row.file,
        ),
    )
