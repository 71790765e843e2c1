"""/metrics: Prometheus text for the operator's scraper only, never cached, bounded labels."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from manset.comments.models import Comment
from manset.wires.models import WireSource

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-scrape-token-" + "x" * 20


def scrape(client, **extra):
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    return {f.name: f for f in text_string_to_metric_families(response.content.decode())}


def value(families, name, **labels):
    """The sample's value whose labels include `labels`; 0 when there is none yet."""
    family_name = name.removesuffix("_total").removesuffix("_count")
    for sample in families[family_name].samples if family_name in families else ():
        if sample.name == name and labels.items() <= sample.labels.items():
            return sample.value
    return 0.0


def test_loopback_may_scrape_and_the_text_parses(client):
    families = scrape(client)  # the test client's REMOTE_ADDR is 127.0.0.1
    assert "manset_requests" in families
    assert "manset_comment_queue" in families
    response = client.get("/metrics")
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": TOKEN},  # without "Bearer"
        # A proxy nobody declared (MANSET_PROXY_HOPS=0) makes every reader look local.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
    ],
)
def test_anyone_else_gets_the_plain_404(client, headers):
    with override_settings(MANSET_METRICS_TOKEN=TOKEN):
        refused = client.get("/metrics", **headers)
        missing = client.get("/olmayan-bir-sayfa/", **headers)
    assert refused.status_code == 404
    assert refused.content == missing.content  # the site's own 404: nothing says it exists
    assert b"manset_" not in refused.content
    assert "no-store" in refused["Cache-Control"]


def test_a_post_is_refused_even_from_loopback(client):
    assert client.post("/metrics").status_code == 404


def test_the_token_opens_it_from_anywhere(client):
    with override_settings(MANSET_METRICS_TOKEN=TOKEN):
        families = scrape(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert "manset_requests" in families


def test_an_empty_token_never_matches(client):
    with override_settings(MANSET_METRICS_TOKEN=""):
        response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_allowed_networks_and_the_proxy_hops(client):
    with override_settings(MANSET_METRICS_ALLOWED=["10.20.0.0/16"]):
        assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    # Behind one declared proxy, the reader's address decides, not the proxy's.
    with override_settings(MANSET_PROXY_HOPS=1):
        forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
        assert client.get("/metrics", **forwarded).status_code == 404
        local = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "::1"}
        assert client.get("/metrics", **local).status_code == 200


def test_never_kept_by_the_page_cache(client):
    with override_settings(MANSET_PAGE_CACHE=True):
        client.get("/metrics")
        again = client.get("/metrics")
        refused = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert "X-Page-Cache" not in again
    assert refused.status_code == 404


@override_settings(MANSET_PAGE_CACHE=False)  # with it, the second is a `page_cache_hit`
def test_request_counts_move_labelled_by_view_name_not_path(client, article):
    before = scrape(client)
    client.get(article.url)
    client.get(article.url + "?utm_source=x")
    client.get("/healthz")
    client.get("/olmayan-bir-sayfa/")
    after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("manset_requests_total", view="page:articlepage", method="GET", status="2xx") == 2
    assert moved("manset_requests_total", view="healthz", status="2xx") == 1
    assert moved("manset_request_duration_seconds_count", view="page:articlepage") == 2
    labels = {s.labels.get("view") for s in after["manset_requests"].samples}
    assert not any(label and "/" in label for label in labels)  # no paths, ever
    assert "metrics" in labels


def test_odd_methods_share_one_label(client):
    client.generic("BREW", "/healthz")
    families = scrape(client)
    methods = {s.labels["method"] for s in families["manset_requests"].samples}
    assert "BREW" not in methods and "other" in methods


def test_page_cache_hits_and_misses_are_counted(client, article):
    before = scrape(client)
    with override_settings(MANSET_PAGE_CACHE=True):
        assert client.get(article.url)["X-Page-Cache"] == "miss"
        assert client.get(article.url)["X-Page-Cache"] == "hit"
    after = scrape(client)
    for result in ("hit", "miss"):
        moved = value(after, "manset_page_cache_total", result=result) - value(
            before, "manset_page_cache_total", result=result
        )
        assert moved == 1
    hits = value(after, "manset_requests_total", view="page_cache_hit")
    assert hits - value(before, "manset_requests_total", view="page_cache_hit") == 1


