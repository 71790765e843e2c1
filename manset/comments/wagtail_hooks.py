"""The comment desk in the Wagtail admin: queue, dashboard panel, bans, reader data."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from manset.comments import admin_views, dashboard
from manset.comments.models import Ban

ACTIONS = {
    "manset.comment.approve": (_("Yorumu onayla"), _("Yorum onaylandı")),
    "manset.comment.spam": (_("Yorumu spam say"), _("Yorum spam sayıldı")),
    "manset.comment.reject": (_("Yorumu reddet"), _("Yorum reddedildi")),
    "manset.comment.trash": (_("Yorumu çöpe at"), _("Yorum çöpe atıldı")),
    "manset.comment.export": (_("Okur verisini dışa aktar"), _("Okur verisi dışa aktarıldı")),
    "manset.comment.erase": (_("Okur verisini sil"), _("Okur verisi silindi")),
}


@hooks.register("register_log_actions")
def comment_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def comment_admin_urls():
    urls = [
        path("", admin_views.queue, name="queue"),
        path("islem/", admin_views.moderate, name="moderate"),
        path("okur-verisi/", admin_views.reader_data, name="reader"),
    ]
    return [path("yorumlar/", include((urls, "comments_admin")))]


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


@hooks.register("register_admin_menu_item")
def comments_menu_item():
    return CommentsMenuItem(
        _("Yorumlar"), reverse("comments_admin:queue"), icon_name="comment", order=250
    )


class ReaderDataMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_answer_reader_requests(request.user)


@hooks.register("register_settings_menu_item")
def reader_data_menu_item():
    return ReaderDataMenuItem(
        _("Okur verisi (KVKK)"), reverse("comments_admin:reader"), icon_name="user", order=900
    )


# Dashboard (H6): the panel lives in comments.dashboard, drawn like the newsroom's.
@hooks.register("construct_homepage_panels")
def comments_dashboard_panel(request, panels):
    if dashboard.CommentsPanel.shown_to(request):
        panels.append(dashboard.CommentsPanel(request))


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "cross"
    menu_label = _("Yorum engelleri")
    list_display = ["kind", "value", "note", "created_at", "expires_at"]
    list_filter = ["kind"]


register_snippet(BanViewSet)
