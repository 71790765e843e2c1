"""Scheduling in plain sight: "Zamanla" beside "Yayınla", the embargo's end offered as
the time, and the scheduled time shown wherever Wagtail says only "zamanlandı".

Wagtail keeps the go-live time in a dialog behind the status side panel, and its
"Yayınla" schedules only once that time is set. Here the footer gets:
- "Zamanla…", opening that dialog, whose own button then schedules ("Zamanla");
- during an embargo, "Yayınla" becomes "Ambargo bitince yayınla (7 Aralık 14:00)":
  the article form sets the go-live time to the embargo's end (newsroom.embargo).
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, PublishMenuItem
from wagtail.models import Page

from manset import turkish
from manset.newsroom.models import ArticlePage, DeskPage

SCHEDULE_DIALOG = "schedule-publishing-dialog"


def embargo_pending(page) -> datetime | None:
    """The embargo end `page` would be scheduled for by "Yayınla", or None."""
    embargo = getattr(page, "embargo_until", None)
    if embargo is None or embargo <= timezone.now():
        return None
    if page.go_live_at and page.go_live_at >= embargo:
        return None
    return embargo


def scheduled_go_live_at(page: Page) -> datetime | None:
    """When the page's approved schedule puts it live; None when nothing is scheduled."""
    if not page.approved_schedule:
        return None
    revision = page.scheduled_revision
    return revision.approved_go_live_at if revision else None


def status_with_time(page: Page) -> str:
    """Wagtail's status ("zamanlandı", "yayında + zamanlandı") with the time it goes live."""
    status = str(page.status_string)
    go_live_at = scheduled_go_live_at(page)
    if go_live_at is None:
        return status
    return f"{status} · {turkish.format_day_time(go_live_at)}"


def can_schedule_here(*, user, page: Page | None, parent_page: Page | None) -> bool:
    """Whether `user` may schedule the article `page`, or a new one under the desk `parent_page`.

    Articles only: their form refuses "Zamanla" without a time (newsroom.embargo),
    so the button never publishes at once by mistake.
    """
    if page is not None and page.pk:
        return isinstance(page, ArticlePage) and page.permissions_for_user(user).can_publish()
    return isinstance(parent_page, DeskPage) and (
        parent_page.permissions_for_user(user).can_publish_subpage()
    )


class ScheduleMenuItem(ActionMenuItem):
    """ "Zamanla…": opens Wagtail's publishing-schedule dialog."""

    name = "action-schedule"
    icon_name = "calendar-alt"
    template_name = "newsroom/admin/schedule_menu_item.html"

    def is_shown(self, context):
        if context["view"] not in ("create", "edit") or context.get("locked_for_user"):
            return False
        parent_page = context.get("parent_page")
        return can_schedule_here(
            user=context["request"].user,
            page=context.get("page"),
            parent_page=parent_page.specific if parent_page else None,
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Zamanla…")
        context["dialog_id"] = SCHEDULE_DIALOG
        return context


class EmbargoPublishMenuItem(PublishMenuItem):
    """ "Yayınla" during an embargo, saying what it will do: schedule for the embargo's end."""

    def __init__(self, *, embargo: datetime, order: int):
        super().__init__(order=order)
        self.embargo = embargo

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Ambargo bitince yayınla (%(time)s)") % {
            "time": turkish.format_day_time(self.embargo)
        }
        context["is_scheduled"] = False  # Wagtail's template would say only "Yayını zamanla"
        return context


@hooks.register("register_page_action_menu_item")
def schedule_menu_item():
    return ScheduleMenuItem(order=31)  # right after "Yayınla" (30)


@hooks.register("construct_page_action_menu")
def publish_says_when_the_embargo_ends(menu_items, request, context):
    page = context.get("page")
    if not isinstance(page, ArticlePage):
        return
    embargo = embargo_pending(page)
    if embargo is None:
        return
    for index, item in enumerate(menu_items):
        if type(item) is PublishMenuItem:
            menu_items[index] = EmbargoPublishMenuItem(embargo=embargo, order=item.order)
