from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "manset.newsroom"
    label = "newsroom"
    verbose_name = _("Haber merkezi")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction

        from manset.core import scheduler
        from manset.newsroom import publication_signals
        from manset.newsroom.images import image_orphans_job

        if image_orphans_job not in scheduler.JOBS:
            scheduler.JOBS.append(image_orphans_job)
        post_save.connect(_forget_view_restrictions, sender=PageViewRestriction)
        post_delete.connect(_forget_view_restrictions, sender=PageViewRestriction)
        publication_signals.connect()


def _forget_view_restrictions(**kwargs):
    from django.core.cache import cache

    from manset.newsroom.models import VIEW_RESTRICTIONS_KEY

    cache.delete(VIEW_RESTRICTIONS_KEY)
