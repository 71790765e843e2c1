"""One JSON line per request with the request id the response carries back."""

import io
import json
import logging

import pytest
from django.conf import settings

from manset.core.requestlog import RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The production handler (settings.LOGGING's "json") on the request logger."""
    config = settings.LOGGING
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter = config["formatters"]["json"]["()"]
    handler.setFormatter(_build(formatter))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("manset")
    request_logger = logging.getLogger("manset.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        request_logger.setLevel(old_level)


def _build(dotted):
    from django.utils.module_loading import import_string

    return import_string(dotted)()


def test_a_log_line_is_json_with_the_response_request_id(client, log_lines, article):
    response = client.get(
        article.url + "?q=okurun+aradigi&email=ayse@example.com", REMOTE_ADDR="192.0.2.7"
    )
    (line,) = [line for line in log_lines() if line["logger"] == "manset.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32
    assert line["method"] == "GET" and line["status"] == 200
    assert line["view"] == "page:articlepage"
    assert line["client_ip"] == "192.0.2.7"
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")
    assert isinstance(line["duration_ms"], float)
    text = json.dumps(line)
    assert "okurun" not in text and "example.com" not in text and "?" not in text


def test_a_well_formed_id_from_the_proxy_is_kept(client, log_lines):
    given = "f3b1c2d4-0a9e-4c7b-9a51-2f1e6d3c8b70"
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] == given
    assert [line["request_id"] for line in log_lines()] == [given]


@pytest.mark.parametrize(
    "hostile",
    [
        "abc\ninjected: 1",
        "abc\r\nSet-Cookie: x=1",
        "a" * 10_000,
        '"}{"level":"CRITICAL',
        "ayşe",
        "",
    ],
)
def test_a_hostile_request_id_is_replaced(client, log_lines, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    rid = response["X-Request-ID"]
    assert rid != hostile and len(rid) == 32 and rid.isalnum()
    (line,) = log_lines()
    assert line["request_id"] == rid
    assert "injected" not in json.dumps(line) and "CRITICAL" not in json.dumps(line)


def test_other_log_lines_of_the_request_carry_its_id(client, log_lines, monkeypatch):
    from manset.core import health

    real = health.check_database

    def noisy():
        logging.getLogger("manset.core.health").warning("veritabanı yavaş")
        return real()

    monkeypatch.setattr(health, "check_database", noisy)
    response = client.get("/healthz")
    warning, request_line = log_lines()
    assert warning["message"] == "veritabanı yavaş"
    assert warning["request_id"] == request_line["request_id"] == response["X-Request-ID"]


def test_outside_a_request_the_id_is_null(log_lines):
    logging.getLogger("manset.test").warning("işçi")
    (line,) = log_lines()
    assert line["request_id"] is None


def test_production_writes_one_json_line_per_request_to_stderr():
    from tests.core.test_settings import run_manset

    script = (
        "from django.test import Client; "
        "r = Client().get('/healthz?e=ayse@example.com', secure=True, "
        "HTTP_HOST='haber.example.com', HTTP_X_REQUEST_ID='vekil-42'); "
        "print(r['X-Request-ID'])"
    )
    result = run_manset(
        "shell",
        "-c",
        script,
        MANSET_ENV="production",
        SECRET_KEY="k7#Qv9!mZp2@Lx8$Rt4^Wn6&Yb1*Hc3(Jd5)Fg0_Se-Ua+Ie=Oo[Pp]Aa{Ss}",
        ALLOWED_HOSTS="haber.example.com",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "vekil-42"
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    (request_line,) = [line for line in lines if line["logger"] == "manset.request"]
    assert request_line["request_id"] == "vekil-42"
    assert request_line["view"] == "healthz" and request_line["status"] == 200
    assert "example.com" not in result.stderr
