"""Embargo: an article never goes live before its `embargo_until`, whichever way it is published.

Decision. Wagtail 8 has no pre-publish hook at the model level: every publication
ends in `PublishRevisionAction._publish_revision()`, which has no extension point,
and the admin's edit view builds that action itself instead of calling
`Page.publish()`. So the rule is enforced in three places, all calling
`embargo_refusal()` below:

1. The admin form (`ArticlePageForm`, `ArticlePage.base_form_class`). When the
   editor clicks "Yayınla" (or approves a workflow task, which publishes) while
   the embargo lasts, the form sets the go-live time to the embargo's end, so
   Wagtail schedules the article instead of publishing it (the footer offers this
   as "Ambargo bitince yayınla", see admin_schedule). Only a form without the
   go-live field gets a validation error on the embargo field instead.
2. The revision-publish level (`ArticlePage.publish()` calls `embargo_allows()`).
   `Revision.publish()` calls `Page.publish()` on the specific page for every path
   but the edit view: the create view, workflow approval, bulk publish,
   `publish_scheduled` (so `manset worker`) and code. A publication, or a schedule,
   before the embargo raises `EmbargoError` before Wagtail changes anything (a
   PermissionDenied). Approving the last workflow task is the exception that helps
   the editor: `workflow_finish.finish_workflow` (WAGTAIL_FINISH_WORKFLOW_ACTION) schedules the
   approved article for the embargo's end instead. One more exception: a revision already
   scheduled (`approved_go_live_at` set) whose time has come while the embargo
   still holds is held, not raised, so that `publish_scheduled` carries on with
   the other pages; it goes live at the first run after the embargo. Such a
   schedule can only come from around this guard.
3. Wagtail's `before_publish_page` admin hook (`wagtail_hooks.py`), the net for
   the edit view should a custom form ever replace `ArticlePageForm`.

When a publication is refused, a page that was never published is not left live
(Wagtail's create view saves a new page with `live=True` before publishing it).
"""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from manset import turkish
from manset.core.errors import MansetError

logger = logging.getLogger(__name__)


class EmbargoError(MansetError, PermissionDenied):
    """A publication, or a schedule, that would put an article live before its embargo.

    A PermissionDenied, as Wagtail's own refusal to publish is: a view it escapes
    from answers 403 rather than 500, and its transaction is rolled back.
    """


def embargo_refusal(
    *, embargo_until: datetime | None, go_live_at: datetime | None, now: datetime
) -> str | None:
    """Why going live now (or at a later `go_live_at`) breaks the embargo; None if it does not."""
    if embargo_until is None:
        return None
    goes_live = go_live_at if go_live_at and go_live_at > now else now
    if goes_live >= embargo_until:
        return None
    return str(
        _("Ambargo %(time)s saatine kadar sürüyor; yayın zamanını ambargodan sonraya ayarlayın.")
        % {"time": turkish.format_short(embargo_until)}
    )


def embargo_allows(*, page, revision) -> bool:
    """Whether Wagtail may go on publishing (or scheduling) `revision` of `page`.

    Raises EmbargoError when the embargo forbids it; returns False, after logging,
    for a scheduled revision whose time has come while the embargo still holds.
    """
    content = revision.as_object()
    now = timezone.now()
    refusal = embargo_refusal(
        embargo_until=content.embargo_until, go_live_at=content.go_live_at, now=now
    )
    if refusal is None:
        return True
    if revision.approved_go_live_at is not None and revision.approved_go_live_at <= now:
        logger.warning(
            'Embargo holds "%s" (id %s) until %s; its scheduled publication waits for it.',
            content.title,
            page.pk,
            content.embargo_until.isoformat(),
        )
        return False
    _never_published_stays_offline(page)
    raise EmbargoError(f"«{content.title}»: {refusal}")


def embargo_admin_refusal(*, page) -> str | None:
    """The admin's "publish" on `page` as the form left it: the refusal, or None to go on."""
    refusal = embargo_refusal(
        embargo_until=page.embargo_until, go_live_at=page.go_live_at, now=timezone.now()
    )
    if refusal is not None:
        _never_published_stays_offline(page)
    return refusal


def _never_published_stays_offline(page) -> None:
    if page.pk is None or page.live_revision_id is not None:
        return
    type(page).objects.filter(pk=page.pk, live_revision__isnull=True).update(
        live=False, has_unpublished_changes=True
    )
    page.live = False


class ArticlePageForm(WagtailAdminPageForm):
    """The article's admin form: "publish now" during the embargo schedules it for its end."""

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get("action-publish") == "schedule" and not cleaned_data.get("go_live_at"):
            # "Zamanla" in the schedule dialog (admin_schedule): never "publish now" by mistake.
            self.add_error("go_live_at", _("Yayın zamanını seçin."))
        if self._publishes():
            embargo_until = cleaned_data.get("embargo_until", self.instance.embargo_until)
            refusal = embargo_refusal(
                embargo_until=embargo_until,
                go_live_at=cleaned_data.get("go_live_at", self.instance.go_live_at),
                now=timezone.now(),
            )
            if refusal is not None and "go_live_at" in self.fields:
                cleaned_data["go_live_at"] = embargo_until
            elif refusal is not None:
                self.add_error("embargo_until" if "embargo_until" in self.fields else None, refusal)
        return cleaned_data

    def _publishes(self) -> bool:
        """The button pressed publishes: "Yayınla", or approving the (one) workflow task."""
        data = self.data
        return bool(data.get("action-publish")) or (
            bool(data.get("action-workflow-action"))
            and data.get("workflow-action-name") == "approve"
        )
