"""The wire desk's scheduled work, run by `manset worker` and `manset ingest watch`."""

import logging
from datetime import datetime

from manset.wires.sources import wire_ingest_pass, wire_retention

logger = logging.getLogger(__name__)


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
    if expired := wire_retention(now=now):
        logger.info("wire retention: %d unused items expired", expired)
