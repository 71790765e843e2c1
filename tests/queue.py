"""Production's task queue (django-tasks-db) in a test: swap TASKS to it and run what a
worker would run now, in this process and the test's transaction."""

import pytest
from django_tasks_db.models import DBTaskResult

from manset.core import taskqueue

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production. Through pytest-django's `settings`
    (not override_settings) so that tests also changing other settings restore them all."""
    settings.TASKS = DATABASE_QUEUE


def run_ready_tasks(*tasks) -> list[DBTaskResult]:
    """Run the tasks that are due now, as a worker would, and return their records: those
    of `tasks` only when given (not, say, Wagtail's own that the fixtures queued)."""
    worker = taskqueue.queue_worker(worker_id="test")
    ready = DBTaskResult.objects.ready()
    if tasks:
        ready = ready.filter(task_path__in=[task.module_path for task in tasks])
    ran = []
    for row in ready:
        row.claim(worker.worker_id)
        worker.run_task(row)
        ran.append(DBTaskResult.objects.get(pk=row.pk))
    return ran
