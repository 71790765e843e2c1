from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "manset.newsroom"
    label = "newsroom"
    verbose_name = _("Haber merkezi")
