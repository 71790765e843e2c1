from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "manset.comments"
    label = "comments"
    verbose_name = _("Yorumlar")

    def ready(self):
        from manset.comments.services import ip_purge_job, submission_key_purge_job
        from manset.comments.tasks import spam_model_retrain_job
        from manset.core import scheduler

        # Run by `manset worker`: forget old IPs and expired submission keys, retrain on
        # moderators' decisions.
        for job in (ip_purge_job, submission_key_purge_job, spam_model_retrain_job):
            if job not in scheduler.JOBS:
                scheduler.JOBS.append(job)
