"""Fault drills (issue 14) against a real `manset stack`: one line a check, PASS or FAIL
with what was measured.

Usage: .venv/bin/python bench/fault_drills.py [--only pg,redis,app,worker]
           [--port 18780] [--pg-port 5499] [--load-seconds 90]

The stack (proxy on --port; app servers, Redis on +1, +2, +9) keeps its database in a
PostgreSQL cluster of the drill's own (initdb into a temporary folder, on --pg-port),
since the PostgreSQL drill restarts it; the machine's shared server is never touched.
Everything is removed at the end. Traffic goes to 127.0.0.1 only.

- pg: readers (some past both caches), comment posts (retried with their form stamp,
  so their submission key, until accepted), article publishes (`manset articles
  import`, retried) and agency files (`manset ingest file`, retried) while PostgreSQL
  is restarted (`pg_ctl restart -m fast`) and later stopped for 5 s, once an import or
  an ingest has stored part of its batch. Measured: seconds from its return to the last
  failure; then every comment, publish and wire item the
  clients were told was accepted must exist exactly once, and nothing twice.
- redis: its Redis killed: pages serve, /healthz says 503, the search limit still
  holds (per app server); started again with the same command: recovers, unrestarted.
- app: both app servers killed: an expired page is served stale, an unkept one gets the
  Turkish 502 page; `manset stack up` brings them back.
- worker: the worker SIGKILLed mid-task; `manset stack up` starts another, which runs
  the task again, once, after its lease.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drill_load import (  # noqa: E402  (beside this script)
    SETUP,
    VERIFY,
    Load,
    commenter,
    errors_after,
    last_error_seen,
    publisher,
    reader,
    request,
    wait_mid_write,
    wire_sender,
)

from tests.core.pgcluster import PrivateCluster, unavailable_reason  # noqa: E402

MANSET = str(Path(sys.executable).parent / "manset")
S_MAXAGE = 4
LEASE = 3
RESULTS: list[bool] = []


def check(ok: bool, what: str, figure: str) -> bool:
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {what}: {figure}", flush=True)
    return ok


# -- the stack ----------------------------------------------------------------------


class Drill:
    def __init__(self, port: int, cluster: PrivateCluster, folder: Path):
        self.port = port
        self.proxy = f"http://127.0.0.1:{port}"
        self.cluster = cluster
        self.dir = folder / "stack"
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "MANSET_STACK_DIR": str(self.dir),
            "MANSET_STACK_PORT": str(port),
            "MANSET_STACK_DATABASE_URL": cluster.database_url("manset_drills"),
            "MANSET_CACHE_S_MAXAGE": str(S_MAXAGE),  # expiry within the app drill
            "MANSET_TASK_LEASE_SECONDS": str(LEASE),  # the worker drill's re-run comes soon
            "PYTHONPATH": str(ROOT),  # the worker drill's task (tests/core/queue_tasks.py)
        }

    def manset(self, *args: str, check: bool = True, timeout: float = 600):
        done = subprocess.run(  # noqa: S603  (our own command)
            [MANSET, *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if check and done.returncode:
            raise SystemExit(f"manset {args[0]} failed:\n{done.stderr[-3000:]}")
        return done

    def up(self) -> None:
        self.manset("stack", "up")
        for line in self.manset("stack", "env").stdout.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            self.env[key] = value.strip("'")

    def shell(self, code: str) -> dict:
        """Runs `code` in `manset shell` against the stack; the JSON its last line prints."""
        return json.loads(self.manset("shell", "-c", code).stdout.splitlines()[-1])

    def pid(self, part: str) -> int:
        return int((self.dir / f"{part}.pid").read_text().split()[0])


def drill_postgres(drill: Drill, seconds: float, folder: Path) -> None:
    articles = drill.shell(SETUP)["articles"]
    load = Load()
    clients = [
        threading.Thread(target=reader, args=(drill, load, articles[0][1])) for _ in range(3)
    ]
    clients += [
        threading.Thread(target=commenter, args=(drill, load, articles[n % 2][0], f"c{n}"))
        for n in range(2)
    ]
    clients.append(threading.Thread(target=publisher, args=(drill, load, folder)))
    clients.append(threading.Thread(target=wire_sender, args=(drill, load, folder)))
    for client in clients:
        client.start()
    outages = []  # (how, when it went down, when it was back)
    try:
        time.sleep(seconds * 0.2)
        down = time.monotonic()
        drill.cluster.restart()
        outages.append(("restart -m fast", down, time.monotonic()))
        time.sleep(seconds * 0.35)
        caught = wait_mid_write(drill, load, seconds=60)
        down = time.monotonic()
        drill.cluster.stop()
        time.sleep(5)
        drill.cluster.start()
        outages.append((f"stop, 5 s, start ({caught})", down, time.monotonic()))
        time.sleep(seconds * 0.45)
    finally:
        load.stop.set()
        for client in clients:
            client.join(timeout=120)
    # Each window: from the server's return to the next outage (or the end of the load).
    ends = [down for _, down, _ in outages[1:]] + [time.monotonic()]
    for (how, down, back), end in zip(outages, ends, strict=True):
        late = errors_after(load, back, end)
        seen = last_error_seen(load, back, end)
        check(
            not late or late[-1][0] < 5,
            f"PostgreSQL {how}: errors stop within seconds of its return",
            f"away {back - down:.1f} s; last 5xx or failure seen "
            + ("before its return; " if seen is None else f"{seen:.1f} s after its return; ")
            + (
                "no request or command begun after its return failed"
                if not late
                else f"last failure begun {late[-1][0]:.1f} s after its return: "
                + ", ".join(f"{kind} {status} at +{t:.1f} s" for t, kind, status in late[-8:])
            ),
        )
    errors = sum(1 for _, _, s, _ in load.seen if s >= 500 or not s)
    kinds = {k: sum(1 for _, kind, _, _ in load.seen if kind == k) for k in ("read", "read-bypass")}
    failures = {
        k: sum(1 for _, kind, s, _ in load.seen if kind == k and (s >= 500 or not s))
        for k in ("comment", "publish", "wire")
    }
    print(
        f"      load: {len(load.seen)} requests and commands ({kinds}), {errors} failed in all; "
        f"failed attempts retried: {failures}",
        flush=True,
    )

    deadline = time.monotonic() + 60  # the worker drains what the publishes queued
    while True:
        found = drill.shell(VERIFY)
        if not found["tasks"].get("READY") and not found["tasks"].get("RUNNING"):
            break
        if time.monotonic() > deadline:
            break
        time.sleep(2)
    once = lambda counts, names: [n for n in names if counts.get(n, 0) != 1]  # noqa: E731
    twice = lambda counts: [n for n, c in counts.items() if c > 1]  # noqa: E731
    bad = once(found["comments"], load.comments_accepted) + twice(found["comments"])
    check(
        not bad and bool(load.comments_accepted),
        "comments: every accepted one stored exactly once",
        f"{len(load.comments_accepted)} accepted of {len(load.comments_sent)} sent, "
        f"{sum(found['comments'].values())} stored, {len(bad)} wrong",
    )
    bad = once(found["articles"], load.publishes_accepted) + twice(found["articles"])
    bad += [e for e in load.publishes_accepted if e not in found["live"]]
    bad += twice(found["publish_logs"])
    check(
        not bad and bool(load.publishes_accepted),
        "publishes: every accepted one live exactly once, published once",
        f"{len(load.publishes_accepted)} accepted of {len(load.publishes_sent)} sent, "
        f"{len(found['articles'])} stored, {len(bad)} wrong",
    )
    bad = once(found["wires"], load.wires_accepted) + twice(found["wires"])
    check(
        not bad and bool(load.wires_accepted),
        "wire items: every accepted one stored exactly once",
        f"{len(load.wires_accepted)} accepted of {len(load.wires_sent)} sent, "
        f"{sum(found['wires'].values())} stored, {len(bad)} wrong",
    )
    tasks = found["tasks"]
    check(
        not tasks.get("READY") and not tasks.get("RUNNING") and not tasks.get("FAILED"),
        "the worker outlived both outages and drained the queue",
        f"tasks {tasks}; worker pid {drill.pid('worker')} "
        f"{'alive' if alive(drill.pid('worker')) else 'GONE'}",
    )
    worker_log = (drill.dir / "worker.log").read_text()
    check(
        alive(drill.pid("worker")) and worker_log.count("database is unreachable") <= 2,
        "the worker logged each outage once",
        f"{worker_log.count('database is unreachable')} outage lines, "
        f"{worker_log.count('answers again')} recoveries, "
        f"{worker_log.count('Traceback')} tracebacks",
    )


def alive(pid: int) -> bool:
    try:
        return bool(Path(f"/proc/{pid}/cmdline").read_bytes())
    except OSError:
        return False


# -- Redis down and back --------------------------------------------------------------


def drill_redis(drill: Drill) -> None:
    from manset.core.stack import Stack

    limit = (
        "import json\nfrom manset.search import views\nprint(json.dumps(views.SEARCHES_PER_MINUTE))"
    )
    SEARCHES_PER_MINUTE = drill.shell(limit)  # noqa: N806
    app1 = f"http://127.0.0.1:{drill.port + 1}"
    app_pids = [drill.pid("app1"), drill.pid("app2")]
    os.kill(drill.pid("redis"), signal.SIGKILL)
    killed = time.monotonic()
    while listening(drill.port + 9):
        time.sleep(0.1)
    pages = []
    for path in ("/", "/dunya/", "/teknoloji/", "/spor/"):
        started = time.monotonic()
        status = request(drill.proxy + path, headers={"Cookie": "sessionid=x"})[0]
        pages.append((status, time.monotonic() - started))
    check(
        all(status == 200 for status, _ in pages),
        "Redis down: pages past every cache still serve",
        ", ".join(f"{s} in {t * 1000:.0f} ms" for s, t in pages),
    )
    status, _, body = request(drill.proxy + "/healthz")
    check(
        status == 503 and '"cache": {"ok": false' in body,
        "Redis down: /healthz says so",
        f"{status} {body[:120]}",
    )
    answered = searches_until_refused(app1, "198.51.100.7", SEARCHES_PER_MINUTE * 4)
    workers = max(1, (os.cpu_count() or 2) // 2)
    check(
        answered is not None and SEARCHES_PER_MINUTE <= answered <= SEARCHES_PER_MINUTE * workers,
        "Redis down: the search limit still holds (counted in each app server)",
        f"{answered} searches answered before a 429 (limit {SEARCHES_PER_MINUTE}/min, "
        f"{workers} gunicorn worker(s) an app server)",
    )
    stack = Stack(root=drill.dir, port=drill.port, database_url="")
    subprocess.run(stack.redis_command(), check=True)  # noqa: S603  (the same command again)
    restarted = time.monotonic()
    while request(drill.proxy + "/healthz")[0] != 200 or request(app1 + "/healthz")[0] != 200:
        if time.monotonic() - restarted > 30:
            break
        time.sleep(0.2)
    healthy = time.monotonic() - restarted
    import redis

    client = redis.Redis(port=drill.port + 9)
    searches_until_refused(app1, "198.51.100.8", SEARCHES_PER_MINUTE * 4)
    request(f"http://127.0.0.1:{drill.port + 2}/spor/")
    check(
        healthy < 30
        and bool(client.keys("*limits:search:*"))
        and bool(client.keys("*pagecache:*")),
        "Redis back: recovers without a restart",
        f"/healthz 200 again {healthy:.1f} s after Redis started "
        f"({restarted - killed:.0f} s down); limits and the page cache in Redis again; "
        f"app servers never restarted: {drill.pid('app1')} {drill.pid('app2')} == {app_pids}",
    )


def listening(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def searches_until_refused(base: str, address: str, most: int) -> int | None:
    for answered in range(most + 1):
        if request(base + "/arama/", headers={"X-Forwarded-For": address})[0] == 429:
            return answered
    return None


# -- app servers down; worker killed mid-task -----------------------------------------


def drill_app_servers(drill: Drill) -> None:
    fresh = request(drill.proxy + "/teknoloji/")
    time.sleep(S_MAXAGE + 1.5)  # expired in the proxy: only stale-on-error can serve it
    for part in ("app1", "app2"):
        os.kill(drill.pid(part), signal.SIGTERM)
    while listening(drill.port + 1) or listening(drill.port + 2):
        time.sleep(0.1)
    purge = urllib.request.Request(drill.proxy + "/", method="PURGE")  # noqa: S310
    urllib.request.urlopen(purge, timeout=5).close()  # noqa: S310  (nothing kept for "/")
    status, headers, body = request(drill.proxy + "/teknoloji/")
    check(
        status == 200
        and headers.get("X-Cache-Status") in ("STALE", "UPDATING")
        and body == fresh[2],
        "app servers down: an expired page is served stale",
        f"{status} {headers.get('X-Cache-Status')}",
    )
    status, _, body = request(drill.proxy + "/")
    check(
        status == 502 and "Kısa bir ara verdik" in body,
        "app servers down: an unkept page gets the Turkish error page",
        f"{status}, {'Turkish page' if 'Kısa bir ara verdik' in body else 'other page'}",
    )
    started = time.monotonic()
    drill.manset("stack", "up")
    check(
        request(drill.proxy + "/")[0] == 200,
        "app servers back (`manset stack up` starts only them, after its migrate and demo)",
        f"serving again {time.monotonic() - started:.1f} s after `stack up` began",
    )


def drill_worker(drill: Drill, folder: Path) -> None:
    marker, log = folder / "hang-started", folder / "hang-runs.log"
    task_id = drill.shell(
        "import json\nfrom tests.core import queue_tasks\n"
        f"r = queue_tasks.hang_first_time.enqueue(marker={str(marker)!r}, log={str(log)!r})\n"
        "print(json.dumps({'id': str(r.id)}))"
    )["id"]
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    killed_pid = drill.pid("worker")
    os.kill(killed_pid, signal.SIGKILL)
    drill.manset("stack", "up")  # starts a new worker, nothing else (after migrate and demo)
    restarted = time.monotonic()
    status_code = (
        "import json\nfrom django_tasks_db.models import DBTaskResult\n"
        f"r = DBTaskResult.objects.get(pk={task_id!r})\n"
        "print(json.dumps({'status': r.status, 'workers': r.worker_ids}))"
    )
    row = {}
    while time.monotonic() - restarted < 60:
        row = drill.shell(status_code)
        if row["status"] == "SUCCESSFUL":
            break
        time.sleep(1)
    runs = log.read_text().splitlines() if log.exists() else []
    check(
        row.get("status") == "SUCCESSFUL" and len(runs) == 1 and len(row["workers"]) == 2,
        "a worker killed mid-task: the task runs again, once",
        f"{row.get('status')} {time.monotonic() - restarted:.1f} s after the new worker started "
        f"(lease {LEASE} s); claimed by {len(row.get('workers', []))} workers, "
        f"finished {len(runs)} time(s)",
    )


# -- main ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="pg,redis,app,worker")
    parser.add_argument("--port", type=int, default=18780)
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--load-seconds", type=float, default=90)
    args = parser.parse_args()
    drills = args.only.split(",")
    if reason := unavailable_reason():
        raise SystemExit(f"cannot run the drills: {reason}")
    if not shutil.which("wrk"):
        print("note: wrk is not needed; the readers are threads")
    cluster = PrivateCluster(args.pg_port)
    folder = Path(tempfile.mkdtemp(prefix="manset-drills-"))
    drill = Drill(args.port, cluster, folder)
    try:
        cluster.init()
        cluster.start()
        started = time.monotonic()
        drill.up()
        print(f"stack up in {time.monotonic() - started:.0f} s at {drill.proxy}/ "
              f"(PostgreSQL {cluster.url}, its own cluster)", flush=True)  # fmt: skip
        if "pg" in drills:
            drill_postgres(drill, args.load_seconds, folder)
        if "redis" in drills:
            drill_redis(drill)
        if "app" in drills:
            drill_app_servers(drill)
        if "worker" in drills:
            drill_worker(drill, folder)
    finally:
        drill.manset("stack", "down", check=False)
        cluster.remove()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{RESULTS.count(True)} passed, {RESULTS.count(False)} failed")
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
