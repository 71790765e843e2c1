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
`--repeat` times after one warm-up; the table gives p50 and p95 of wall time on both
archives, their ratio, the app process's CPU time and the queries a render makes. On
PostgreSQL each page's queries are run again under EXPLAIN (ANALYZE, BUFFERS): the rows
their scans read are summed a query, the card lists' plans (those reading the
publication index) and any reading more than 1,000 rows are printed, and a page with a
query reading more than 10,000 rows fails.

Targets (issue 15), every page: p95 <= 50 ms on the large archive, within 1.5x of the
same page on the small one, no query reading more than 10,000 rows. The script exits
1 when a page misses one. The large archive's pages are its worst cases: the desk with
most articles, the tag and the author with most, an article among the oldest.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, production_env, run

SMALL = 2000
TARGET_P95_MS = 50.0
TARGET_RATIO = 1.5
MAX_ROWS = 10_000  # rows a query's scans may read
SHOWN_ROWS = 1_000  # plans reading more are printed
SITEMAPS = ("sitemap index", "monthly sitemap", "monthly sitemap, last page", "news sitemap")
SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan")
LIST_TABLE = "newsroom_publication"  # the card lists' tables share the prefix


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


def _biggest(kind: str) -> int:
    """The desk, tag or author with most published articles (from the kept counts)."""
    from django.db.models import Sum

    from manset.newsroom.publications import PublicationMonth

    return (
        PublicationMonth.objects.filter(kind=kind)
        .values("scope_id")
        .annotate(total=Sum("articles"))
        .order_by("-total", "scope_id")
        .first()["scope_id"]
    )


def _desk(client):
    from manset.newsroom.models import DeskPage

    return DeskPage.objects.get(id=_biggest("desk"))


def _desk_page(number: int):
    def url(client) -> str:
        from manset.newsroom import selectors

        desk = _desk(client)
        last = -(-selectors.article_cards(desk=desk).count() // 20)
        number_here = min(number, last)
        return desk.url + (f"?sayfa={number_here}" if number_here > 1 else "")

    return url


def _publication(newest: bool):
    from manset.newsroom.publications import Publication

    if newest:
        return Publication.objects.order_by("-published_at", "-article_id").first()
    return Publication.objects.order_by("published_at", "article_id")[500:501].get()


def _article(newest: bool):
    def url(client) -> str:
        from manset.newsroom.models import ArticlePage

        return ArticlePage.objects.get(id=_publication(newest).article_id).url

    return url


def _tag(client) -> str:
    from manset.newsroom.models import Tag

    return f"/etiket/{Tag.objects.get(id=_biggest('tag')).slug}/"


def _author(client) -> str:
    from manset.newsroom.models import Author

    return f"/yazar/{Author.objects.get(id=_biggest('author')).slug}/"


def _day(client) -> str:
    from django.utils import timezone

    when = timezone.localtime(_publication(newest=True).published_at)
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
    "article, newest": _article(newest=True),
    "article, old": _article(newest=False),
    "day archive": _day,
    "RSS": lambda client: "/rss/",
    "desk RSS": lambda client: f"/rss/{_desk(client).slug}/",
}


def _empty_caches() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from manset.core import generation

    cache.clear()
    generation.forget()
    ContentType.objects.clear_cache()


def _explain(client, url: str) -> list[dict]:
    """Each query of one render, with its PostgreSQL plan and the rows its scans read."""
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
            plan = cursor.fetchone()[0][0]
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            text = "\n".join(row[0] for row in cursor.fetchall())
        plans.append(
            {
                "sql": sql,
                "plan": text,
                "ms": plan["Execution Time"],
                "rows": _rows_read(plan["Plan"]),
                "list": LIST_TABLE in sql,
            }
        )
    return plans


