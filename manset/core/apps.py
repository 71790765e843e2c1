from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "manset.core"
    label = "core"
    verbose_name = "Manşet"
