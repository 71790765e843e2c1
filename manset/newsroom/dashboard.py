"""The admin's home page for the morning meeting: one small panel per kind of work.

Wagtail's counters and panels give way to these (wagtail_hooks.py). The newsroom's panels are
here; the wire desk and the comment desk add theirs from their own apps (wires.dashboard,
comments.dashboard) with `DashboardPanel`, so imports still point down the layers. Each panel
shows to the roles it serves, links every row to the screen where the work is done, and
makes a fixed number of queries however many rows it lists.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask, Revision, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from manset import turkish
from manset.newsroom import selectors
from manset.newsroom.models import ArticlePage

ROWS = 6
HOURS = 6  # "the last hours" of the most read


@dataclass(frozen=True)
class Row:
    """One line of a panel: what, where to act on it, when, and a short note."""

    title: str
    url: str
    when: str = ""
    note: str = ""


class DashboardPanel(Component):
    """A panel of the admin's home page. Subclasses set the texts and `rows()`."""

    name = ""
    order = 100
    heading = ""
    icon = "placeholder"
    empty = _("Şu an bir şey yok.")
    template_name = "newsroom/dashboard/panel.html"

    class Media:
        css = {"all": ["newsroom/dashboard.css"]}

    def __init__(self, request):
        self.request = request
        self.user = request.user

    @classmethod
    def shown_to(cls, request) -> bool:
        return True

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def link(self) -> tuple[str, str] | None:
        """(url, label) of the screen where this panel's work is done, if it has one."""
        return None

    def desk_name(self, page) -> str:
        """The title of the desk `page` is on (desks read once a request, for every panel)."""
        names = getattr(self.request, "_newsroom_desk_names", None)
        if names is None:
            names = {desk.path: desk.title for desk in selectors.desk_list()}
            self.request._newsroom_desk_names = names
        return names.get(page.path[: -page.steplen], "")

    def published_link(self, article) -> str:
        """The editor for those who may edit the story, else the story on the site."""
        if article.permissions_for_user(self.user).can_edit():
            return edit_url(article.id)
        return article.get_url(self.request)

    def get_context_data(self, parent_context=None):
        return {"panel": self, "rows": self.rows(), "link": self.link()}


def when(dt: datetime | None) -> str:
    """A time as the newsroom says it: "az önce", "3 saat önce", "dün 14:05"; ahead of now,
    the date and hour ("19.06.2024 14:20")."""
    if dt is None:
        return ""
    if dt > timezone.now() + timedelta(minutes=1):
        return turkish.format_short(dt)
    return turkish.format_relative(dt)


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def page_paths(user) -> list[str] | None:
    """The page paths under which `user` holds a page permission; None: everywhere."""
    if user.is_superuser:
        return None
    grants = PagePermissionPolicy().get_cached_permissions_for_user(user)
    return sorted({grant.page.path for grant in grants})


def can_publish(user) -> bool:
    if user.is_superuser:
        return True
    grants = PagePermissionPolicy().get_cached_permissions_for_user(user)
    return any(g.permission.codename == "publish_page" for g in grants)


def within(paths: list[str] | None, prefix: str = "") -> Q:
    """Pages under any of `paths` (all pages for None; none for [])."""
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


class BreakingPanel(DashboardPanel):
    name = "breaking"
    icon = "warning"
    order = 10
    heading = _("Son Dakika")
    empty = _("Son 6 saatte son dakika haberi yok.")
    template_name = "newsroom/dashboard/breaking.html"

    def rows(self):
        return [
            Row(a.title, self.published_link(a), when(a.first_published_at), self.desk_name(a))
            for a in selectors.breaking_list(limit=ROWS)  # the site's Son Dakika window
        ]


class MostReadPanel(DashboardPanel):
    name = "most-read"
    icon = "view"
    order = 20
    heading = _("Son 6 saatte en çok okunanlar")
    empty = _("Son 6 saatte okuma kaydı yok.")
    template_name = "newsroom/dashboard/most_read.html"

    def rows(self):
        return [
            Row(a.title, self.published_link(a), when(a.first_published_at), self.desk_name(a))
            for a in selectors.most_read_list(hours=HOURS, limit=ROWS)
        ]


