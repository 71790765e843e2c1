"""Background tasks of search (Django's tasks API: immediate in development, queued in
production, where a failed run is retried with back-off)."""

from django_tasks import task

from manset.core.taskqueue import task_retry_later

INDEX_ATTEMPTS = 4


@task()
def index_pages_task(*, page_ids: list[int], attempt: int = 1) -> dict:
    from manset.search.indexing import index_pages

    try:
        indexed, removed = index_pages(page_ids)
    except Exception as error:  # a database restart, a lock timeout: try again later
        kwargs = {"page_ids": page_ids}
        when = task_retry_later(
            index_pages_task,
            attempt=attempt,
            max_attempts=INDEX_ATTEMPTS,
            kwargs=kwargs,
            error=error,
        )
        if when is None:
            raise
        return {"error": repr(error), "retry_at": when.isoformat()}
    return {"indexed": indexed, "removed": removed}
