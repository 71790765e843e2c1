"""`manset ingest file | run`: verdicts per file, JSON for integrators, and surviving a kill."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from manset.wires.models import WireItem, WireRejection, WireSource
from tests.wires.factories import ninjs, ninjs_item

MANSET = str(Path(sys.executable).with_name("manset"))


@pytest.mark.django_db
def test_ingest_file_reports_a_verdict_per_file_and_fails_when_some_were_refused(tmp_path, capsys):
    (tmp_path / "iyi.json").write_bytes(ninjs(guid="a"))
    (tmp_path / "kotu.xml").write_bytes(b"<nitf><head>")
    with pytest.raises(CommandError, match="1 files had refusals"):
        call_command("ingest", "file", str(tmp_path))
    out = capsys.readouterr().out
    assert f"{tmp_path / 'iyi.json'}: 1 created" in out
    assert f"{tmp_path / 'kotu.xml'}: refused: line 1" in out
    assert WireItem.objects.count() == 1 and WireRejection.objects.count() == 1


@pytest.mark.django_db
def test_ingest_file_again_says_already_imported(tmp_path, capsys):
    path = tmp_path / "iyi.json"
    path.write_bytes(ninjs(guid="a"))
    call_command("ingest", "file", str(path))
    call_command("ingest", "file", str(path))
    assert f"{path}: already imported" in capsys.readouterr().out


@pytest.mark.django_db
def test_ingest_file_json_prints_items_and_stores_nothing(tmp_path, capsys):
    path = tmp_path / "iki.json"
    path.write_bytes(ninjs(ninjs_item(guid="a", urgency=1), ninjs_item(guid="b")))
    call_command("ingest", "file", "--json", str(path))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["guid"] for line in lines] == ["a", "b"]
    first = lines[0]
    assert first["file"] == str(path) and first["urgency"] == "flash"
    assert first["versioned"] == "2026-11-29T10:00:00+00:00"
    assert first["headline"] == "Ankara'da yeni düzenleme açıklandı"
    assert {"provider", "version", "body", "media", "keywords", "embargo"} <= set(first)
    assert not WireItem.objects.exists()


@pytest.mark.django_db
def test_ingest_file_json_names_refusals_on_stderr(tmp_path, capsys):
    path = tmp_path / "bomba.xml"
    path.write_bytes(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
    with pytest.raises(CommandError):
        call_command("ingest", "file", "--json", str(path))
    assert "declares entities" in capsys.readouterr().err


@pytest.mark.django_db
def test_ingest_file_json_refuses_a_bytes_codec_and_deep_json_without_a_traceback(tmp_path, capsys):
    hexed = tmp_path / "hex.xml"
    hexed.write_bytes(b'<?xml version="1.0" encoding="hex"?><rss/>')
    deep = tmp_path / "derin.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(CommandError):
        call_command("ingest", "file", "--json", str(hexed), str(deep))
    err = capsys.readouterr().err
    assert "declared encoding 'hex' is not a character set" in err
    assert "nested too deeply" in err and "Traceback" not in err


@pytest.mark.django_db
def test_ingest_run_polls_each_source_and_names_failures(tmp_path, capsys):
    (tmp_path / "1.json").write_bytes(ninjs(guid="a"))
    os.utime(tmp_path / "1.json", (time.time() - 60, time.time() - 60))
    WireSource.objects.create(name="Klasör", transport="folder", path=str(tmp_path))
    WireSource.objects.create(name="Kayıp", transport="folder", path=str(tmp_path / "yok"))
    with pytest.raises(CommandError, match="1 sources failed"):
        call_command("ingest", "run")
    out = capsys.readouterr().out
    assert "Klasör: 1 files, 1 new, 0 updated" in out and "Kayıp: failed:" in out


def manset(*args, env, **kwargs):
    return subprocess.run(  # noqa: S603 (our own command)
        [MANSET, *args], env=env, capture_output=True, text=True, check=True, **kwargs
    )


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(tmp_path):
    """SIGKILL `manset ingest run` while it stores a folder; the next run finishes the job."""
    database = tmp_path / "wire.sqlite3"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MANSET_ENV": "development"}
    env.pop("REDIS_URL", None)
    manset("migrate", "-v0", env=env)
    manset(
        "shell",
        "-c",
        "from manset.wires.models import WireSource; WireSource.objects.create("
        f"name='ftp', agency='AA', transport='folder', path={str(inbox)!r}, "
        "options={'batch': 1000, 'settle_seconds': 0})",
        env=env,
    )
    total = 400
    for number in range(total):
        item = ninjs_item(
            guid=f"aa:text:{number}",
            headline=f"Haber {number}: kısa başlık",
            body=f"<p>Olay {number} hakkında ayrıntılar.</p>",
        )
        (inbox / f"{number:04}.json").write_bytes(json.dumps(item).encode())

    worker = subprocess.Popen(  # noqa: S603 (our own command)
        [MANSET, "ingest", "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        stored = _wait_for_rows(database, "wires_wireitem", at_least=40, process=worker)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    assert 40 <= stored < total, "killed mid-batch"

    manset("ingest", "run", env=env)
    with sqlite3.connect(database) as db:
        guids = [row[0] for row in db.execute("SELECT guid FROM wires_wireitem")]
        files = db.execute("SELECT count(*), count(DISTINCT sha256) FROM wires_wirefile").fetchone()
        orphans = db.execute(
            "SELECT count(*) FROM wires_wireband b LEFT JOIN wires_wireitem i ON i.id = b.item_id "
            "WHERE i.id IS NULL"
        ).fetchone()[0]
    assert sorted(guids) == sorted(f"aa:text:{n}" for n in range(total))
    assert files == (total, total) and orphans == 0
    assert [p.name for p in inbox.iterdir()] == ["processed"]


def _wait_for_rows(database, table, *, at_least, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the worker ended before it could be killed"
        try:
            with sqlite3.connect(database, timeout=0.1) as db:
                count = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        except sqlite3.OperationalError:
            count = 0
        if count >= at_least:
            return count
        time.sleep(0.02)
    raise AssertionError(f"{table} never reached {at_least} rows")
