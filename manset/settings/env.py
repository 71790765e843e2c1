"""Reading settings from the environment, failing fast with one clear line.

No Django imports here: `manset.cli` uses this before Django is set up.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from manset.core.errors import ConfigError

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENVIRONMENTS = ("development", "test", "production")


def env_name() -> str:
    """The running environment from MANSET_ENV (default: development)."""
    name = os.environ.get("MANSET_ENV", "development").strip() or "development"
    if name not in ENVIRONMENTS:
        raise ConfigError(
            f"MANSET_ENV={name!r} is not known; set it to one of: {', '.join(ENVIRONMENTS)}"
        )
    return name


def settings_module() -> str:
    return f"manset.settings.{env_name()}"


def default_sqlite_url() -> str:
    return f"sqlite:///{BASE_DIR / 'var' / 'manset.sqlite3'}"


def redact_url(url: str) -> str:
    """The URL with its password replaced, safe to print.

    >>> redact_url("postgres://manset:s3cret@db:5432/manset")
    'postgres://manset:***@db:5432/manset'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def database_config(url: str | None = None) -> dict:
    """Django's DATABASES['default'] from DATABASE_URL (default: SQLite under var/)."""
    url = url or os.environ.get("DATABASE_URL", "").strip() or default_sqlite_url()
    fix = "use postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///PATH/TO/FILE.sqlite3"
    try:
        config = dj_database_url.parse(url)
    except ValueError:
        raise ConfigError(f"DATABASE_URL={redact_url(url)!r} is malformed; {fix}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ConfigError(f"DATABASE_URL={url!r} names no SQLite file; {fix}")
        config["OPTIONS"] = {
            # WAL lets readers go on while a worker writes; IMMEDIATE avoids
            # "database is locked" on read-then-write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Opening a SQLite connection and setting its pragmas costs about 1 ms a request.
        config["CONN_MAX_AGE"] = None
    elif engine == "django.db.backends.postgresql":
        if not config.get("NAME"):
            raise ConfigError(f"DATABASE_URL={redact_url(url)!r} names no database; {fix}")
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    else:
        raise ConfigError(
            f"DATABASE_URL={redact_url(url)!r} uses an engine Manşet does not support; {fix}"
        )
    return config


def redis_url(name: str) -> str:
    """A Redis URL from the environment variable `name`, or "" when it is unset."""
    url = os.environ.get(name, "").strip()
    if url and urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"{name}={redact_url(url)!r} is malformed; use redis://HOST:6379/0")
    return url


def cache_config() -> dict:
    """Redis when REDIS_URL is set, else memory local to the process."""
    url = redis_url("REDIS_URL")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "manset.core.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("MANSET_CACHE_PREFIX", "manset"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def allowed_hosts(default: str) -> list[str]:
    raw = os.environ.get("ALLOWED_HOSTS", default)
    return [host.strip() for host in raw.split(",") if host.strip()]


def flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if value in ("1", "true", "True", "TRUE", "yes", "on"):
        return True
    if value in ("0", "false", "False", "FALSE", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value; use 1 or 0")


def integer(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigError(f"{name}={raw!r} is not a whole number; use 0, 1, 2 …")
    if int(raw) < minimum:
        raise ConfigError(f"{name}={raw!r} is too small; use {minimum} or more")
    return int(raw)


def networks(name: str) -> list[str]:
    """Comma-separated IP networks ("10.20.0.0/16,2001:db8::/32"), checked now."""
    raw = os.environ.get(name, "")
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            found.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError:
            raise ConfigError(
                f"{name}: {part!r} is not an IP network; use addresses or CIDR ranges "
                "such as 10.20.0.0/16, separated by commas"
            ) from None
    return found


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ConfigError(f"{name}={raw!r} is not known; use one of: {', '.join(choices)}")
    return raw


def proxy_urls(name: str) -> list[str]:
    """Comma-separated caching proxies ("http://10.0.0.5,http://10.0.0.6:8080"), each its
    scheme and host[:port] only, checked now."""
    raw = os.environ.get(name, "")
    fix = "use http://HOST[:PORT] for each proxy, separated by commas"
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            parts = urlsplit(part)
            parts.port  # noqa: B018  (raises on a port that is not a number)
        except ValueError:
            raise ConfigError(f"{name}: {part!r} is not a proxy's address; {fix}") from None
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.username is not None
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            raise ConfigError(f"{name}: {part!r} is not a proxy's address; {fix}")
        url = f"{parts.scheme}://{parts.netloc}"
        if url in found:
            raise ConfigError(f"{name}: {url} is listed twice; name each proxy once")
        found.append(url)
    return found


def frontend_cache_config() -> dict:
    """Wagtail's WAGTAILFRONTENDCACHE: one backend per proxy in MANSET_PURGE_URL, each
    proxy's purges a task of their own (manset.frontend.purge.ProxyBackend); none listed,
    purges are only recorded and logged."""
    proxies = {
        f"proxy{number}": {"BACKEND": "manset.frontend.purge.ProxyBackend", "LOCATION": url}
        for number, url in enumerate(proxy_urls("MANSET_PURGE_URL"), start=1)
    }
    return proxies or {"default": {"BACKEND": "manset.frontend.purge.RecordingBackend"}}
