from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "manset.comments"
    label = "comments"
    verbose_name = _("Yorumlar")
