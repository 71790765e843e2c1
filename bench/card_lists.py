"""Card lists on a big archive: each reader page rendered in-process with no page cache,
against the same page on a 2,000-article archive in the same run; on PostgreSQL every
query's plan (EXPLAIN ANALYZE), the card lists' printed, failing a page that reads more
than 10,000 rows.

Usage: .venv/bin/python bench/card_lists.py --database URL --reference URL [--renders 21]
                                            [--judge wall|cpu]
  --database   the big archive (`manset demo --articles 100000`; 1,000,000 on PostgreSQL)
  --reference  a 2,000-article archive, on the same engine (filled by `manset demo
               --articles 2000` when it has no articles yet)
Targets (issue 15): each page p95 <= 50 ms and <= 1.5x the same page at 2,000 articles;
no page's queries read more than 10,000 rows. On PostgreSQL "sql ms" is the server's
execution time of the page's queries (EXPLAIN ANALYZE, one run).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_P95_MS = 50.0
TARGET_RATIO = 1.5
MAX_ROWS = 10_000
SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan")
LIST_TABLES = ("newsroom_publication",)  # its four tables share the prefix


def pages() -> dict[str, str]:
    """The pages the issue names, picked from the archive in this database."""
    from django.db.models import Sum

    from manset.newsroom import selectors
    from manset.newsroom.models import ArticlePage, Author, Tag
    from manset.newsroom.publications import Publication, PublicationMonth
    from manset.turkish import to_istanbul

    desk = selectors.desk_list()[0]
    desk_pages = -(-selectors.article_cards(desk=desk).count() // 20)
    newest = Publication.objects.order_by("-published_at", "-article_id").first()
    oldest = Publication.objects.order_by("published_at", "article_id")[500:501].get()
    biggest = {
        kind: PublicationMonth.objects.filter(kind=kind)
        .values("scope_id")
        .annotate(total=Sum("articles"))
        .order_by("-total", "scope_id")
        .first()["scope_id"]
        for kind in ("tag", "author")
    }
    day = to_istanbul(newest.published_at)
    return {
        "home": "/",
        "desk page 1": desk.url,
        "desk page 500": f"{desk.url}?sayfa={min(500, desk_pages)}",
        "tag page": f"/etiket/{Tag.objects.get(id=biggest['tag']).slug}/",
        "author page": f"/yazar/{Author.objects.get(id=biggest['author']).slug}/",
        "article (newest)": ArticlePage.objects.get(id=newest.article_id).url,
        "article (old)": ArticlePage.objects.get(id=oldest.article_id).url,
        "day archive": f"/arsiv/{day.year}/{day.month}/{day.day}/",
        "rss": "/rss/",
        "desk rss": f"/rss/{desk.slug}/",
    }


def rows_read(plan: dict) -> int:
    """Rows the plan's scans read (returned plus filtered out), over all their loops."""
    own = 0
    if plan["Node Type"] in SCANS:
        kept = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
        own = (kept + plan.get("Rows Removed by Index Recheck", 0)) * plan.get("Actual Loops", 1)
    return own + sum(rows_read(child) for child in plan.get("Plans", []))


def explain(queries: list[dict]) -> list[dict]:
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            (plan,) = cursor.fetchone()[0]
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}")
            text = "\n".join(row[0] for row in cursor.fetchall())
            plans.append(
                {
                    "sql": sql,
                    "ms": plan["Execution Time"],
                    "rows": rows_read(plan["Plan"]),
                    "list": any(table in sql for table in LIST_TABLES),
                    "plan": text,
                }
            )
    return plans


