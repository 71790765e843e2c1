from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "manset.search"
    label = "search"
    verbose_name = _("Arama")

    def ready(self):
        from manset.core import scheduler
        from manset.search import signals
        from manset.search.indexing import search_catch_up_job

        signals.connect()
        # Run by `manset worker`: anything published while an index task was lost.
        if search_catch_up_job not in scheduler.JOBS:
            scheduler.JOBS.append(search_catch_up_job)
