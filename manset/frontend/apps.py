from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "manset.frontend"
    label = "frontend"
    verbose_name = "Okur sayfaları"
