from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "manset.frontend"
    label = "frontend"
    verbose_name = "Okur sayfaları"

    def ready(self):
        from manset.frontend import pagecache, purge

        purge.register_signal_handlers()
        pagecache.register_signal_handlers()
