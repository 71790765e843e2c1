"""Background tasks of search (Django's tasks API: immediate in development)."""

from django_tasks import task


@task()
def index_pages_task(*, page_ids: list[int]) -> dict:
    from manset.search.indexing import index_pages

    indexed, removed = index_pages(page_ids)
    return {"indexed": indexed, "removed": removed}
