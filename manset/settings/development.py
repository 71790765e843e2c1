"""Development on a laptop: SQLite under var/, debug pages, e-mail to the console."""

from manset.settings.base import *  # noqa: F403

DEBUG = True
# Development only: a fixed key so sessions survive restarts. Production refuses it.
SECRET_KEY = SECRET_KEY or "development-only-key-not-for-production"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
INTERNAL_IPS = ["127.0.0.1"]
MANSET_ENV = "development"
