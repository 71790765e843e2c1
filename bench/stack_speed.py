"""The production stack under wrk (issue 14): nginx's cache in front of the app servers,
against the same nginx binary serving the article as a static file, in one run.

Usage: .venv/bin/python bench/stack_speed.py [--articles 2000] [--seconds 10]
       [--connections 32] [--mixed-seconds 30] [--mixed-rate 2000] [--spike-seconds 30]
       [--keep-stack]
Brings up `manset stack` as MANSET_STACK_PORT, MANSET_STACK_DIR and
MANSET_STACK_DATABASE_URL say (or uses the one already up there; one it started it stops
at the end unless --keep-stack; the database stays), tops it up to --articles live
articles (`manset demo --articles`), then measures:
1. the article's HTML as a static file from a plain nginx (port MANSET_STACK_PORT + 10);
2. the same article through the proxy, cached: target >= 90 % of (1)'s rate;
3. articles straight from app server 1, with the app's page cache cold (see `uncached`);
4. a mixed load through the proxy: 99 % GETs of 500 articles and the home page, 1 %
   comment POSTs, an article published every 5 s and its desk page polled until the
   headline shows: hit ratio, p99 < 50 ms, no 5xx or socket errors, each publish
   visible within 1 s;
5. a spike: a just-published article at the fewest connections that drove (within 10 %)
   the highest rate in probes: no errors, p99 < 100 ms.
and the peak memory of each gunicorn worker (target < 150 MB RSS) and of `manset worker`.
Needs Debian's wrk, nginx-light, libnginx-mod-http-cache-purge and redis-server, and the
PostgreSQL server the database URL names.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import BIN, ROOT, fetch, tree_cpu_seconds, wrk
from stack_parts import (
    Agent,
    PeakMemory,
    app_durations,
    app_requests,
    children,
    lua_counts,
    start_reference,
    stop_reference,
)
from stack_report import report

from manset.core.stack import Stack

HERE = Path(__file__).parent
ROUNDS = 3  # cases 1 and 2 take turns this many times
READ_ARTICLES = 500
POST_TARGETS = 20  # articles taking comments that the mixed load's POSTs go to
POST_VIEW = "comments:post"  # the comment POST's name in the app's metrics
PUBLISH_EVERY = 5.0
MAX_CONNECTIONS = 1024  # the spike's probes stop here
KNEE = 0.9  # the spike's connections: the fewest that drive this share of the best rate
UNCACHED = (
    "straight to app server 1 (no proxy); the content generation bumped first, as every "
    "publish does, and each article asked once, so the app's page cache misses on every "
    "request (X-Page-Cache counted below) and each worker's memos start cold; PostgreSQL, "
    "Redis and the workers themselves warm"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="live articles at least")
    parser.add_argument("--seconds", type=int, default=10, help="each of cases 1-3")
    parser.add_argument("--connections", type=int, default=32, help="cases 1, 2 and 4")
    parser.add_argument("--mixed-seconds", type=int, default=30)
    parser.add_argument(
        "--mixed-rate",
        type=int,
        default=2000,
        help="requests/s the mixed load's connections are paced to (0: as fast as they can)",
    )
    parser.add_argument("--spike-seconds", type=int, default=30)
    parser.add_argument("--static-port", type=int, help="default: MANSET_STACK_PORT + 10")
    parser.add_argument("--keep-stack", action="store_true", help="leave a stack it started up")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx-light")
    stack = Stack.from_env()
    env = stack.child_env()
    started = not all(ok for _, ok, _ in stack.status())
    if started:
        print(f"starting the stack under {stack.root} …", file=sys.stderr)
        manset(env, "stack", "up")
    try:
        results = measure(args, stack, env)
    finally:
        if started and not args.keep_stack:
            manset(env, "stack", "down")
    report(results)


def manset(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603  (our own command)
        [str(BIN / "manset"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manset {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def measure(args, stack: Stack, env: dict) -> dict:
    agent = Agent(env, stack.root / "bench-agent.log")
    memory = None
    try:
        live = len(agent.ask(do="articles", count=10**6)["paths"])
        if live < args.articles:
            print(f"adding {args.articles - live} synthetic articles …", file=sys.stderr)
            manset(env, "demo", "--articles", str(args.articles - live))
        roots = {
            "app1": stack.pid("app1"),
            "app2": stack.pid("app2"),
            "manset worker": stack.pid("worker"),
        }
        memory = PeakMemory(roots)
        memory.start()
        with tempfile.TemporaryDirectory(dir=stack.root, prefix="bench-") as tmp:
            results = cases(args, stack, agent, Path(tmp))
        results["memory"] = memory.stop()
        results["articles"] = len(agent.ask(do="articles", count=10**6)["paths"])
        return results
    finally:
        if memory is not None and memory.is_alive():
            memory.stop()
        agent.close()


def cases(args, stack: Stack, agent: Agent, tmp: Path) -> dict:
    proxy = stack.proxy_url
    app = f"http://127.0.0.1:{stack.app_ports[0]}"
    listed = agent.ask(do="articles", count=10**6)
    article = listed["paths"][0]
    results = {
        "connections": args.connections,
        "uncached": UNCACHED,
        "mixed_rate": args.mixed_rate,
        "mixed_pause_ms": pause_ms(args.connections, args.mixed_rate),
    }

    # 1 and 2: one article, as a file and from the proxy's cache, in turns.
    html, _ = fetch(app + article)
    warm(proxy, [article])
    results.update(static_and_cached(args, stack, tmp, proxy + article, html))

    # 3: the app server alone, every article new to its page cache.
    paths_file = tmp / "all-paths.txt"
    paths_file.write_text("\n".join(listed["paths"]) + "\n")
    agent.ask(do="bump")
    app1 = stack.pid("app1")
    if app1 is None:
        raise SystemExit("app server 1 of the stack is not running")
    workers = max(1, len(children(app1)))
    threads = min(2, workers)
    results["uncached_connections"] = workers
    results["app"] = wrk(
        app + "/",
        args.seconds,
        workers,  # one request at a time per gunicorn worker: latency without queueing
        script=str(HERE / "stack_walk.lua"),
        env={"BENCH_PATHS": str(paths_file), "BENCH_THREADS": str(threads)},
        threads=threads,
    )
    results["app"]["counts"] = lua_counts(results["app"]["output"])

    results["mixed"] = mixed_load(args, stack, agent, listed, tmp)
    results["spike"] = spike(args, stack, agent, article)
    return results


def static_and_cached(args, stack: Stack, tmp: Path, cached_url: str, html: bytes) -> dict:
    """Cases 1 and 2 taking turns, ROUNDS times each (the machine's load drifts): the round
    with the median rate of each, its rates, and the nginx workers' CPU per request."""
    static_port = args.static_port or stack.port + 10
    conf = (stack.root / "nginx.conf").read_text()
    reference = start_reference(tmp / "static", conf, static_port, html)
    try:
        static_url = f"http://127.0.0.1:{static_port}/article.html"
        wait_until_ok(static_url)
        rounds = {"static": [], "cached": []}
        for _ in range(ROUNDS):
            for name, url, nginx in (
                ("static", static_url, reference.pid),
                ("cached", cached_url, stack.pid("proxy")),
            ):
                cpu = tree_cpu_seconds(nginx)
                result = wrk(url, args.seconds, args.connections)
                spent = tree_cpu_seconds(nginx) - cpu
                result["cpu_us"] = 1e6 * spent / max(1, result["requests"])
                rounds[name].append(result)
    finally:
        stop_reference(reference)
    chosen = {}
    for name, runs in rounds.items():
        runs.sort(key=lambda r: r["rate"])
        chosen[name] = {**runs[len(runs) // 2], "rates": [round(r["rate"]) for r in runs]}
        chosen[name]["cpu_us"] = statistics.median(r["cpu_us"] for r in runs)
    chosen["cached"]["cache_status"] = fetch(cached_url)[1].get("X-Cache-Status")
    return chosen


def mixed_load(args, stack: Stack, agent: Agent, listed: dict, tmp: Path) -> dict:
    proxy = stack.proxy_url
    reads = ["/", *listed["paths"][:READ_ARTICLES]]
    reading = set(reads)
    targets = [(i, p) for i, p in listed["open"] if p in reading][:POST_TARGETS]
    if not targets:
        raise SystemExit("none of the 500 newest articles takes comments: run `manset demo`")
    before = agent.ask(do="per_address_rules")["before"]  # every wrk socket is 127.0.0.1
    try:
        posts = []
        for article_id, _path in targets:  # the form's stamp, as a reader's page fetches it
            stamp = json.loads(fetch(f"{proxy}/yorum/{article_id}/form/")[0])["stamp"]
            posts.append(f"/yorum/{article_id}/ {urllib.parse.quote(stamp, safe='')}")
        stamped = time.monotonic()
        (tmp / "reads.txt").write_text("\n".join(reads) + "\n")
        (tmp / "posts.txt").write_text("\n".join(posts) + "\n")
        warm(proxy, reads + ["/dunya/"])
        time.sleep(max(0.0, stamped + 4 - time.monotonic()))  # past the form's time trap
        run = secrets.token_hex(3)
        since = time.time()
        stop = threading.Event()
        publishes: list[dict] = []
        publisher = threading.Thread(
            target=publish_loop, args=(agent, proxy, run, stop, publishes), daemon=True
        )
        publisher.start()
        posts_before = app_durations(stack.app_ports, POST_VIEW)
        cpu_before = app_cpu_seconds(stack)
        result = wrk(
            proxy + "/",
            args.mixed_seconds,
            args.connections,
            script=str(HERE / "stack_mixed.lua"),
            env={
                "BENCH_PATHS": str(tmp / "reads.txt"),
                "BENCH_POSTS": str(tmp / "posts.txt"),
                "BENCH_ORIGIN": proxy,
                "BENCH_RUN": run,
                "BENCH_DELAY_MS": str(pause_ms(args.connections, args.mixed_rate)),
            },
        )
        posts_after = app_durations(stack.app_ports, POST_VIEW)
        result["app_cpu_seconds"] = app_cpu_seconds(stack) - cpu_before
        stop.set()
        publisher.join()
        result["post_durations"] = {
            bound: n - posts_before.get(bound, 0) for bound, n in sorted(posts_after.items())
        }
        result["counts"] = lua_counts(result["output"])
        result["publishes"] = publishes
        result["comments"] = agent.ask(do="comments", since=since)
        result["post_targets"] = len(targets)
        return result
    finally:
        agent.ask(do="per_address_rules", values=before)


def app_cpu_seconds(stack: Stack) -> float:
    """CPU time the app servers (gunicorn masters and workers) have used so far."""
    return sum(tree_cpu_seconds(stack.pid(name) or 0) for name in ("app1", "app2"))


def pause_ms(connections: int, rate: int) -> int:
    """What each connection waits between its requests for `rate` requests/s in all."""
    return round(1000 * connections / rate) if rate else 0


def publish_loop(agent: Agent, proxy: str, run: str, stop: threading.Event, out: list) -> None:
    """An article every PUBLISH_EVERY seconds; its desk page polled through the proxy until
    the headline shows (given up after 10 s), timed from the publish's commit."""
    number, next_at = 0, time.monotonic() + PUBLISH_EVERY / 2
    while not stop.wait(max(0.0, next_at - time.monotonic())):
        number += 1
        asked = time.time()
        published = agent.ask(do="publish", run=run, number=number)
        marker = f"{run}-{number}:"
        seen = None
        while seen is None and time.time() < published["committed_at"] + 10:
            if marker in fetch(proxy + published["desk_path"])[0].decode():
                seen = time.time()
            else:
                time.sleep(0.01)
        out.append(
            {
                "publish_seconds": published["committed_at"] - asked,
                "visible_seconds": seen - published["committed_at"] if seen else None,
            }
        )
        next_at += PUBLISH_EVERY
        while next_at < time.monotonic():  # a publish slower than the period skips turns
            next_at += PUBLISH_EVERY


def spike(args, stack: Stack, agent: Agent, cached_article: str) -> dict:
    """Probe (5 s each, on the cached article) connection counts from --connections up,
    doubling; past the rate's peak more connections only queue, so the spike takes the
    smallest count within 10 % of the highest error-free rate, on an article just published,
    for --spike-seconds."""
    proxy = stack.proxy_url
    probes = {}
    connections = args.connections
    while connections <= MAX_CONNECTIONS:
        probe = wrk(proxy + cached_article, 5, connections)
        probes[connections] = probe
        if probe["errors"] or probe["socket_errors"]:
            break
        connections *= 2
    clean = {c: p["rate"] for c, p in probes.items() if not (p["errors"] or p["socket_errors"])}
    if not clean:
        raise SystemExit(f"every probe had errors: {probes}")
    best = min(c for c, rate in clean.items() if rate >= KNEE * max(clean.values()))
    answered = app_requests(stack.app_ports)
    published = agent.ask(do="publish", run=secrets.token_hex(3), number=0)
    result = wrk(proxy + published["path"], args.spike_seconds, best)
    result["reached_app"] = round(app_requests(stack.app_ports) - answered)
    result["connections"] = best
    result["probes"] = {c: round(p["rate"]) for c, p in probes.items()}
    return result


def warm(base: str, paths: list[str]) -> None:
    """Each path asked until the proxy answers it from its cache."""

    def one(path):
        for _ in range(50):  # an expired copy is refreshed in the background (UPDATING)
            _body, headers = fetch(base + path)
            if headers.get("X-Cache-Status") == "HIT":
                return
            time.sleep(0.1)
        status = headers.get("X-Cache-Status")
        raise SystemExit(f"the proxy does not keep {path} (X-Cache-Status: {status})")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, paths))


def wait_until_ok(url: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
