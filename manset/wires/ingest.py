"""Storing agency files: one transaction per file, items upserted, stories grouped.

A file is stored whole or not at all (its WireFile row, items, versions, bands
and the refusals of its bad items commit together), and a file already stored
is recognised by its SHA-256 and left alone: a worker killed mid-batch repeats
at most the file it was on, and re-ingesting a file changes nothing.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from manset.core.db import commit_without_waiting_for_disk
from manset.newsroom.agencies import Agency
from manset.wires import stories
from manset.wires.errors import WireFormatError
from manset.wires.items import ParsedItem, Refusal
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
from manset.wires.text import html_to_text

logger = logging.getLogger(__name__)

KEPT_HEAD_BYTES = 64 * 1024  # of a refused file, for whoever looks into it


@dataclass(frozen=True)
class ItemOutcome:
    verdict: str  # created | updated | unchanged | older | refused
    guid: str = ""
    headline: str = ""
    item_id: int | None = None
    reason: str = ""


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
    received_at = received_at or timezone.now()
    sha = hashlib.sha256(data).hexdigest()
    if WireFile.objects.filter(sha256=sha).exists():
        return FileReport(name, "already imported")
    try:
        result = parse(data, filename=name, format=format or (source and source.format) or None)
    except WireFormatError as exc:
        if not WireRejection.objects.filter(sha256=sha, reason=str(exc)).exists():
            _reject(source, name, data, sha, Refusal(str(exc)), received_at)
        return FileReport(name, "refused", reason=str(exc))
    try:
        with transaction.atomic():
            commit_without_waiting_for_disk()
            file = WireFile.objects.create(
                sha256=sha,
                name=name[:500],
                size=len(data),
                data=data,
                source=source,
                received_at=received_at,
            )
            outcomes = [
                _item_store(item, file=file, source=source, received_at=received_at)
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


def _item_store(item: ParsedItem, *, file, source, received_at) -> ItemOutcome:
    provider = provider_for(item, source)
    digest = content_hash(item)
    existing = WireItem.objects.filter(provider=provider, guid=item.guid).first()
    if existing is None:
        stored = _item_create(item, provider, digest, file=file, source=source, at=received_at)
        return ItemOutcome("created", item.guid, item.headline, stored.id)
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
    existing.save()
    return ItemOutcome("updated", item.guid, item.headline, existing.id)


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
    row.city = item.city[:100]
    row.category = item.category[:200]
    row.language = item.language[:20]
    row.subjects = list(item.subjects)
    row.keywords = list(item.keywords)
    row.media = [m for m in item.as_json()["media"]]
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
    row.signature = stories.signature(words)
    moment = item.created or at
    row.story = _story_for(row, moment)
    row.save(force_insert=True)
    keys = stories.bands(row.signature)
    WireBand.objects.bulk_create(WireBand(item=row, key=key, at=moment) for key in keys)
    return row


def _story_for(row: WireItem, moment: datetime) -> WireStory:
    """The story of the most similar recent item, or a new one."""
    match = None
    keys = stories.bands(row.signature)
    if keys:
        start, end = stories.window(moment)
        hits = list(
            WireBand.objects.filter(key__in=keys, at__gte=start, at__lte=end).values_list(
                "item_id", flat=True
            )
        )
        ids = stories.top_candidates(hits)
        if ids:
            candidates = list(
                WireItem.objects.filter(id__in=ids).values_list("id", "signature", "story_id")
            )
            match = stories.best_match(
                row.signature, [(i, bytes(s), st) for i, s, st in candidates]
            )
    if match and match[1] is not None:
        story = WireStory.objects.get(id=match[1])
        story.item_count += 1
        story.updated_at = max(story.updated_at, moment)
        story.save(update_fields=["item_count", "updated_at"])
        return story
    return WireStory.objects.create(
        headline=row.headline, created_at=moment, updated_at=moment, item_count=1
    )


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


def known_agency(provider: str) -> str:
    """The newsroom.Agency code for a provider, or "" for agencies the site does not credit."""
    return provider if provider in Agency.values else ""
