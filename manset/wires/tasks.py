"""Background work of the wire desk: fetching an item's pictures ahead (manset.wires.pictures).

Queued in the ingest's own transaction, so the task rows commit with the items or not
at all, and only with a persistent queue (production). Without one (development,
tests) the task would run there and then, making every ingest wait for every picture,
the opposite of its purpose: the conversion fetches them instead, as it always can.
"""

from collections.abc import Iterable

from django_tasks import task

from manset.core.taskqueue import queue_backend_name, task_retry_later
from manset.wires.pictures import wire_pictures_prefetch

PICTURE_ATTEMPTS = 4  # 30 s, 2 min, 8 min: an agency's picture server restarting


@task()
def wire_pictures_fetch_task(*, item_id: int, attempt: int = 1) -> dict:
    try:
        prefetch = wire_pictures_prefetch(item_id=item_id)
        if prefetch.failed:
            raise prefetch.error(item_id)
    except Exception as error:  # a picture server's error, a database restart: later
        when = task_retry_later(
            wire_pictures_fetch_task,
            attempt=attempt,
            max_attempts=PICTURE_ATTEMPTS,
            kwargs={"item_id": item_id},
            error=error,
        )
        if when is None:
            raise
        return {"error": str(error), "retry_at": when.isoformat()}
    return {"stored": len(prefetch.stored), "skipped": prefetch.skipped}


def wire_pictures_queue(item_ids: Iterable[int]) -> int:
    """Queue the fetching ahead of these items' pictures; how many were queued.

    Call it inside the transaction that stores the items."""
    if queue_backend_name() is None:
        return 0
    queued = 0
    for item_id in dict.fromkeys(item_ids):  # an item twice in one file: once
        wire_pictures_fetch_task.enqueue(item_id=item_id)
        queued += 1
    return queued