def measure(renders: int) -> dict:
    """Run inside the archive's process: times, query counts and (PostgreSQL) plans."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from manset.core import generation
    from manset.newsroom.models import ArticlePage

    settings.DEBUG = False  # development settings, without debug's per-query bookkeeping
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    results = {
        "articles": ArticlePage.objects.live().count(),
        "vendor": connection.vendor,
        "pages": {},
    }
    for name, url in pages().items():
        client.get(url)  # once untimed: pictures' renditions are made on a first view
        times, cpu = [], []
        for _ in range(renders):
            cache.clear()
            generation.forget()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
        cache.clear()
        generation.forget()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        page = {
            "url": url,
            "median": statistics.median(times),
            "p95": statistics.quantiles(times, n=20)[-1],
            "cpu": statistics.median(cpu),
            "cpu p95": statistics.quantiles(cpu, n=20)[-1],
            "queries": len(captured.captured_queries),
        }
        if connection.vendor == "postgresql":
            page["plans"] = explain(captured.captured_queries)
        results["pages"][name] = page
    return results


def run_measure(url: str, renders: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "MANSET_ENV": "development"}
    env.pop("REDIS_URL", None)  # no page cache: every render is a cold one
    done = subprocess.run(  # noqa: S603  (this script, in the archive's process)
        [sys.executable, __file__, "--measure", "--renders", str(renders)],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"measuring {url} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_reference(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "MANSET_ENV": "development"}
    manset = [str(BIN / "manset")]
    subprocess.run([*manset, "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    count = subprocess.run(  # noqa: S603
        [
            *manset,
            "shell",
            "-c",
            "from manset.newsroom.models import ArticlePage as A; "
            "print(A.objects.filter(external_id__startswith='synthetic-').count())",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    if int(count) == 0:
        subprocess.run(  # noqa: S603
            [*manset, "demo", "--articles", "2000"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def report(big: dict, small: dict, *, judge: str) -> bool:
    """The table and the plans; True when every page meets the targets, its p95 taken
    from wall time, or with `judge="cpu"` from this process's CPU time (on a shared
    machine, where waiting for a core is not the page's cost; SQLite's work is in it,
    PostgreSQL's server time is not)."""
    ok = True
    print(f"{big['vendor']}: {big['articles']:,} articles against {small['articles']:,}")
    print(
        f"{'page':<18}{'wall p50':>9}{'p95':>7}{'2k p95':>8}{'cpu p50':>9}{'p95':>7}"
        f"{'2k p95':>8}{'ratio':>7}{'queries':>8}{'sql ms':>7}{'rows read':>10}  verdict"
    )
    key = "cpu p95" if judge == "cpu" else "p95"
    for name, page in big["pages"].items():
        reference = small["pages"][name]
        ratio = page[key] / reference[key]
        rows = sum(plan["rows"] for plan in page.get("plans", []))
        fails = []
        if page[key] > TARGET_P95_MS:
            fails.append("p95")
        if ratio > TARGET_RATIO:
            fails.append("ratio")
        if rows > MAX_ROWS:
            fails.append("rows")
        ok = ok and not fails
        shown_rows = f"{rows:,}" if "plans" in page else "-"
        sql_ms = f"{sum(plan['ms'] for plan in page['plans']):.1f}" if "plans" in page else "-"
        print(
            f"{name:<18}{page['median']:>9.1f}{page['p95']:>7.1f}{reference['p95']:>8.1f}"
            f"{page['cpu']:>9.1f}{page['cpu p95']:>7.1f}{reference['cpu p95']:>8.1f}"
            f"{ratio:>7.2f}{page['queries']:>8}{sql_ms:>7}{shown_rows:>10}  "
            f"{'FAIL ' + ', '.join(fails) if fails else 'ok'}"
        )
    for name, page in big["pages"].items():
        for plan in page.get("plans", []):
            if plan["list"] or plan["rows"] > 1000:
                print(f"\n--- {name} ({page['url']}): {plan['rows']:,} rows read\n{plan['sql']}")
                print(plan["plan"])
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="DATABASE_URL of the big archive")
    parser.add_argument("--reference", help="DATABASE_URL of the 2,000-article archive")
    parser.add_argument("--renders", type=int, default=21)
    parser.add_argument(
        "--judge", choices=("wall", "cpu"), default="wall", help="which time the targets read"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.renders)))
        return
    if not (args.database and args.reference):
        parser.error("--database and --reference are both needed")
    ensure_reference(args.reference)
    small = run_measure(args.reference, args.renders)
    big = run_measure(args.database, args.renders)
    if not report(big, small, judge=args.judge):
        raise SystemExit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from manset.settings.env import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    main()
