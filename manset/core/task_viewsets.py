"""Failed background tasks in the Wagtail admin (Ayarlar → Başarısız görevler), read-only.

django-tasks-db ships a Django admin page, but Manşet has no /django-admin/. Superusers
(and groups given `django_tasks_database.view_dbtaskresult`) see the list; nobody can add,
change or delete a task's record here.
"""

from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

LABELS = {
    "task_path": _("Görev"),
    "args_kwargs": _("Argümanlar"),
    "queue_name": _("Kuyruk"),
    "enqueued_at": _("Kuyruğa girdi"),
    "started_at": _("Başladı"),
    "finished_at": _("Bitti"),
    "worker_ids": _("Çalıştıran işçiler"),
    "exception_class_path": _("Hata"),
    "traceback": _("Hata ayrıntısı"),
}


LIST_TITLE = _("Başarısız görevler")


class ViewOnlyPolicy(ModelPermissionPolicy):
    """The model's `view` permission; add, change and delete for nobody."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class FailedTaskPaginator(WagtailPaginator):
    """ "N başarısız görev" under the list, not django-tasks-db's English "Task Results"."""

    verbose_name = verbose_name_plural = _("başarısız görev")


class FailedTaskIndexView(IndexView):
    paginator_class = FailedTaskPaginator
    page_title = LIST_TITLE
    verbose_name = _("başarısız görev")
    verbose_name_plural = _("başarısız görevler")

    def get_base_queryset(self):
        return super().get_base_queryset().failed().order_by("-finished_at")


class FailedTaskInspectView(InspectView):
    def get_page_subtitle(self):
        return self.object.task_name

    def get_breadcrumbs_items(self):
        english = capfirst(self.model._meta.verbose_name_plural)  # django-tasks-db's "Task Results"
        return [
            {**item, "label": LIST_TITLE} if item["label"] == english else item
            for item in super().get_breadcrumbs_items()
        ]

    def get_field_label(self, field_name, field):
        return LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value

    def get_worker_ids_display_value(self):
        return ", ".join(self.object.worker_ids)

    def get_traceback_display_value(self):
        return format_html("<pre>{}</pre>", self.object.traceback)


class ErrorColumn(Column):
    """The exception's last line without its module path: what went wrong, in few words."""

    def get_value(self, instance):
        lines = instance.traceback.strip().splitlines()
        last = lines[-1] if lines else instance.exception_class_path
        name, colon, message = last.partition(":")
        return name.rsplit(".", 1)[-1] + colon + message


class FailedTaskViewSet(ModelViewSet):
    model = DBTaskResult
    name = "failed_tasks"
    url_prefix = "gorevler/basarisiz"
    icon = "warning"
    menu_label = LIST_TITLE
    add_to_settings_menu = True
    index_view_class = FailedTaskIndexView
    inspect_view_class = FailedTaskInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "task_name",
            label=LABELS["task_path"],
            url_name="failed_tasks:inspect",  # the whole record; there is no edit view
        ),
        ErrorColumn("error", label=LABELS["exception_class_path"]),
        DateColumn("finished_at", label=LABELS["finished_at"]),
    ]
    list_filter = []
    inspect_view_fields = list(LABELS)
    form_fields = []


failed_task_viewset = FailedTaskViewSet()
