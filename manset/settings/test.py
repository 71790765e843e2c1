"""Fast settings for the test suite; DATABASE_URL and REDIS_URL still choose the real services."""

from manset.settings.base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or "test-only-key"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
MANSET_ENV = "test"

# Tests serve agency feeds and pictures from 127.0.0.1; production fetches public
# addresses only. The guard's own tests empty this and use a fake resolver.
MANSET_FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
