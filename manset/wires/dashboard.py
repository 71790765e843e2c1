"""The wire desk's panel on the admin's home page (newsroom.dashboard)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from manset.newsroom.dashboard import ROWS, DashboardPanel, Row, when
from manset.wires import selectors
from manset.wires.models import WireItem

WINDOW = timedelta(hours=24)


class UnusedWiresPanel(DashboardPanel):
    """Agency items routed to the user's desks in the last day that no article used yet."""

    name = "wires"
    icon = "openquote"
    order = 60
    heading = _("Servislerimin kullanılmamış ajans haberleri")
    empty = _("Son 24 saatte servislerinize düşüp kullanılmayan ajans haberi yok.")
    template_name = "wires/dashboard/unused.html"

    @classmethod
    def shown_to(cls, request):
        return selectors.is_desk_user(request.user)

    def rows(self):
        items = WireItem.objects.filter(
            article__isnull=True, received_at__gte=timezone.now() - WINDOW
        )
        if not self.user.is_superuser:
            items = items.filter(desk__in=selectors.desks_for_user(user=self.user))
        else:
            items = items.filter(desk__isnull=False)
        items = items.select_related("desk").only(
            "id", "headline", "provider", "received_at", "desk__title"
        )
        return [
            Row(
                item.headline,
                reverse("wires_admin:item", args=[item.id]),
                when(item.received_at),
                f"{selectors.agency_name(item.provider)} · {item.desk.title}",
            )
            for item in items.order_by("-received_at")[:ROWS]
        ]

    def link(self):
        query = urlencode({"durum": "kullanilmadi", "zaman": "24s"})
        return f"{reverse('wires_admin:list')}?{query}", _("Ajans masasında aç")
