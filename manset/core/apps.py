from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "manset.core"
    label = "core"
    verbose_name = "Manşet"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from manset.core.logins import remember_login

        user_logged_in.connect(remember_login, dispatch_uid="manset-trusted-browser")
