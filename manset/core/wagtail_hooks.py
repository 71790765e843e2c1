"""Core's part of the Wagtail admin: the failed background tasks; pages named for the metrics."""

from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from manset.core.task_viewsets import ViewOnlyPolicy, failed_task_viewset

register_permission_policy(DBTaskResult, ViewOnlyPolicy(DBTaskResult), exact_class=True)


@hooks.register("register_admin_viewset")
def task_admin_viewsets():
    return failed_task_viewset


@hooks.register("before_serve_page")
def name_page_type(page, request, serve_args, serve_kwargs):
    """Wagtail serves every page through one view: the request metrics label the page's
    type instead (manset.core.requestlog), a bounded set, unlike paths."""
    request.manset_page_type = page._meta.model_name
