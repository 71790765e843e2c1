"""How a page's uncached cost grows with the archive: a small archive against a large one.

Usage:
  .venv/bin/python bench/archive_scale.py --engine sqlite --articles 100000
  .venv/bin/python bench/archive_scale.py --engine postgres --articles 1000000 \\
      [--reuse postgres://postgres@127.0.0.1:5432/manset_h_archive_1m] [--pages sitemaps]
  --reuse URL measures an archive already made (its articles are not counted again);
  --reuse-small URL likewise for the 2,000-article one. Otherwise each archive is
  made anew (`manset migrate`, `manset demo --articles N`): PostgreSQL databases
  manset_bench_archive_small / _large (dropped first), SQLite files in the temp dir.

Each page is rendered in-process through Django's test client with production
settings and no page cache, every cache emptied before each render (the Django
cache, Wagtail's site root paths within it, the process memos, ContentType's),
`--repeat` times after one warm-up; the table gives p50 and p95 on both archives
and their ratio. On PostgreSQL the queries of each sitemap render are run again
under EXPLAIN (ANALYZE, BUFFERS) and printed, and a plan whose nodes read more than
10,000 rows is flagged. Targets (issue 15): sitemap index and a monthly sitemap each
p95 <= 50 ms on the large archive, and within 1.5x of the same page on the small one.

A page type is a name and a function from the archive to a URL (PAGES below);
the other reader pages are there to be measured as they are.
"""

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, run

SMALL = 2000
ROWS_FLAGGED = 10_000
SITEMAPS = ("sitemap index", "monthly sitemap", "monthly sitemap, last page", "news sitemap")
TARGETS = ("sitemap index", "monthly sitemap")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- in the worker process (Django set up on one archive) ---------------------------------


def _sitemap_parts(client) -> list[str]:
    """The monthly sitemaps the index lists (every page of each month), newest first."""
    index = client.get("/sitemap.xml").content.decode()
    return re.findall(r"<loc>https?://[^/<]+(/sitemap-\d{4}-\d{2}\.xml[^<]*)</loc>", index)


def _full_month(client) -> str:
    """The first page of the newest month that is over: a whole month's sitemap."""
    parts = [p for p in _sitemap_parts(client) if "sayfa=" not in p]
    return parts[1] if len(parts) > 1 else parts[0]


def _last_part(client) -> str:
    """The last page of that month (the same page on an archive with one page a month)."""
    month = _full_month(client)
    pages = [p.replace("&amp;", "&") for p in _sitemap_parts(client) if p.startswith(month)]
    return pages[-1]


def _article(newest: bool):
    from manset.newsroom.models import ArticlePage

    articles = ArticlePage.objects.live().order_by("-first_published_at" if newest else "id")
    return articles.only("id", "url_path", "path", "depth", "first_published_at").first()


def _desk_page(number: int):
    def url(client) -> str:
        from manset.newsroom.models import DeskPage

        desk = DeskPage.objects.get(slug="gundem")
        return desk.url + (f"?sayfa={number}" if number > 1 else "")

    return url


def _tag(client) -> str:
    from manset.newsroom.models import ArticleTag

    tag_id = ArticleTag.objects.values_list("tag__slug", flat=True).order_by("-id").first()
    return f"/etiket/{tag_id}/"


def _author(client) -> str:
    from manset.newsroom.models import Author

    return f"/yazar/{Author.objects.filter(articles__isnull=False).first().slug}/"


def _day(client) -> str:
    from django.utils import timezone

    when = timezone.localtime(_article(newest=True).first_published_at)
    return f"/arsiv/{when.year}/{when.month}/{when.day}/"


PAGES = {
    "sitemap index": lambda client: "/sitemap.xml",
    "monthly sitemap": _full_month,
    "monthly sitemap, last page": _last_part,
    "news sitemap": lambda client: "/sitemap-news.xml",
    "home": lambda client: "/",
    "desk page 1": _desk_page(1),
    "desk page 500": _desk_page(500),
    "tag page": _tag,
    "author page": _author,
    "article, newest": lambda client: _article(newest=True).url,
    "article, old": lambda client: _article(newest=False).url,
    "day archive": _day,
    "RSS": lambda client: "/rss/",
}


def _empty_caches() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from manset.core import generation

    cache.clear()
    generation.forget()
    ContentType.objects.clear_cache()


