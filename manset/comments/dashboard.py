"""The comment desk's panel on the admin's home page (newsroom.dashboard)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manset.comments import admin_views, selectors
from manset.newsroom.dashboard import DashboardPanel


class CommentsPanel(DashboardPanel):
    """What waits for moderators on the desks the user moderates: comments and reports."""

    name = "comments"
    icon = "comment"
    order = 70
    heading = _("Yorum masası")
    template_name = "comments/dashboard/waiting.html"

    @classmethod
    def shown_to(cls, request):
        return request.user.has_perm(admin_views.MODERATE)

    def rows(self):
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        numbers = selectors.moderation_summary(user=self.user, today_start=today)  # one call
        queue = reverse("comments_admin:queue")
        return [
            (numbers["pending"], _("onay bekleyen yorum"), f"{queue}?durum=bekleyen"),
            (numbers["reported"], _("şikayet bekliyor"), f"{queue}?durum=sikayet"),
            (numbers["spam_today"], _("spam bugün yakalandı"), f"{queue}?durum=spam&zaman=bugun"),
        ]

    def link(self):
        return reverse("comments_admin:queue"), _("Yorum kuyruğunu aç")
