"""The admin's dashboard warns while the KVKK notice cannot name its data controller."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from manset.frontend.models import OutletSettings


class OutletDetailsMissingPanel(Component):
    name = "outlet-details-missing"
    order = 10  # first: the public notice says the details are missing

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel nice-padding"><div class="help-block help-warning">'
            '<p><strong>{}</strong> {}</p><p><a href="{}">{}</a></p></div></section>',
            _("KVKK aydınlatma metninde veri sorumlusu eksik."),
            _("Okurlar kime ve hangi adrese başvuracaklarını göremiyor."),
            reverse("wagtailsettings:edit", args=["frontend", "outletsettings"]),
            _("Ayarlar → Yayın kuruluşu sayfasında doldurun"),
        )


@hooks.register("construct_homepage_panels")
def outlet_details_panel(request, panels):
    # Only for those who can fill the settings in: a reporter can do nothing about it.
    if not request.user.has_perm("frontend.change_outletsettings"):
        return
    if OutletSettings.load(request_or_site=request).data_controller_missing:
        panels.append(OutletDetailsMissingPanel())
