from django.apps import AppConfig


class WiresConfig(AppConfig):
    name = "manset.wires"
    label = "wires"
    verbose_name = "Ajans masası"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from manset.core import scheduler
        from manset.wires.jobs import wire_ingest_job

        if wire_ingest_job not in scheduler.JOBS:
            scheduler.JOBS.append(wire_ingest_job)
