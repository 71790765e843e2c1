from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "manset.frontend"
    label = "frontend"
    verbose_name = "Okur sayfaları"

    def ready(self):
        from manset.frontend.purge import register_signal_handlers

        register_signal_handlers()
