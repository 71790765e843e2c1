"""Settings come from the environment and fail fast with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from manset.core.errors import ConfigError
from manset.settings import env

ROOT = Path(__file__).resolve().parents[2]
MANSET = str(Path(sys.executable).parent / "manset")


def run_manset(*args, **environ):
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603  (our own command)
        [MANSET, *args],
        env={**base, **environ},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_database_url_defaults_to_sqlite_under_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("var/manset.sqlite3")


def test_postgres_url_is_parsed_with_persistent_connections():
    config = env.database_config("postgres://u:p@db.example:5433/news")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "news")
    assert config["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize(
    "url", ["foo", "postgres://a:b@h:notaport/x", "postgres://", "mysql://h/x"]
)
def test_malformed_database_url_names_the_variable(url):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        env.database_config(url)


def test_malformed_database_url_hides_the_password():
    with pytest.raises(ConfigError) as error:
        env.database_config("postgres://u:secretpw@h:notaport/x")
    assert "secretpw" not in str(error.value)


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("MANSET_ENV", "staging")
    with pytest.raises(ConfigError, match="MANSET_ENV"):
        env.env_name()


def test_redis_url_selects_the_redis_cache(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert env.cache_config()["BACKEND"] == "manset.core.cache.RedisCache"
    monkeypatch.delenv("REDIS_URL")
    assert env.cache_config()["BACKEND"].endswith("LocMemCache")


def test_a_login_limit_of_zero_is_refused(monkeypatch):
    """Zero failures allowed would lock everyone out; zero minutes would lock nobody."""
    monkeypatch.setenv("MANSET_LOGIN_ATTEMPTS", "0")
    with pytest.raises(ConfigError, match="MANSET_LOGIN_ATTEMPTS='0' is too small; use 1"):
        env.integer("MANSET_LOGIN_ATTEMPTS", 10, minimum=1)


def test_each_proxy_in_the_purge_list_is_a_backend_of_its_own(monkeypatch):
    monkeypatch.setenv("MANSET_PURGE_URL", " http://10.0.0.5 ,https://vekil.example:8443/,")
    assert env.frontend_cache_config() == {
        "proxy1": {"BACKEND": "manset.frontend.purge.ProxyBackend", "LOCATION": "http://10.0.0.5"},
        "proxy2": {
            "BACKEND": "manset.frontend.purge.ProxyBackend",
            "LOCATION": "https://vekil.example:8443",
        },
    }
    monkeypatch.setenv("MANSET_PURGE_URL", "")
    assert env.frontend_cache_config() == {
        "default": {"BACKEND": "manset.frontend.purge.RecordingBackend"}
    }


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("10.0.0.5", "is not a proxy's address"),
        ("ftp://10.0.0.5", "is not a proxy's address"),
        ("http://10.0.0.5/purge", "is not a proxy's address"),
        ("http://user:pw@10.0.0.5", "is not a proxy's address"),
        ("http://10.0.0.5:port", "is not a proxy's address"),
        ("http://10.0.0.5,http://10.0.0.5/", "is listed twice"),
    ],
)
def test_a_proxy_address_that_is_not_one_stops_the_start_naming_it(monkeypatch, value, says):
    monkeypatch.setenv("MANSET_PURGE_URL", value)
    with pytest.raises(ConfigError, match=f"MANSET_PURGE_URL: .*{says}") as error:
        env.frontend_cache_config()
    assert "http://HOST[:PORT]" in str(error.value) or "once" in str(error.value)


def test_server_timing_audience_is_staff_unless_told(monkeypatch):
    monkeypatch.delenv("MANSET_SERVER_TIMING", raising=False)
    assert env.choice("MANSET_SERVER_TIMING", "staff", ("staff", "all")) == "staff"
    monkeypatch.setenv("MANSET_SERVER_TIMING", "everyone")
    with pytest.raises(ConfigError, match="MANSET_SERVER_TIMING='everyone'.*staff, all"):
        env.choice("MANSET_SERVER_TIMING", "staff", ("staff", "all"))


def test_cli_reports_unknown_environment_in_one_line():
    result = run_manset("check", MANSET_ENV="staging")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "MANSET_ENV" in result.stderr and "Traceback" not in result.stderr


def test_cli_reports_malformed_database_url_in_one_line():
    result = run_manset("check", MANSET_ENV="development", DATABASE_URL="postgres://x:y@h:port/z")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_cli_reports_unreachable_database_in_one_line():
    result = run_manset(
        "migrate",
        "--check",
        MANSET_ENV="development",
        DATABASE_URL="postgres://manset:pw@127.0.0.1:1/manset",
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
    assert ":***@" in result.stderr and "pw@" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manset("check", MANSET_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manset("check", MANSET_ENV="production", SECRET_KEY="changeme")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manset(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        MANSET_ENV="production",
        SECRET_KEY="k7#Qv9!mZp2@Lx8$Rt4^Wn6&Yb1*Hc3(Jd5)Fg0_Se-Ua+Ie=Oo[Pp]Aa{Ss}",
        ALLOWED_HOSTS="haber.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr
