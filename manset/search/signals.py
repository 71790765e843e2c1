"""Index tasks follow publishing: publish, unpublish, move and delete re-index the article
once the transaction commits (the task then sees what was committed)."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move


def _enqueue(page_id: int) -> None:
    from manset.search.tasks import index_pages_task

    transaction.on_commit(lambda: index_pages_task.enqueue(page_ids=[page_id]))


def _on_page_changed(sender, instance, **kwargs):
    _enqueue(instance.pk)


def _on_page_moved(sender, instance, **kwargs):
    from manset.newsroom.models import ArticlePage, DeskPage

    page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if isinstance(page, ArticlePage):
        _enqueue(page.pk)
    elif isinstance(page, DeskPage):
        # A desk moved or renamed: its articles' desk names in the index follow.
        ids = list(ArticlePage.objects.child_of(page).values_list("pk", flat=True))
        if ids:
            from manset.search.tasks import index_pages_task

            transaction.on_commit(lambda: index_pages_task.enqueue(page_ids=ids))


def connect() -> None:
    from manset.newsroom.models import ArticlePage

    for signal in (page_published, page_unpublished):
        signal.connect(_on_page_changed, sender=ArticlePage, dispatch_uid=f"search-{signal}")
    post_delete.connect(_on_page_changed, sender=ArticlePage, dispatch_uid="search-delete")
    post_page_move.connect(_on_page_moved, dispatch_uid="search-move")
