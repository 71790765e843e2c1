"""What bench/stack_speed.py runs beside the stack: the agent inside the site, the plain
nginx of the static reference, and the sampler of the app servers' memory."""

import getpass
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from harness import ROOT, fetch

AGENT = Path(__file__).with_name("stack_agent.py")
ANSWER = "agent: "
# Directives of the proxy's nginx.conf the static reference copies, so that the two
# nginx differ only in what they serve: workers, connections, keep-alive, sending, open files.
SAME_MAIN = ("worker_processes",)
SAME_HTTP = (
    "sendfile",
    "tcp_nopush",
    "tcp_nodelay",
    "keepalive_timeout",
    "keepalive_requests",
    "open_file_cache",
    "open_file_cache_valid",
    "open_file_cache_min_uses",
    "open_file_cache_errors",
)


class Agent:
    """bench/stack_agent.py in the stack's environment: one question, one answer."""

    def __init__(self, env: dict, log: Path):
        self.log = log
        with open(log, "ab") as stderr:
            self.process = subprocess.Popen(  # noqa: S603  (our own script)
                [sys.executable, str(AGENT)],
                env=env,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.lock = threading.Lock()
        self._answer()  # ready

    def ask(self, **command) -> dict:
        with self.lock:
            self.process.stdin.write(json.dumps(command) + "\n")
            self.process.stdin.flush()
            return self._answer()

    def _answer(self) -> dict:
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                answer = json.loads(line[len(ANSWER) :])
                if "error" in answer:
                    raise SystemExit(f"the bench agent failed: {answer['trace']}")
                return answer
        raise SystemExit(f"the bench agent stopped; see {self.log}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def start_reference(folder: Path, proxy_conf: str, port: int, html: bytes) -> subprocess.Popen:
    """A plain nginx (the proxy's binary) serving `html` as /article.html on `port`, with
    the proxy's worker, connection and keep-alive settings."""
    site = folder / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "article.html").write_bytes(html)

    def copied(names):
        return "\n".join(
            m[0] for n in names for m in re.finditer(rf"^\s*{n}\s[^;]*;", proxy_conf, re.M)
        )

    events = re.search(r"^events\s*\{[^}]*\}", proxy_conf, re.M)[0]
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""# The static reference of bench/stack_speed.py (written by it).
user {getpass.getuser()};
{copied(SAME_MAIN)}
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
{events}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    server_tokens off;
    access_log off;
{copied(SAME_HTTP)}
    client_body_temp_path {folder}; proxy_temp_path {folder}; fastcgi_temp_path {folder};
    uwsgi_temp_path {folder}; scgi_temp_path {folder};
    server {{
        listen 127.0.0.1:{port};
        root {site};
    }}
}}
"""
    )
    # A session of its own, as the proxy's daemon has: with the kernel's autogroups a
    # session shares the CPU as one, and in wrk's it would be scheduled with wrk.
    return subprocess.Popen(  # noqa: S603
        [shutil.which("nginx"), "-c", str(conf)], start_new_session=True
    )


def stop_reference(nginx: subprocess.Popen) -> None:
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait(timeout=30)


@dataclass
class Peak:
    role: str
    pid: int
    rss_kb: int = 0  # the highest VmRSS sampled
    hwm_kb: int = 0  # VmHWM: the kernel's own peak RSS of the process's life


class PeakMemory(threading.Thread):
    """Samples /proc/PID/status of each named process and of its children (gunicorn's
    workers) every `every` seconds until stopped."""

    def __init__(self, roots: dict[str, int], every: float = 0.25):
        super().__init__(daemon=True)
        self.roots, self.every = roots, every
        self.peaks: dict[int, Peak] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(self.every)
        self.sample()

    def stop(self) -> list[Peak]:
        self.stopping.set()
        self.join()
        return sorted(self.peaks.values(), key=lambda p: (p.role, p.pid))

    def sample(self) -> None:
        for name, root in self.roots.items():
            kids = children(root)
            kind = "gunicorn master" if kids else "process"
            for pid, role in [(root, f"{name} {kind}")] + [(c, f"{name} worker") for c in kids]:
                status = _status(pid)
                if status is None:
                    continue
                peak = self.peaks.setdefault(pid, Peak(role, pid))
                peak.rss_kb = max(peak.rss_kb, status.get("VmRSS", 0))
                peak.hwm_kb = max(peak.hwm_kb, status.get("VmHWM", 0))


def children(pid: int) -> list[int]:
    """The process's children (a gunicorn master's workers)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status(pid: int) -> dict[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return {m[1]: int(m[2]) for m in re.finditer(r"^(Vm\w+):\s+(\d+) kB", text, re.M)}


def lua_counts(output: str) -> dict[str, int]:
    """The "bench-counts: KEY=N ..." line a bench Lua script prints at its end."""
    line = re.search(r"^bench-counts:(.*)$", output, re.M)
    if line is None:
        raise SystemExit(f"the wrk script printed no counts:\n{output}")
    return {key: int(n) for key, n in (item.split("=") for item in line[1].split())}


def app_requests(ports: list[int]) -> float:
    """Requests the app servers have answered so far, every view but the metrics' own."""
    pattern = re.compile(r'^manset_request_duration_seconds_count\{view="([^"]*)"\} (\S+)$', re.M)
    total = 0.0
    for port in ports:
        text = fetch(f"http://127.0.0.1:{port}/metrics")[0].decode()
        total += sum(float(n) for view, n in pattern.findall(text) if view != "metrics")
    return total


def app_durations(ports: list[int], view: str) -> dict[float, float]:
    """The app servers' request duration histogram for `view` (/metrics, summed over the
    servers): requests so far that took at most each bucket's seconds."""
    totals: dict[float, float] = {}
    pattern = re.compile(
        r'^manset_request_duration_seconds_bucket\{le="([^"]+)",view="([^"]+)"\} (\S+)$', re.M
    )
    for port in ports:
        text = fetch(f"http://127.0.0.1:{port}/metrics")[0].decode()
        for bound, name, count in pattern.findall(text):
            if name == view:
                totals[float(bound)] = totals.get(float(bound), 0) + float(count)
    return totals
