"""Production: refuses to start without a real secret key; passes `check --deploy`."""

import copy
import os

from manset.core.errors import ConfigError
from manset.settings.base import *  # noqa: F403
from manset.settings.base import SECRET_KEY
from manset.settings.env import flag

WEAK_PREFIXES = ("development-only", "test-only", "django-insecure")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(WEAK_PREFIXES):
    raise ConfigError(
        "SECRET_KEY is missing or too weak for production; set it to 50+ random characters, "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

DEBUG = False
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = flag("MANSET_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("MANSET_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
# A persistent queue on the default database, run by `manset worker` (see README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MANSET_ENV = "production"

# One JSON line per request and per log record, each with the request id (issue 14).
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405  (base's stays as it is)
LOGGING["root"]["handlers"] = ["json"]
LOGGING["loggers"]["manset.request"] = {"level": "INFO"}
