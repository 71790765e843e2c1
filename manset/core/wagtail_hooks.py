"""Core's part of the Wagtail admin: the failed background tasks."""

from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from manset.core.task_viewsets import ViewOnlyPolicy, failed_task_viewset

register_permission_policy(DBTaskResult, ViewOnlyPolicy(DBTaskResult), exact_class=True)


@hooks.register("register_admin_viewset")
def task_admin_viewsets():
    return failed_task_viewset
