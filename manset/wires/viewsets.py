"""Sources, routing rules and find/replace rules as Wagtail ModelViewSets.

Wagtail's model permissions decide (superusers, or groups given the wires.*_wiresource,
*_routingrule and *_replacerule permissions); the menu shows each to those who may change it.
"""

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from manset.wires import selectors
from manset.wires.admin_forms import ReplaceRuleForm, WireSourceForm
from manset.wires.models import ReplaceRule, RoutingRule, WireSource
from manset.wires.sources import source_resume

CHANGE_SOURCES = "wires.change_wiresource"
CHANGE_ROUTING = "wires.change_routingrule"
CHANGE_REPLACE = "wires.change_replacerule"


class SourceStateColumn(Column):
    """Fetch times, failures, the last error, a pause (in red, with "Yeniden başlat"), idleness."""

    cell_template_name = "wires/admin/source_state_cell.html"

    def __init__(self, name, *, idle: dict, **kwargs):
        super().__init__(name, **kwargs)
        self.idle = idle

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["source"] = instance
        context["idle_since"] = self.idle.get(instance.id)
        context["can_resume"] = bool(request and request.user.has_perm(CHANGE_SOURCES))
        if request is not None:
            context["csrf_token"] = get_token(request)
        return context


class SourceIndexView(IndexView):
    @cached_property
    def columns(self):
        state = SourceStateColumn(
            "state", label=gettext_lazy("Durum"), idle=selectors.source_idle_since()
        )
        return [*super().columns, state]


@require_POST
def source_resume_view(request, pk: int):
    """ "Yeniden başlat": un-pause a source; it is fetched at the next pass."""
    if not request.user.has_perm(CHANGE_SOURCES):
        raise PermissionDenied
    source = get_object_or_404(WireSource, pk=pk)
    source_resume(source)
    messages.success(request, _("“%(name)s” yeniden başlatıldı.") % {"name": source.name})
    return redirect("wires_sources:index")


class WireSourceViewSet(ModelViewSet):
    model = WireSource
    name = "wires_sources"
    url_prefix = "wires/kaynaklar"
    icon = "site"
    index_view_class = SourceIndexView
    list_display = [
        "name",
        Column("agency", label=gettext_lazy("ajans"), accessor="get_agency_display"),
        Column("transport", label=gettext_lazy("taşıma"), accessor="get_transport_display"),
        BooleanColumn("enabled", label=gettext_lazy("etkin")),
    ]
    copy_view_enabled = False  # a copy would fetch the same feed twice

    def get_form_class(self, for_update=False):
        return WireSourceForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("resume/<int:pk>/", source_resume_view, name="resume"),
        ]


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    name = "wires_routing"
    url_prefix = "wires/yonlendirme"
    icon = "redirect"
    list_display = [
        "name",
        "source",
        Column("provider", label=gettext_lazy("ajans"), accessor="get_provider_display"),
        "category",
        BooleanColumn("urgent_only", label=gettext_lazy("yalnız flaş ve acil")),
        Column("action", label=gettext_lazy("işlem"), accessor="get_action_display"),
        "desk",
        "priority",
        BooleanColumn("enabled", label=gettext_lazy("etkin")),
    ]
    form_fields = [
        "name",
        "source",
        "provider",
        "category",
        "urgent_only",
        "action",
        "desk",
        "priority",
        "enabled",
    ]


class ReplaceRuleViewSet(ModelViewSet):
    model = ReplaceRule
    name = "wires_replace"
    url_prefix = "wires/bul-degistir"
    icon = "regex"
    list_display = [
        "name",
        "source",
        Column("field", label=gettext_lazy("alan"), accessor="get_field_display"),
        "find",
        "replace",
        BooleanColumn("regex", label=gettext_lazy("düzenli ifade")),
        "priority",
        BooleanColumn("enabled", label=gettext_lazy("etkin")),
    ]

    def get_form_class(self, for_update=False):
        return ReplaceRuleForm


wire_source_viewset = WireSourceViewSet()
routing_rule_viewset = RoutingRuleViewSet()
replace_rule_viewset = ReplaceRuleViewSet()