class ApprovalPanel(DashboardPanel):
    """Stories submitted to a workflow task the user approves (Editör, Yazı İşleri)."""

    name = "approval"
    icon = "tasks"
    order = 30
    heading = _("Onayımı bekleyen haberler")
    empty = _("Onayınızı bekleyen haber yok.")
    template_name = "newsroom/dashboard/approval.html"

    @classmethod
    def shown_to(cls, request):
        return can_publish(request.user)

    def rows(self):
        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not self.user.is_superuser:
            tasks = GroupApprovalTask.objects.filter(active=True, groups__user=self.user)
            states = states.filter(task__in=tasks)
        states = list(
            states.select_related("workflow_state__requested_by").order_by("-started_at")[:ROWS]
        )
        ids = [int(s.workflow_state.object_id) for s in states]
        pages = ArticlePage.objects.filter(id__in=ids).only("id", "draft_title", "path", "depth")
        pages = pages.in_bulk()
        rows = []
        for state in states:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None:
                continue
            by = state.workflow_state.requested_by
            who = (by.get_full_name() or by.get_username()) if by else ""
            note = " · ".join(part for part in (self.desk_name(page), who) if part)
            rows.append(Row(page.draft_title, edit_url(page.id), when(state.started_at), note))
        return rows

    def link(self):
        return reverse("wagtailadmin_reports:workflow_tasks"), _("Tüm onay adımları")


class ScheduledPanel(DashboardPanel):
    """Stories set to go live later, and those held by an embargo, soonest first."""

    name = "scheduled"
    icon = "time"
    order = 40
    heading = _("Zamanlanmış ve ambargolu haberler")
    empty = _("Zamanlanmış ya da ambargolu haber yok.")
    template_name = "newsroom/dashboard/scheduled.html"

    @classmethod
    def shown_to(cls, request):
        return request.user.is_superuser or bool(page_paths(request.user))

    def rows(self):
        now = timezone.now()
        paths = page_paths(self.user)
        scheduled = list(
            Revision.page_revisions.filter(approved_go_live_at__gt=now)
            .order_by("approved_go_live_at")
            .values_list("object_id", "approved_go_live_at")[: ROWS * 2]
        )
        when_live = {int(object_id): at for object_id, at in scheduled}
        articles = (
            ArticlePage.objects.filter(Q(id__in=when_live) | Q(embargo_until__gt=now))
            .filter(within(paths))
            .only("id", "draft_title", "path", "depth", "embargo_until")
        )
        entries = []
        for article in articles:
            if article.id in when_live:
                note = _("Yayın zamanı")
                entries.append((when_live[article.id], article, note))
            elif article.embargo_until:
                entries.append((article.embargo_until, article, _("Ambargo bitişi")))
        entries.sort(key=lambda entry: entry[0])
        return [
            Row(
                a.draft_title, edit_url(a.id), when(at), f"{note} · {self.desk_name(a)}".strip(" ·")
            )
            for at, a, note in entries[:ROWS]
        ]


class DraftsPanel(DashboardPanel):
    name = "drafts"
    icon = "draft"
    order = 50
    heading = _("Taslaklarım")
    empty = _("Yayımlanmamış taslağınız yok.")
    template_name = "newsroom/dashboard/drafts.html"

    @classmethod
    def shown_to(cls, request):
        return request.user.is_superuser or bool(page_paths(request.user))

    def rows(self):
        drafts = (
            ArticlePage.objects.filter(owner=self.user, live=False)
            .order_by("-latest_revision_created_at", "-id")
            .only("id", "draft_title", "path", "depth", "latest_revision_created_at")[:ROWS]
        )
        return [
            Row(
                d.draft_title, edit_url(d.id), when(d.latest_revision_created_at), self.desk_name(d)
            )
            for d in drafts
        ]


NEWSROOM_PANELS = (BreakingPanel, MostReadPanel, ApprovalPanel, ScheduledPanel, DraftsPanel)


def newsroom_panels(request) -> list[DashboardPanel]:
    """The newsroom's panels that `request.user`'s role calls for."""
    return [panel(request) for panel in NEWSROOM_PANELS if panel.shown_to(request)]
