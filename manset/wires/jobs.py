"""The wire desk's scheduled work, run by `manset worker` and `manset ingest watch`."""

import logging
from datetime import datetime

from django.core.cache import cache

from manset.wires.sources import sources_idle, wire_ingest_pass, wire_retention

logger = logging.getLogger(__name__)

IDLE_LOG_SECONDS = 3600


def wire_ingest_job(now: datetime) -> None:
    """Poll the due agency sources, route what arrived, and expire unused old items."""
    report = wire_ingest_pass(now=now)
    for poll in report.polls:
        created = sum(f.count("created") for f in poll.files)
        updated = sum(f.count("updated") for f in poll.files)
        if poll.error:
            logger.warning("wire source %s: %s", poll.source, poll.error)
        elif created or updated:
            logger.info("wire source %s: %d new, %d updated", poll.source, created, updated)
    for source, since in sources_idle(now=now):
        # Once an hour a source, not every tick: the banner in the admin says it all along.
        if cache.add(f"wires:idle-logged:{source.id}", True, IDLE_LOG_SECONDS):
            logger.warning("wire source %s has brought nothing since %s", source, since.isoformat())
    if expired := wire_retention(now=now):
        logger.info("wire retention: %d unused items expired", expired)