def _explain(client, url: str) -> list[dict]:
    """Each query of one render, with its PostgreSQL plan and the most rows a node read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _empty_caches()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            text = "\n".join(row[0] for row in cursor.fetchall())
        plans.append({"sql": sql, "plan": text, "rows": _most_rows(plan[0]["Plan"])})
    return plans


def _most_rows(node: dict) -> int:
    """The most rows one plan node read: those it returned and those its filter removed."""
    loops = node.get("Actual Loops", 1)
    read = (
        node.get("Actual Rows", 0)
        + node.get("Rows Removed by Filter", 0)
        + node.get("Rows Removed by Index Recheck", 0)
    ) * loops
    return max([read, *(_most_rows(child) for child in node.get("Plans", []))])


def worker(args) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manset.settings.production")
    django.setup()
    from django.db import connection
    from django.test import Client

    from manset.newsroom.models import ArticlePage

    client = Client(HTTP_HOST="127.0.0.1")
    result = {"articles": ArticlePage.objects.live().count(), "pages": {}}
    names = [name for name in PAGES if args.pages == "all" or name in SITEMAPS]
    for name in names:
        url = PAGES[name](client)
        times, size, status = [], 0, 0
        for i in range(args.repeat + 1):
            _empty_caches()
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            status, size = response.status_code, len(response.content)
            if i:  # the first render warms the connection and the templates
                times.append(elapsed)
        entry = {"url": url, "status": status, "bytes": size, "ms": times}
        if connection.vendor == "postgresql" and name in SITEMAPS:
            entry["plans"] = _explain(client, url)
        result["pages"][name] = entry
    print(json.dumps(result))


# --- the driver ---------------------------------------------------------------------------


def database(args, size: str, articles: int, reuse: str | None) -> str:
    """The archive's DATABASE_URL, made anew unless reused."""
    if reuse:
        return reuse
    if args.engine == "postgres":
        name = f"manset_bench_archive_{size}"
        for tool in (["dropdb", "--if-exists"], ["createdb"]):
            subprocess.run([*tool, "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603,S607
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    path = Path(tempfile.gettempdir()) / f"manset_bench_archive_{size}.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def measure(args, url: str) -> dict:
    env = {
        **os.environ,
        "MANSET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MANSET_SSL_REDIRECT": "0",
        "MANSET_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
    }
    env.pop("REDIS_URL", None)  # no page cache: every render is a cold one
    out = subprocess.run(  # noqa: S603  (our own script)
        [sys.executable, __file__, "--worker", "--repeat", str(args.repeat), "--pages", args.pages],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(small: dict, large: dict) -> None:
    print(f"archives: {small['articles']:,} and {large['articles']:,} live articles")
    header = f"{'page':<28}{'small p50':>10}{'p95':>8}{'large p50':>11}{'p95':>8}{'ratio':>7}"
    print(header + f"{'KB':>8}  status")
    verdicts = []
    for name, big in large["pages"].items():
        little = small["pages"][name]
        s50, s95 = percentile(little["ms"], 50), percentile(little["ms"], 95)
        l50, l95 = percentile(big["ms"], 50), percentile(big["ms"], 95)
        ratio = l95 / s95 if s95 else float("inf")
        print(
            f"{name:<28}{s50:>10.1f}{s95:>8.1f}{l50:>11.1f}{l95:>8.1f}{ratio:>7.2f}"
            f"{big['bytes'] / 1024:>8.0f}  {little['status']}/{big['status']}  {big['url']}"
        )
        if name in TARGETS:
            met = l95 <= 50 and ratio <= 1.5
            verdicts.append(
                f"{name}: {'met' if met else 'NOT met'} (p95 {l95:.1f} ms, {ratio:.2f}x)"
            )
    for name, big in large["pages"].items():
        for plan in big.get("plans", []):
            flag = "  <-- reads more than 10,000 rows" if plan["rows"] > ROWS_FLAGGED else ""
            print(f"\n== {name}: most rows a node read {plan['rows']:,}{flag}\n{plan['sql']}")
            print(plan["plan"])
    print("\ntargets (p95 <= 50 ms and <= 1.5x the small archive): " + "; ".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--reuse", metavar="URL", help="the large archive's DATABASE_URL")
    parser.add_argument("--reuse-small", metavar="URL", help="the small archive's DATABASE_URL")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", choices=("sitemaps", "all"), default="all")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    urls = {}
    for size, count, reuse in (
        ("small", SMALL, args.reuse_small),
        ("large", args.articles, args.reuse),
    ):
        urls[size] = database(args, size, count, reuse)
        env = {**os.environ, "MANSET_ENV": "development", "DATABASE_URL": urls[size]}
        run(env, "migrate", "-v0")  # a reused archive gets the indexes it lacks
        if not reuse:
            print(f"making the {size} archive ({count:,} articles) …", file=sys.stderr)
            started = time.perf_counter()
            run(env, "demo", "--articles", str(count))
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
    env = {**os.environ, "MANSET_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50)}
    run({**env, "DATABASE_URL": urls["large"]}, "collectstatic", "--noinput", "-v0")
    print("measuring …", file=sys.stderr)
    small, large = measure(args, urls["small"]), measure(args, urls["large"])
    print(f"engine {args.engine}; {args.repeat} renders a page after one warm-up")
    report(small, large)


if __name__ == "__main__":
    main()
