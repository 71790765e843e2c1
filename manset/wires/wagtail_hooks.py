"""The wire desk in the Wagtail admin: its menu, its URLs, its viewsets and the alert banner."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from manset.wires import admin_views, dashboard, selectors, viewsets


@hooks.register("register_admin_urls")
def wire_admin_urls():
    urls = [
        path("", admin_views.wire_list, name="list"),
        path("<int:item_id>/", admin_views.wire_item, name="item"),
        path("<int:item_id>/donustur/", admin_views.wire_item_convert, name="convert"),
        path("<int:item_id>/yayinla/", admin_views.wire_item_publish, name="publish"),
        path("karantina/", admin_views.rejection_list, name="rejections"),
        path("karantina/<int:rejection_id>/", admin_views.rejection_detail, name="rejection"),
        path("uyari-sozcuklerim/", admin_views.keyword_alerts, name="keywords"),
        path(
            "uyari-sozcuklerim/<int:alert_id>/sil/",
            admin_views.keyword_alert_delete,
            name="keyword_delete",
        ),
        path("uyarilar/", admin_views.alerts, name="alerts"),
    ]
    return [path("wires/", include((urls, "wires_admin")))]


@hooks.register("register_admin_viewset")
def wire_admin_viewsets():
    return [
        viewsets.wire_source_viewset,
        viewsets.routing_rule_viewset,
        viewsets.replace_rule_viewset,
    ]


class DeskMenuItem(MenuItem):
    """Shown to those who work a desk: superusers and whoever can add pages on one."""

    def is_shown(self, request):
        # Asked for every item of the menu on every admin page: once per request is enough.
        if not hasattr(request, "_manset_desk_user"):
            request._manset_desk_user = selectors.is_desk_user(request.user)
        return request._manset_desk_user


class PermissionMenuItem(MenuItem):
    """Shown to those with one model permission."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def wire_desk_menu_item():
    items = [
        DeskMenuItem(_("Haberler"), reverse("wires_admin:list"), icon_name="doc-full", order=10),
        DeskMenuItem(
            _("Karantina"), reverse("wires_admin:rejections"), icon_name="warning", order=20
        ),
        PermissionMenuItem(
            _("Kaynaklar"),
            reverse("wires_sources:index"),
            icon_name="site",
            order=30,
            permission=viewsets.CHANGE_SOURCES,
        ),
        PermissionMenuItem(
            _("Yönlendirme kuralları"),
            reverse("wires_routing:index"),
            icon_name="redirect",
            order=40,
            permission=viewsets.CHANGE_ROUTING,
        ),
        PermissionMenuItem(
            _("Bul/değiştir kuralları"),
            reverse("wires_replace:index"),
            icon_name="regex",
            order=50,
            permission=viewsets.CHANGE_REPLACE,
        ),
        DeskMenuItem(
            _("Uyarı sözcüklerim"), reverse("wires_admin:keywords"), icon_name="tag", order=60
        ),
    ]
    return SubmenuMenuItem(
        _("Ajans masası"), Menu(items=items), name="ajans-masasi", icon_name="openquote", order=150
    )


@hooks.register("insert_global_admin_css")
def wire_alerts_css():
    return format_html('<link rel="stylesheet" href="{}">', static("wires/alerts.css"))


@hooks.register("insert_global_admin_js")
def wire_alerts_js():
    """The alert banner: polls the alerts JSON every 30 s on every admin page."""
    return format_html(
        '<script src="{}" data-url="{}" data-close="{}" data-title="{}" defer></script>',
        static("wires/alerts.js"),
        reverse("wires_admin:alerts"),
        _("Kapat"),
        _("Ajans uyarıları"),
    )


# Dashboard (H6): unused agency items of the user's desks on the admin's home page.
@hooks.register("construct_homepage_panels")
def wires_dashboard_panel(request, panels):
    if dashboard.UnusedWiresPanel.shown_to(request):
        panels.append(dashboard.UnusedWiresPanel(request))
