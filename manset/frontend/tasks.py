"""Background tasks of the reader site: purging one caching proxy (queued in production,
where a proxy that does not answer is tried again with back-off)."""

from django_tasks import task

from manset.core.taskqueue import task_retry_later
from manset.frontend import proxies

# The first try and three more, 30 s, 2 min and 8 min later: a proxy restarted from its
# disk cache still holds the old pages, so a purge it missed must reach it when it is back.
PURGE_ATTEMPTS = 4
# Ahead of the tasks a publish queues beside it (search indexing, Wagtail's reference
# index): readers are waiting for the purges.
PURGE_PRIORITY = 50


@task(priority=PURGE_PRIORITY)
def proxy_purge_task(*, location: str, urls: list[str], attempt: int = 1) -> dict:
    """Purge `urls` at the one proxy `location` (a task a proxy, so one that does not
    answer delays and fails only its own purges)."""
    try:
        purged = proxies.proxy_purge(location=location, urls=urls)
    except proxies.ProxyPurgeFailed as error:
        when = task_retry_later(
            proxy_purge_task,
            attempt=attempt,
            max_attempts=PURGE_ATTEMPTS,
            kwargs={"location": location, "urls": error.remaining},
            error=error,
        )
        if when is None:
            raise  # fails for good: listed under Ayarlar → Başarısız görevler
        return {"purged": error.purged, "left": len(error.remaining), "retry_at": when.isoformat()}
    return {"purged": purged}
