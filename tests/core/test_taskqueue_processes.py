"""Several `manset worker` processes (production settings) on one PostgreSQL database."""

import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.core import queue_tasks

ROOT = Path(__file__).resolve().parents[2]
MANSET = str(Path(sys.executable).parent / "manset")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="SELECT … FOR UPDATE SKIP LOCKED between processes needs PostgreSQL",
    ),
]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def shared_database_url() -> str:
    """The test database this process uses, for the workers to share."""
    db = connection.settings_dict
    password = db["PASSWORD"] or ""
    return f"postgres://{db['USER']}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(name: str, tmp_path: Path, **environ) -> tuple[subprocess.Popen, Path]:
    out = tmp_path / f"{name}.out"
    env = {
        **os.environ,
        "MANSET_ENV": "production",
        "SECRET_KEY": "queue-test-secret-" + "k3y-Ş" * 10,
        "DATABASE_URL": shared_database_url(),
        "PYTHONPATH": str(ROOT),
        **environ,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [MANSET, "worker", "--interval", "0.5", "--worker-id", name],
        env=env,
        cwd=ROOT,
        stdout=out.open("w"),
        stderr=subprocess.STDOUT,
    )
    return process, out


def wait_for(condition, *, what: str, processes=(), timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        for process in processes:
            assert process.poll() is None, f"a worker ended before {what}"
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@override_settings(TASKS=DATABASE_QUEUE)
def test_two_workers_at_once_run_each_queued_task_exactly_once(tmp_path):
    log = tmp_path / "runs.log"
    workers = [start_worker(name, tmp_path) for name in ("w1", "w2")]
    processes = [process for process, _ in workers]
    try:
        wait_for(
            lambda: all("Manşet worker:" in out.read_text() for _, out in workers),
            what="both workers started",
            processes=processes,
        )
        total = 40
        for number in range(total):
            queue_tasks.record.enqueue(number=number, log=str(log), seconds=0.1)
        # Only these: the workers' own jobs queue tasks too (the spam model's retraining).
        records = DBTaskResult.objects.filter(task_path=queue_tasks.record.module_path)
        wait_for(
            lambda: records.successful().count() == total,
            what=f"{total} tasks done",
            processes=processes,
        )
    finally:
        stop(*processes)

    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(number) for number, _ in runs) == list(range(total)), "each ran once"
    pids = Counter(pid for _, pid in runs)
    assert set(pids) == {str(p.pid) for p in processes}, f"both workers took tasks: {pids}"
    assert sorted(len(row.worker_ids) for row in records) == [1] * total
    assert [p.returncode for p in processes] == [0, 0], "SIGTERM stops them cleanly"


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_task_whose_worker_is_killed_mid_run_is_run_again_by_another_worker(tmp_path):
    marker, log = tmp_path / "started", tmp_path / "runs.log"
    result = queue_tasks.hang_first_time.enqueue(marker=str(marker), log=str(log))
    lease = {"MANSET_TASK_LEASE_SECONDS": "2"}

    first, _ = start_worker("killed", tmp_path, **lease)
    try:
        wait_for(marker.exists, what="the task started", processes=[first])
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.worker_ids) == (TaskResultStatus.RUNNING, ["killed"])
    assert not log.exists()

    second, out = start_worker("survivor", tmp_path, **lease)
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            what="the task ran again",
            processes=[second],
        )
    finally:
        stop(second)

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.worker_ids == ["killed", "survivor"]
    assert log.read_text().splitlines() == [f"done {second.pid}"], "run again, once"
    assert "queued again" in out.read_text()


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_idle_worker_starts_queued_tasks_a_fraction_of_a_second_after_they_come(tmp_path):
    """A publish's purge of the proxy is a queued task: readers see the story only once an
    idle worker has looked again (every 0.2 s), whenever in its round the task comes. The
    median, as one slow query on a busy machine must not decide it (looking every second,
    it was some 0.6 s)."""
    log = tmp_path / "runs.log"
    process, out = start_worker("idle", tmp_path)
    delays = []
    try:
        wait_for(
            lambda: "Manşet worker:" in out.read_text(),
            what="the worker started",
            processes=[process],
        )
        for number in range(8):
            time.sleep(0.3 + 0.11 * number)  # idle, and at another point of its round each time
            result = queue_tasks.record.enqueue(number=number, log=str(log))
            wait_for(
                lambda: DBTaskResult.objects.get(pk=result.id).started_at is not None,  # noqa: B023
                what=f"task {number} started",
                processes=[process],
            )
            row = DBTaskResult.objects.get(pk=result.id)
            delays.append(round((row.started_at - row.enqueued_at).total_seconds(), 3))
    finally:
        stop(process)
    assert statistics.median(delays) < 0.35, f"seconds from queued to started: {delays}"