def _rows_read(node: dict) -> int:
    """Rows the plan's scans read (returned and filtered out), over all their loops."""
    own = 0
    if node["Node Type"] in SCANS:
        kept = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
        own = (kept + node.get("Rows Removed by Index Recheck", 0)) * node.get("Actual Loops", 1)
    return own + sum(_rows_read(child) for child in node.get("Plans", []))


def worker(args) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manset.settings.production")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from manset.newsroom.models import ArticlePage

    client = Client(HTTP_HOST="127.0.0.1")
    result = {"articles": ArticlePage.objects.live().count(), "pages": {}}
    names = [name for name in PAGES if args.pages == "all" or name in SITEMAPS]
    for name in names:
        url = PAGES[name](client)
        times, cpu, size, status = [], [], 0, 0
        for i in range(args.repeat + 1):
            _empty_caches()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            status, size = response.status_code, len(response.content)
            if i:  # the first render warms the connection, the templates, the renditions
                times.append(elapsed)
                cpu.append((time.process_time() - started_cpu) * 1000)
        _empty_caches()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        entry = {
            "url": url,
            "status": status,
            "bytes": size,
            "ms": times,
            "cpu": cpu,
            "queries": len(captured.captured_queries),
        }
        if connection.vendor == "postgresql":
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
    env = production_env(url)
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


def report(small: dict, large: dict) -> bool:
    """The table, the plans worth reading and the verdicts; True if every page met them."""
    print(f"archives: {small['articles']:,} and {large['articles']:,} live articles")
    print(
        f"{'page':<28}{'small p50':>10}{'p95':>7}{'large p50':>10}{'p95':>7}{'ratio':>7}"
        f"{'cpu p50':>8}{'queries':>8}{'sql ms':>7}{'rows read':>10}  verdict  url"
    )
    met_all = True
    for name, big in large["pages"].items():
        little = small["pages"][name]
        s50, s95 = percentile(little["ms"], 50), percentile(little["ms"], 95)
        l50, l95 = percentile(big["ms"], 50), percentile(big["ms"], 95)
        ratio = l95 / s95 if s95 else float("inf")
        plans = big.get("plans")
        most = max((plan["rows"] for plan in plans), default=0) if plans is not None else 0
        fails = [
            label
            for label, failed in (
                ("p95", l95 > TARGET_P95_MS),
                ("ratio", ratio > TARGET_RATIO),
                ("rows", most > MAX_ROWS),
                ("status", big["status"] != 200 or little["status"] != 200),
            )
            if failed
        ]
        met_all = met_all and not fails
        sql_ms = f"{sum(plan['ms'] for plan in plans):.1f}" if plans is not None else "-"
        rows = f"{most:,}" if plans is not None else "-"
        print(
            f"{name:<28}{s50:>10.1f}{s95:>7.1f}{l50:>10.1f}{l95:>7.1f}{ratio:>7.2f}"
            f"{percentile(big['cpu'], 50):>8.1f}{big['queries']:>8}{sql_ms:>7}{rows:>10}  "
            f"{'FAIL ' + ','.join(fails) if fails else 'ok'}  {big['url']}"
        )
    for name, big in large["pages"].items():
        for plan in big.get("plans", []):
            if plan["list"] or plan["rows"] > SHOWN_ROWS:
                flag = "  <-- more than 10,000" if plan["rows"] > MAX_ROWS else ""
                print(f"\n== {name}: its scans read {plan['rows']:,} rows{flag}\n{plan['sql']}")
                print(plan["plan"])
    print(
        f"\ntargets (every page p95 <= {TARGET_P95_MS:.0f} ms, <= {TARGET_RATIO}x the small "
        f"archive, no query reading more than {MAX_ROWS:,} rows): "
        + ("all met" if met_all else "NOT all met")
    )
    return met_all


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
    run(production_env(urls["large"]), "collectstatic", "--noinput", "-v0")
    print("measuring …", file=sys.stderr)
    small, large = measure(args, urls["small"]), measure(args, urls["large"])
    print(f"engine {args.engine}; {args.repeat} renders a page after one warm-up")
    if not report(small, large):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
