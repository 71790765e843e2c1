"""Polling sources: state kept only after storing, back-off, pausing, idle alerts, retention."""

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from manset.wires.credentials import seal
from manset.wires.models import WireFile, WireItem, WireRejection, WireSource
from manset.wires.sources import (
    source_poll,
    source_resume,
    sources_due,
    sources_idle,
    wire_ingest_pass,
    wire_retention,
)
from tests import servers
from tests.wires.factories import ninjs

server = servers.server  # a fixture

pytestmark = pytest.mark.django_db


def drop(folder, name: str, data: bytes, age: float = 60) -> None:
    path = folder / name
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))


@pytest.fixture
def folder_source(tmp_path):
    return WireSource.objects.create(
        name="İHA FTP", agency="IHA", transport="folder", path=str(tmp_path), interval_seconds=60
    )


def test_a_folder_source_stores_its_files_and_moves_them_away(folder_source, tmp_path):
    drop(tmp_path, "1.json", ninjs(guid="a"))
    drop(tmp_path, "2.xml", b"<bozuk")
    report = source_poll(folder_source)
    assert [f.verdict for f in report.files] == ["imported", "refused"]
    assert list(WireItem.objects.values_list("provider", "guid")) == [("IHA", "a")]
    assert WireRejection.objects.get().name == "2.xml"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]
    folder_source.refresh_from_db()
    assert folder_source.failures == 0 and folder_source.last_item_at is not None
    assert folder_source.next_fetch_at > timezone.now() + timedelta(seconds=50)


def test_a_failing_source_backs_off_and_is_paused_after_max_failures(folder_source, tmp_path):
    folder_source.path = str(tmp_path / "yok")
    folder_source.max_failures = 3
    folder_source.save()
    now = timezone.now()
    delays = []
    for _ in range(3):
        report = source_poll(folder_source, now=now)
        folder_source.refresh_from_db()
        delays.append(folder_source.next_fetch_at - now)
    assert "yok" in report.error
    assert delays[0] < delays[1] < delays[2]
    assert folder_source.paused and "3 kez üst üste" in folder_source.paused_reason
    assert folder_source not in sources_due(now=now + timedelta(days=1))
    source_resume(folder_source)
    assert folder_source in sources_due(now=timezone.now())


def test_one_success_clears_the_failures(folder_source, tmp_path):
    folder_source.failures, folder_source.last_error = 2, "eski hata"
    folder_source.save()
    source_poll(folder_source)
    folder_source.refresh_from_db()
    assert (folder_source.failures, folder_source.last_error) == (0, "")


def test_http_state_moves_on_only_after_a_successful_fetch(server):
    server.app = lambda handler: (200, {"ETag": '"v7"'}, ninjs(guid="h1"))
    source = WireSource.objects.create(
        name="DHA", agency="DHA", transport="http", url=f"{server.url}/rss"
    )
    source_poll(source)
    source.refresh_from_db()
    assert source.state == {"etag": '"v7"'} and WireItem.objects.get().guid == "h1"
    server.app = lambda handler: (304, {}, b"")
    assert source_poll(source).not_modified
    assert server.requests[-1].headers["If-None-Match"] == '"v7"'


def test_a_sealed_password_reaches_the_server_and_never_the_error(server, settings):
    server.app = lambda handler: (401, {}, b"")
    source = WireSource.objects.create(
        name="Ajans",
        transport="http",
        url=f"{server.url}/rss",
        username="abone",
        password=seal("çok-gizli-parola"),
    )
    report = source_poll(source)
    source.refresh_from_db()
    assert "Authorization" in server.requests[-1].headers
    assert "çok-gizli-parola" not in report.error and "çok-gizli-parola" not in source.last_error
    assert "çok-gizli-parola" not in source.password


def test_the_pass_polls_only_due_sources(folder_source, tmp_path):
    drop(tmp_path, "1.json", ninjs(guid="a"))
    folder_source.next_fetch_at = timezone.now() + timedelta(minutes=5)
    folder_source.save()
    assert wire_ingest_pass().polls == ()
    folder_source.next_fetch_at = None
    folder_source.save()
    assert [p.source for p in wire_ingest_pass().polls] == ["İHA FTP"]


def test_a_source_silent_past_its_idle_time_is_reported(folder_source):
    now = timezone.now()
    folder_source.idle_alert_minutes = 30
    folder_source.last_item_at = now - timedelta(minutes=31)
    folder_source.save()
    assert [s for s, _ in sources_idle(now=now)] == [folder_source]
    folder_source.last_item_at = now - timedelta(minutes=29)
    folder_source.save()
    assert sources_idle(now=now) == []


def test_retention_deletes_old_unused_items_and_keeps_used_ones(folder_source, tmp_path, desks):
    from manset.wires.articles import wire_item_to_article
    from manset.wires.ingest import wire_file_ingest

    old = timezone.now() - timedelta(days=20)
    wire_file_ingest(data=ninjs(guid="eski"), name="1", received_at=old)
    wire_file_ingest(
        data=ninjs(guid="kullanilan", headline="Kullanılan haber"), name="2", received_at=old
    )
    wire_file_ingest(data=ninjs(guid="yeni", headline="Yeni haber"), name="3")
    wire_item_to_article(item=WireItem.objects.get(guid="kullanilan"), desk=desks["gundem"])
    assert wire_retention(days=14) == 1
    assert sorted(WireItem.objects.values_list("guid", flat=True)) == ["kullanilan", "yeni"]
    assert WireFile.objects.count() == 2


def test_the_worker_job_logs_an_idle_source_once_an_hour(folder_source, caplog):
    from manset.wires.jobs import wire_ingest_job

    folder_source.idle_alert_minutes = 30
    folder_source.last_item_at = timezone.now() - timedelta(hours=2)
    folder_source.save()
    wire_ingest_job(timezone.now())
    wire_ingest_job(timezone.now())
    idle = [r for r in caplog.records if "has brought nothing since" in r.getMessage()]
    assert len(idle) == 1 and "İHA FTP" in idle[0].getMessage()


def test_a_source_claimed_by_another_worker_is_not_polled_twice(folder_source, tmp_path):
    from manset.wires.sources import _claim

    now = timezone.now()
    assert _claim(folder_source, now) is True
    assert _claim(folder_source, now) is False  # the second worker finds it taken
    assert wire_ingest_pass(now=now).polls == ()
