"""What the HTTP benchmarks share: running `manset`, fetching, waiting, and wrk."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
THREADS = 2  # wrk's threads: one a core of the 2-core machines these run on


def production_env(database_url: str) -> dict:
    """The environment of an in-process measurement with production settings on loopback:
    a fresh secret key, no HTTPS redirect, warnings only in the log."""
    return {
        **os.environ,
        "MANSET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MANSET_SSL_REDIRECT": "0",
        "MANSET_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
    }


def run(env, *args):
    return subprocess.run(  # noqa: S603  (our own tools)
        [str(BIN / "manset"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def fetch(url: str, headers: dict | None = None) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (local)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read(), dict(response.headers)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def wrk(
    url: str,
    seconds: int,
    connections: int,
    script: str | None = None,
    env: dict | None = None,
    threads: int | None = None,
) -> dict:
    """One wrk run: rate, p50 and p99 in ms, non-2xx/3xx answers, socket errors (connect,
    read, write, timeout), and wrk's whole output (a Lua script's own lines are in it).
    `env` adds variables for the script (os.getenv in Lua)."""
    extra = ["-s", script] if script else []
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            f"-t{threads or THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
        ]
        + [*extra, url],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if out.returncode:
        raise SystemExit(f"wrk failed on {url}: {out.stderr.strip() or out.stdout.strip()}")
    out = out.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])

    def ms(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rate": rate,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
        "requests": int(re.search(r"(\d+) requests in", out)[1]),
        "output": out,
    }


def print_table(results: dict, reference: float, label: str = "case") -> None:
    """One row a measurement, with its rate as a ratio of the reference's."""
    print(f"{label:<40}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'ratio':>8}")
    for name, r in results.items():
        print(
            f"{name:<40}{r['rate']:>10,.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['errors']:>9}"
            f"{r['rate'] / reference:>8.3f}"
        )


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children so far: what the app spent,
    whatever else the shared machine was doing (wall-clock rates are noisy here)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total
