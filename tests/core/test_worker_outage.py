"""`manset worker` (production settings) outlives its PostgreSQL server going away.

The server here is a cluster of the test's own (tests/core/pgcluster.py), stopped and
started again while the worker runs a task; the machine's shared server is never touched.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.core.pgcluster import PrivateCluster, unavailable_reason

ROOT = Path(__file__).resolve().parents[2]
MANSET = str(Path(sys.executable).parent / "manset")

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="restarts a PostgreSQL cluster of its own: runs in the PostgreSQL pass",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"no PostgreSQL cluster of our own: {reason}")
    cluster = PrivateCluster(free_port())
    try:
        cluster.init()
        cluster.start()
        with psycopg.connect(cluster.database_url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE manset_outage")
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def environ(cluster):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "MANSET_ENV": "production",
        "SECRET_KEY": "outage-test-secret-" + "k3y-Ş" * 10,
        "DATABASE_URL": cluster.database_url("manset_outage"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    migrated = subprocess.run(  # noqa: S603
        [MANSET, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    return env


def enqueue(environ, call: str) -> str:
    """Queues a task of tests/core/queue_tasks.py in the cluster; its id."""
    done = subprocess.run(  # noqa: S603
        [MANSET, "shell", "-c", f"from tests.core import queue_tasks\nprint({call}.id)"],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[-1]  # after the shell's own notes


def task_row(cluster, task_id: str) -> tuple[str, list]:
    with psycopg.connect(cluster.database_url("manset_outage")) as conn:
        return conn.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
            [task_id],
        ).fetchone()


def wait_for(condition, what: str, worker: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert worker.poll() is None, f"the worker ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_the_worker_waits_out_a_database_outage_and_resumes_its_queue(cluster, environ, tmp_path):
    marker, gate, log = tmp_path / "started", tmp_path / "gate", tmp_path / "runs.log"
    out = tmp_path / "worker.log"
    worker = subprocess.Popen(  # noqa: S603
        [MANSET, "worker", "--interval", "0.5", "--worker-id", "w1"],
        env=environ,
        cwd=ROOT,
        stdout=out.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        gated = enqueue(
            environ, f"queue_tasks.gated.enqueue(marker={str(marker)!r}, "
            f"gate={str(gate)!r}, log={str(log)!r})",
        )  # fmt: skip
        wait_for(marker.exists, "the task started", worker)

        cluster.stop()  # mid-task: the task ends while its outcome cannot be written
        gate.touch()
        time.sleep(4)
        assert worker.poll() is None, "the worker ended with its database:\n" + out.read_text()
        cluster.start()
        back = time.monotonic()

        wait_for(lambda: task_row(cluster, gated)[0] == "SUCCESSFUL", "the task ran again", worker)
        resumed = time.monotonic() - back
        recorded = enqueue(environ, f"queue_tasks.record.enqueue(number=7, log={str(log)!r})")
        wait_for(lambda: task_row(cluster, recorded)[0] == "SUCCESSFUL", "a new task", worker)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    text = out.read_text()
    assert worker.returncode == 0, text
    assert text.count("the database is unreachable") == 1, "logged once an outage:\n" + text
    assert text.count("the database answers again") == 1, text
    assert "Traceback" not in text, "no job or loop logged its own failure:\n" + text
    assert "was running when the database went away: queued again" in text
    runs = log.read_text().splitlines()
    assert runs.count(f"gated {worker.pid}") == 2  # its outcome was lost once, so it ran again
    assert runs[-1] == f"7 {worker.pid}"
    assert task_row(cluster, gated)[1] == ["w1", "w1"]
    # Pauses are at most 5 s; the rest is a busy machine's slack.
    assert resumed < 20, f"the queue resumed {resumed:.1f} s after the database came back"