def test_purges_and_tasks_are_counted(client, article):
    from manset.newsroom.models import ArticlePage

    before = scrape(client)
    ArticlePage.objects.get(id=article.id).save_revision().publish()
    after = scrape(client)
    assert value(after, "manset_cache_purge_urls_total") > value(
        before, "manset_cache_purge_urls_total"
    )
    finished = [s for s in after["manset_tasks_finished"].samples if s.name.endswith("_total")]
    assert any(s.labels["status"] == "successful" for s in finished)


def test_comment_queue_and_wire_health_are_read_at_scrape_time(client, article):
    Comment.objects.create(article=article, name="Ayşe", email="a@example.com", text="Bekliyor")
    Comment.objects.create(
        article=article, name="Ali", email="b@example.com", text="Yayında", status="published"
    )
    now = timezone.now()
    WireSource.objects.create(name="AA", transport="aa", last_success_at=now - timedelta(minutes=5))
    WireSource.objects.create(
        name="İHA", transport="folder", last_fetch_at=now - timedelta(minutes=1), failures=3
    )
    WireSource.objects.create(name="Kapalı", transport="folder", enabled=False)
    families = scrape(client)
    assert value(families, "manset_comment_queue") == 1
    assert value(families, "manset_metrics_database_ok") == 1
    assert 299 <= value(families, "manset_wire_source_success_age_seconds", source="AA") <= 310
    assert 59 <= value(families, "manset_wire_source_failure_age_seconds", source="İHA") <= 70
    assert value(families, "manset_wire_source_failures", source="İHA") == 3
    sources = {s.labels["source"] for s in families["manset_wire_source_failures"].samples}
    assert sources == {"AA", "İHA"}
    # The task table (django-tasks-db) is installed everywhere; with nothing queued, zeros.
    for status in ("ready", "running", "failed"):
        assert value(families, "manset_task_queue", status=status) == 0
    # No reader data in the text.
    assert "example.com" not in client.get("/metrics").content.decode()


def test_serve_gives_gunicorn_an_emptied_metrics_directory(tmp_path, monkeypatch):
    from manset.core.management.commands.serve import metrics_dir

    (tmp_path / "counter_123.db").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("kept")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert metrics_dir(8000) == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    made = metrics_dir(8001)
    assert made == tmp_path / "manset-metrics-8001" and made.is_dir()
    import os

    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(made)


def test_serve_replaces_workers_now_and_then_with_jitter(tmp_path, monkeypatch, settings):
    """gunicorn is asked to preload the app and to replace a worker after about
    MANSET_MAX_REQUESTS requests (bench/stack_speed.py measures the memory it keeps)."""
    import os

    from django.core.management import call_command

    settings.DEBUG = False
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("MANSET_MAX_REQUESTS", "500")
    started = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    call_command("serve", "--port", "8123", "--workers", "3")
    (argv,) = started
    flags = " ".join(argv[1:])
    assert "--workers 3" in flags and "--bind 127.0.0.1:8123" in flags
    assert "--preload" in argv
    assert "--max-requests 500 --max-requests-jitter 50" in flags
    call_command("serve", "--max-requests", "0")
    assert "--max-requests 0 --max-requests-jitter 0" in " ".join(started[-1])


COUNT_ONE = """
import django; django.setup()
from manset.core import metrics
metrics.observe_request("healthz", "GET", 200, 0.002)
"""
SCRAPE = """
import django; django.setup()
from prometheus_client import generate_latest
from manset.core import metrics
print(generate_latest(metrics.registry()).decode())
"""


def test_workers_counts_are_summed_in_multiprocess_mode(tmp_path):
    """Two worker processes count a request each; a third one's scrape sees both."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "manset.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    for _ in range(2):
        subprocess.run([sys.executable, "-c", COUNT_ONE], env=env, check=True, timeout=60)  # noqa: S603
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRAPE], env=env, check=False, timeout=60, capture_output=True
    )
    # This database has no tables: the scrape answers all the same, saying so.
    text = out.stdout.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert value(families, "manset_requests_total", view="healthz") == 2, out.stderr.decode()
    assert value(families, "manset_metrics_database_ok") == 0
    assert "manset_comment_queue" not in families


@pytest.mark.django_db(transaction=True)
def test_the_task_queue_depth_and_failures_are_counted(client, settings):
    from tests.core import queue_tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_tasks.record.enqueue(number=1, log="/dev/null")
    queue_tasks.record.enqueue(number=2, log="/dev/null")
    families = scrape(client)
    assert value(families, "manset_task_queue", status="ready") == 2
    assert value(families, "manset_task_queue", status="failed") == 0
