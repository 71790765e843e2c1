"""Reader pages under load: the app (gunicorn, production settings) against nginx serving
the same article HTML as a static file, measured in the same run with wrk.

Usage: .venv/bin/python bench/page_speed.py [--articles 2000] [--seconds 10] [--connections 32]
Needs Debian's wrk and nginx (apt-get install wrk nginx-light) and, for the app's page
cache, a Redis server (REDIS_URL, default redis://127.0.0.1:6379/14; the bench empties
that database). Targets (issue 3): article >= 500 requests/s with p99 < 100 ms at 32
connections, app only; a cold render (every app cache empty) <= 15 ms median.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import BIN, ROOT, fetch, print_table, run, tree_cpu_seconds, wait_for, wrk

APP_PORT, STATIC_PORT = 8731, 8732


def start_nginx(root: Path, tmp: Path) -> subprocess.Popen:
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""worker_processes 2; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/nginx.err;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; keepalive_timeout 0; types {{ text/html html; }}
  client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp};
  uwsgi_temp_path {tmp}; scgi_temp_path {tmp};
  server {{ listen 127.0.0.1:{STATIC_PORT}; root {root}; }} }}
"""
    )
    return subprocess.Popen([shutil.which("nginx"), "-c", str(conf)])  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx-light")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    workers = os.cpu_count() or 2
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "MANSET_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MANSET_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "REDIS_URL": redis_url,
            "MANSET_LOG_LEVEL": "WARNING",
            # Server-Timing goes to staff only; the cold-render figures below read it.
            "MANSET_SERVER_TIMING": "all",
        }
        print(f"preparing {args.articles} articles …", file=sys.stderr)
        run(env, "migrate", "-v0")
        run(env, "collectstatic", "--noinput", "-v0")  # the manifest production templates need
        run(env, "demo", "--articles", str(args.articles))
        run(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        app = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "manset.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{APP_PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        nginx = None
        try:
            base = f"http://127.0.0.1:{APP_PORT}"
            wait_for(base + "/healthz")
            paths = run(
                env,
                "shell",
                "-c",
                "from manset.newsroom.models import ArticlePage as A;"
                "[print(a.url) for a in A.objects.live().order_by('-first_published_at')[:81]]",
            ).split()
            paths = [p for p in paths if p.startswith("/")]  # the shell may print a banner
            article = paths[0]
            html, _ = fetch(base + article)
            (tmp / "static").mkdir()
            (tmp / "static" / "article.html").write_bytes(html)
            nginx = start_nginx(tmp / "static", tmp)
            wait_for(f"http://127.0.0.1:{STATIC_PORT}/article.html")

            # Cold, two ways. "New article": a page the app has never rendered (what a reader
            # meets after a publish), site-wide memos (site, desk menu) warm. "Everything
            # empty": the content generation bumped before each request, which also empties
            # every worker's memos. Workers, imports and image renditions warmed first on
            # other articles, as on a live site.
            import redis

            bump = redis.Redis.from_url(redis_url)
            new_paths, warm_paths = paths[1:41], paths[41:]
            for path in warm_paths:
                fetch(base + path)
                fetch(base + path)

            def timed(path):
                """(client, server, server CPU) ms: over HTTP, and the app's Server-Timing."""
                started = time.perf_counter()
                _, headers = fetch(base + path)
                client = (time.perf_counter() - started) * 1000
                server, cpu = re.findall(r"dur=([\d.]+)", headers["Server-Timing"])
                return client, float(server), float(cpu)

            cold_new = [timed(path) for path in new_paths]
            cold_empty = []
            for path in warm_paths + new_paths:
                bump.incr("manset:pagecache:generation")
                cold_empty.append(timed(path))

            results = {
                "static article (nginx, reference)": wrk(
                    f"http://127.0.0.1:{STATIC_PORT}/article.html", args.seconds, args.connections
                )
            }
            cpu_ms = {}
            for name, path in (("article", article), ("home", "/"), ("desk", "/dunya/")):
                fetch(base + path)  # warm the page cache, as a hot story would be
                cpu = tree_cpu_seconds(app.pid)
                results[f"{name} (app)"] = wrk(base + path, args.seconds, args.connections)
                served = results[f"{name} (app)"]["rate"] * args.seconds
                cpu_ms[name] = 1000 * (tree_cpu_seconds(app.pid) - cpu) / max(served, 1)
        finally:
            app.send_signal(signal.SIGTERM)
            if nginx:
                nginx.send_signal(signal.SIGQUIT)
            app.wait(timeout=30)
    reference = results["static article (nginx, reference)"]["rate"]
    print(
        f"{workers} gunicorn workers, {args.connections} connections, {args.seconds} s each, "
        f"{args.articles} synthetic articles, page cache in Redis"
    )
    print_table(results, reference, "page")
    print(
        "app CPU per request (gunicorn workers): "
        + ", ".join(f"{name} {ms:.2f} ms" for name, ms in cpu_ms.items())
    )
    article_result = results["article (app)"]
    medians = {
        name: [statistics.median(t[i] for t in times) for i in (0, 1, 2)]
        for name, times in (("new article", cold_new), ("every cache empty", cold_empty))
    }
    print("cold render, median of 40 (server and its CPU from the app's Server-Timing):")
    for name, (client, server, cpu) in medians.items():
        print(f"  {name}: server {server:.1f} ms (CPU {cpu:.1f} ms), over HTTP {client:.1f} ms")
    worst = max(server for _, server, _ in medians.values())
    print(
        "targets: article >= 500 req/s and p99 < 100 ms: "
        f"{'met' if article_result['rate'] >= 500 and article_result['p99'] < 100 else 'NOT met'}; "
        f"cold render <= 15 ms: {'met' if worst <= 15 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
