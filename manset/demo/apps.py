from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "manset.demo"
    label = "demo"
    verbose_name = "Demo"
