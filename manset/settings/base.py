"""Settings shared by every environment. Values that differ come from the environment."""

import os
from datetime import timedelta

from manset.settings.env import (
    BASE_DIR,
    allowed_hosts,
    cache_config,
    choice,
    database_config,
    env_name,
    frontend_cache_config,
    integer,
    networks,
    redis_url,
)

MANSET_ENV = env_name()
VAR_DIR = BASE_DIR / "var"

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = allowed_hosts("127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "manset.core",
    "manset.newsroom",
    "manset.comments",
    "manset.search",
    "manset.wires",
    "manset.frontend",
    "manset.demo",
    # The task queue's table (production's backend; installed everywhere so migrations match).
    "django_tasks_db",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Request id, metrics and the request log line (issue 14): around everything else.
    "manset.core.requestlog.RequestLogMiddleware",
    # First of all, so its figure covers everything below.
    "manset.core.timing.ServerTimingMiddleware",
    # Then this, so it sees the response last (after sessions have had their say).
    "manset.frontend.middleware.PublicCacheMiddleware",
    "manset.core.generation.GenerationMiddleware",
    # A hit replays the security headers the middlewares below set on the stored answer.
    "manset.frontend.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "manset.core.headers.SitePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "manset.core.logins.TrustedBrowserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "manset.core.admin_posts.IncompleteAdminPostMiddleware",
    # Last, as django-axes asks: turns a lock-out into its answer (manset.core.logins).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "manset.urls"
WSGI_APPLICATION = "manset.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "manset.frontend.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config()}
MANSET_REDIS_URL = os.environ.get("REDIS_URL", "").strip()
MANSET_CACHE_PREFIX = os.environ.get("MANSET_CACHE_PREFIX", "manset")
# Rate limits in a Redis of their own that never evicts (maxmemory-policy noeviction),
# so a cache evicting pages under memory pressure cannot reset them; else REDIS_URL's.
MANSET_LIMITS_REDIS_URL = redis_url("REDIS_LIMITS_URL")
# Whole public pages in the app's cache: only when it is shared by every worker.
MANSET_PAGE_CACHE = bool(MANSET_REDIS_URL)
# How many proxies in front append to X-Forwarded-For; 0 trusts no header. The
# reader's address (rate limits, bans, Law 5651 logs) is the one the last proxy saw.
MANSET_PROXY_HOPS = integer("MANSET_PROXY_HOPS", 0)
# Agency items nobody turned into an article are deleted after this many days.
MANSET_WIRE_RETENTION_DAYS = integer("MANSET_WIRE_RETENTION_DAYS", 14)
# Outgoing fetches (agency feeds and pictures) reach public addresses only; an agency
# mirror on the outlet's own network must be named here (manset.core.fetch).
MANSET_FETCH_ALLOWED_NETWORKS = networks("MANSET_FETCH_ALLOWED_NETWORKS")
# --- /metrics (issue 14, manset.core.metrics): a Bearer token and/or client networks.
MANSET_METRICS_TOKEN = os.environ.get("MANSET_METRICS_TOKEN", "").strip()
MANSET_METRICS_ALLOWED = networks("MANSET_METRICS_ALLOWED") or ["127.0.0.0/8", "::1/128"]
# --- end /metrics
# Per-process memos (site, desk menu) keyed by the shared content generation.
MANSET_PROCESS_MEMO = bool(MANSET_REDIS_URL)

# Home page (manset.newsroom.front_page): a breaking story leaves Son Dakika after this
# many hours unless it is pinned in a manşet slot.
MANSET_BREAKING_HOURS = integer("MANSET_BREAKING_HOURS", 2, minimum=1)

