"""Lighthouse (mobile) on the article page, with Debian's chromium and production settings.

Usage: .venv/bin/python bench/lighthouse.py [--url URL]
Without --url it makes a throwaway SQLite database with the demo newsroom, serves it
with gunicorn (production settings) behind a small nginx that serves /static/ and
/media/ with gzip, as production would, and audits the demo state-visit story.
Targets (issue 3): Performance >= 95, Accessibility 100, Best Practices >= 95, SEO 100.
Also prints the page weight (HTML + CSS + JS, gzip) against the 60 KB budget.
"""

import argparse
import gzip
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
APP_PORT, PROXY_PORT = 8751, 8752
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}


def manset(env, *args) -> str:
    return subprocess.run(  # noqa: S603  (our own command)
        [str(BIN / "manset"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 (local)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def nginx_conf(tmp: Path, static: Path, media: Path) -> Path:
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/nginx.err;
events {{ worker_connections 256; }}
http {{ access_log off; include /etc/nginx/mime.types; gzip on; gzip_types text/css
  application/javascript image/svg+xml; client_body_temp_path {tmp}; proxy_temp_path {tmp};
  fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};
  server {{ listen 127.0.0.1:{PROXY_PORT}; gzip on; gzip_proxied any; gzip_types text/html;
    location /static/ {{ alias {static}/; expires 1y; }}
    location /media/ {{ alias {media}/; expires 1y; }}
    location / {{ proxy_pass http://127.0.0.1:{APP_PORT}; proxy_set_header Host $http_host; }}
  }} }}
"""
    )
    return conf


def page_weight(url: str) -> int:
    """Gzip bytes of the HTML and the CSS/JS it links (images are not counted)."""
    import re

    html = urllib.request.urlopen(url).read()  # noqa: S310
    total = len(gzip.compress(html))
    base = url.split("/", 3)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        body = urllib.request.urlopen(f"{base[0]}//{base[2]}{asset.decode()}").read()  # noqa: S310
        total += len(gzip.compress(body))
    return total


def audit(url: str, tmp: Path) -> dict:
    report = tmp / "lighthouse.json"
    subprocess.run(  # noqa: S603
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"
            " --disable-background-networking --disable-component-update --disable-sync"
            " --disable-quic",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--form-factor=mobile",
            "--screenEmulation.mobile",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
    )
    data = json.loads(report.read_text())
    failed = [
        f"{a['id']}: {a['title']}"
        for a in data["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    return {"scores": scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="audit this page instead of a throwaway demo site")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: npm ci (scripts/test does it)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.url:
            result = audit(args.url, tmp)
            weight = page_weight(args.url)
        else:
            result, weight = demo_audit(tmp)
    print("category          score  target")
    for name, target in TARGETS.items():
        score = result["scores"].get(name)
        mark = "met" if score is not None and score >= target else "NOT met"
        print(f"{name:<16}{score:>7}{target:>8}  {mark}")
    print(f"page weight (HTML+CSS+JS, gzip): {weight / 1024:.1f} KB (budget 60 KB)")
    for line in result["failed"]:
        print("  failed audit:", line)


def demo_audit(tmp: Path):
    if not shutil.which("nginx"):
        raise SystemExit("nginx is missing: apt-get install nginx-light")
    env = {
        **os.environ,
        "MANSET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MANSET_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp}/lh.sqlite3",
    }
    env.pop("REDIS_URL", None)
    print("preparing the demo site …", file=sys.stderr)
    manset(env, "migrate", "-v0")
    manset(env, "demo")
    manset(env, "collectstatic", "--noinput", "-v0")
    path = [
        line
        for line in manset(
            env,
            "shell",
            "-c",
            "from manset.newsroom.models import ArticlePage as A;"
            "print(A.objects.get(external_id='demo-001').url)",
        ).split()
        if line.startswith("/")
    ][0]
    app = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "manset.wsgi", "-w", "2", "-b", f"127.0.0.1:{APP_PORT}"],
        env=env,
        cwd=ROOT,
    )
    proxy = subprocess.Popen(  # noqa: S603
        [
            shutil.which("nginx"),
            "-c",
            str(nginx_conf(tmp, ROOT / "var" / "static", ROOT / "var" / "media")),
        ]
    )
    try:
        url = f"http://127.0.0.1:{PROXY_PORT}{path}"
        wait_for(url)
        return audit(url, tmp), page_weight(url)
    finally:
        app.send_signal(signal.SIGTERM)
        proxy.send_signal(signal.SIGQUIT)
        app.wait(timeout=30)


if __name__ == "__main__":
    main()
