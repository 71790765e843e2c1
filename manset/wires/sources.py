"""Polling sources on their schedules: back-off on failure, pause after too many, idle alerts.

`wire_ingest_pass` is one pass over every due source (`manset ingest run`, and
each tick of `manset ingest watch` and `manset worker`). A delivery's items are
stored before the transport is told it is done and before the source's state
(ETag, cursor) moves on, so a crash repeats a fetch and loses nothing.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from manset.wires import transports
from manset.wires.credentials import redact, unseal
from manset.wires.errors import TransportError
from manset.wires.ingest import FILES_PER_TRANSACTION, FileReport, wire_files_ingest
from manset.wires.models import WireFile, WireItem, WireRejection, WireSource, WireStory
from manset.wires.routing import RouteReport, wire_items_route
from manset.wires.transports.base import SourceConfig

logger = logging.getLogger(__name__)

BACKOFF_START = timedelta(minutes=1)
BACKOFF_LIMIT = timedelta(hours=1)
CLAIM_SECONDS = 600


@dataclass(frozen=True)
class PollReport:
    source: str
    files: tuple[FileReport, ...] = ()
    error: str = ""
    not_modified: bool = False


@dataclass(frozen=True)
class PassReport:
    polls: tuple[PollReport, ...] = ()
    route: RouteReport = field(default_factory=RouteReport)


def source_config(source: WireSource) -> SourceConfig:
    return SourceConfig(
        kind=source.transport,
        name=source.name,
        url=source.url,
        path=source.path,
        username=source.username,
        password=unseal(source.password),
        options=dict(source.options or {}),
    )


def sources_due(*, now: datetime) -> list[WireSource]:
    return list(
        WireSource.objects.filter(enabled=True, paused_reason="")
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .order_by("next_fetch_at", "id")
    )


def source_poll(source: WireSource, *, now: datetime | None = None) -> PollReport:
    """Fetch one source once and store what it delivered."""
    now = now or timezone.now()
    secrets = [source.password, source.username]
    try:
        config = source_config(source)
        secrets.append(config.password)
        result = transports.fetch(config, dict(source.state or {}))
    except TransportError as exc:
        reason = redact(str(exc), secrets)
        _failed(source, reason, now)
        return PollReport(source.name, error=reason)
    files = []
    deliveries = list(result.deliveries)
    for start in range(0, len(deliveries), FILES_PER_TRANSACTION):
        chunk = deliveries[start : start + FILES_PER_TRANSACTION]
        files.extend(wire_files_ingest(chunk, source=source))
        for delivery in chunk:  # only once their items are committed
            transports.done(config, delivery)
    _succeeded(source, result.state, now, files)
    return PollReport(source.name, tuple(files), not_modified=result.not_modified)


def _failed(source: WireSource, reason: str, now: datetime) -> None:
    source.failures += 1
    source.last_error = reason
    source.last_fetch_at = now
    delay = min(BACKOFF_START * 2 ** (source.failures - 1), BACKOFF_LIMIT)
    source.next_fetch_at = now + max(delay, timedelta(seconds=source.interval_seconds))
    if source.max_failures and source.failures >= source.max_failures:
        source.paused_reason = f"{source.failures} kez üst üste başarısız: {reason}"
        logger.error("wire source %s paused after %d failures: %s", source, source.failures, reason)
    else:
        logger.warning("wire source %s failed (%d in a row): %s", source, source.failures, reason)
    source.save(
        update_fields=["failures", "last_error", "last_fetch_at", "next_fetch_at", "paused_reason"]
    )


def _succeeded(source, state: dict, now: datetime, files: list[FileReport]) -> None:
    state = dict(state)
    # Files or documents the transport skipped: shown on the source, not kept as state.
    skipped = state.pop("errors", [])
    source.failures = 0
    source.last_error = "\n".join(skipped)[:5000]
    source.state = state
    source.last_fetch_at = source.last_success_at = now
    source.next_fetch_at = now + timedelta(seconds=source.interval_seconds)
    if any(r.count("created") or r.count("updated") for r in files):
        source.last_item_at = now
    source.save(
        update_fields=[
            "failures",
            "last_error",
            "state",
            "last_fetch_at",
            "last_success_at",
            "next_fetch_at",
            "last_item_at",
        ]
    )


def source_resume(source: WireSource) -> None:
    """Un-pause a source: it is fetched at the next pass."""
    source.paused_reason = ""
    source.failures = 0
    source.next_fetch_at = None
    source.save(update_fields=["paused_reason", "failures", "next_fetch_at"])


def sources_idle(*, now: datetime | None = None) -> list[tuple[WireSource, datetime]]:
    """Enabled sources that brought nothing for longer than their idle-alert time."""
    now = now or timezone.now()
    idle = []
    for source in WireSource.objects.filter(enabled=True, idle_alert_minutes__gt=0):
        since = source.last_item_at or source.created_at
        if since and now - since > timedelta(minutes=source.idle_alert_minutes):
            idle.append((source, since))
    return idle


def wire_ingest_pass(*, now: datetime | None = None) -> PassReport:
    """Poll every due source once, then route the items that arrived.

    Several workers may run passes at once: each source is claimed first, so only one
    of them polls it.
    """
    now = now or timezone.now()
    polls = tuple(
        source_poll(source, now=now) for source in sources_due(now=now) if _claim(source, now)
    )
    return PassReport(polls, wire_items_route())


def _claim(source: WireSource, now: datetime) -> bool:
    """Move the source's next fetch past this poll, unless another worker did it first.

    Should the poll die with its worker, the source is due again after CLAIM_SECONDS.
    """
    claimed = (
        WireSource.objects.filter(id=source.id)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .update(next_fetch_at=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return claimed == 1


def wire_retention(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete items nobody used within `days` (MANSET_WIRE_RETENTION_DAYS); returns how many."""
    now = now or timezone.now()
    days = settings.MANSET_WIRE_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    _, by_model = WireItem.objects.filter(article__isnull=True, received_at__lt=cutoff).delete()
    WireFile.objects.filter(received_at__lt=cutoff, wireitem__isnull=True).delete()
    WireRejection.objects.filter(received_at__lt=cutoff).delete()
    WireStory.objects.filter(updated_at__lt=cutoff, items__isnull=True).delete()
    return by_model.get(WireItem._meta.label, 0)