# Password guessing (manset.core.logins): django-axes counts failures in the database.
AUTHENTICATION_BACKENDS = [
    "manset.core.logins.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = integer("MANSET_LOGIN_ATTEMPTS", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=integer("MANSET_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = "manset.core.logins.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "manset.core.client.client_ip"
AXES_LOCKOUT_CALLABLE = "manset.core.logins.lockout_response"
# Tries during a lock-out do not extend it (else a victim's own tries would).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success must not wipe the address's count: one valid account would reset it.
AXES_RESET_ON_SUCCESS = False
# No log of every login's address kept for ever; failures expire with the cool-off.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Server-Timing: "staff" (logged-in staff only) or "all" (benchmarks).
MANSET_SERVER_TIMING = choice("MANSET_SERVER_TIMING", "staff", ("staff", "all"))

# Content-Security-Policy (manset.core.headers): strict for readers; the admin's is
# enforced too, but allows the inline scripts and styles Wagtail's editor writes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        # Embedded videos and posts (Wagtail embeds) come from their providers.
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
MANSET_ADMIN_CSP = {
    "default-src": ["'self'"],
    # Wagtail 8's widgets (image chooser, date pickers, inline panels) still write inline
    # <script> blocks that differ per form, so no hash can allow them one by one.
    "script-src": ["'self'", "'unsafe-inline'"],
    # Wagtail's editor, Draftail and the sidebar set inline styles.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    # Nothing read in the admin may be sent to another site.
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # The page editor's preview frames the site's own pages.
    "frame-ancestors": ["'self'"],
}
# Features browsers know (an unknown one is a console warning on every page), all off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Turkish first: the product speaks Turkish; English can be added through gettext.
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", "Türkçe")]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
# Off, or ids and years render as "844.264" and "2.024".
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "manset" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Development and tests run tasks at once, in the request; production queues them in the
# database (settings/production.py) for `manset worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task RUNNING longer than this is taken for abandoned by a dead worker and queued again;
# after MANSET_TASK_MAX_ATTEMPTS claims it is marked failed instead.
MANSET_TASK_LEASE_SECONDS = integer("MANSET_TASK_LEASE_SECONDS", 900, minimum=1)
MANSET_TASK_MAX_ATTEMPTS = 3
# The worker deletes finished task records: successful ones after this many days, failed
# ones (the admin's Başarısız görevler) after the second.
MANSET_TASK_KEEP_DAYS = integer("MANSET_TASK_KEEP_DAYS", 7, minimum=1)
MANSET_TASK_KEEP_FAILED_DAYS = integer("MANSET_TASK_KEEP_FAILED_DAYS", 30, minimum=1)
# Seconds an SMTP connection may block (Django's default is for ever): a mail server that
# hangs must not hold a worker; the reply e-mail task tries again later.
EMAIL_TIMEOUT = 20

# Shared HTTP cache (Varnish, nginx or a CDN) in front of the app.
MANSET_CACHE_MAX_AGE = 60  # browsers
# issue 14: settable, so the proxy's stale-on-error can be tested without a 5-minute wait
MANSET_CACHE_S_MAXAGE = integer("MANSET_CACHE_S_MAXAGE", 300, minimum=1)  # publishing purges
MANSET_CACHE_STALE = 600  # served stale while one request revalidates
# issue 14: one Wagtail backend per proxy in MANSET_PURGE_URL (comma-separated).
WAGTAILFRONTENDCACHE = frontend_cache_config()

# Wagtail
WAGTAIL_SITE_NAME = "Manşet"
WAGTAILADMIN_BASE_URL = os.environ.get("MANSET_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("tr", "Türkçe")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Europe/Istanbul"]
WAGTAILIMAGES_IMAGE_MODEL = "newsroom.NewsImage"
# The upload asks for a description: the alt text, instead of the file name (issue 13).
WAGTAILIMAGES_IMAGE_FORM_BASE = "manset.newsroom.image_form.NewsImageForm"
# Newsroom (H6): the admin's search folds Turkish ("kadikoy" finds "Kadıköy") in pages and
# authors (manset.search.admin_backend); the admin's slug script writes ASCII, and the
# models store every slug in manset.turkish's spelling (manset.newsroom.slugs).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "manset.search.admin_backend"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Approving an embargoed article schedules it for the embargo instead of refusing.
WAGTAIL_FINISH_WORKFLOW_ACTION = "manset.newsroom.workflow_finish.finish_workflow"
WAGTAILREDIRECTS_AUTO_CREATE = True
# Login and password reset with the throttles of manset.core.logins.
WAGTAILADMIN_USER_LOGIN_FORM = "manset.core.login_views.LoginForm"
# No editor's e-mail hash sent to Gravatar, and no third-party image in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "manset.core.requestlog.RequestIdFilter"}},
    "formatters": {
        # One JSON object a line; production logs through it (manset.core.requestlog).
        "json": {"()": "manset.core.requestlog.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "server": {"class": "logging.StreamHandler", "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "manset": {"level": os.environ.get("MANSET_LOG_LEVEL", "INFO")},
        # The line per request: on in production only (the dev server logs its own).
        "manset.request": {"level": "WARNING"},
        # Through the root handler, once, and only what needs attention.
        "django": {"level": "WARNING"},
        # At DEBUG it logs request URLs, and agency feed URLs may carry credentials (İHA).
        "urllib3": {"level": "WARNING"},
        # The development server's request log.
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}
