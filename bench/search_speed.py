"""Search speed on a synthetic archive: indexing rate, index size, query and autocomplete latency.

Usage:
  .venv/bin/python bench/search_speed.py --engine sqlite --articles 100000
  .venv/bin/python bench/search_speed.py --engine postgres --articles 1000000 \\
      [--pg postgres://postgres@127.0.0.1:5432/manset_bench_search]   (dropped and made anew)
  --keep reuses an archive a previous run left (SQLite file or PostgreSQL database).

Targets (issue 5): query p95 <= 50 ms on both engines (100,000 articles on SQLite, 1,000,000 on
PostgreSQL), indexing >= 1,000 articles/s, autocomplete p95 <= 20 ms. Latency is measured
in-process through `manset.search.search` (parse, match, rank, hits and snippets), beside a
reference measured in the same run: the engine answering one plain word, ten newest matches,
with no ranking (what the database alone costs).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, production_env, run

MAX_CANDIDATES = 1000  # manset.search.engines.base.MAX_CANDIDATES (not imported: no Django here)

QUERIES = ROOT / "bench" / "data" / "search_judgements.jsonl"
# Words of the synthetic archive (manset/demo/content/synthetic_words.json), as readers type.
SYNTHETIC = [
    "deprem",
    "ekonomi enflasyon",
    "faiz kararı",
    "merkez bankasi",
    "galatasaray",
    "secim sonuclari",
    "seçimlerde",
    "belediye",
    "ihracat rakamlari",
    "hava durumu",
    "trafik kazası",
    "istanbul",
    "ankara'da",
    "futbol",
    "yapay zeka",
    '"merkez bankası"',
    "türkiye -futbol",
    "konut satışları",
    "turizm",
    "dolar",
    "altın fiyatları",
    "müze",
    "festival",
    "öğrenciler",
    "sinav",
    "uydu",
    "enerji",
    "tarım",
    "ihale",
    "maç",
]
AUTOCOMPLETE = ["de", "dep", "ist", "İSTA", "gal", "ekon", "merkez b", "yapay z", "fut", "sec"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def worker(args) -> None:
    """Runs inside the prepared environment: times queries and prints one JSON line."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manset.settings.production")
    django.setup()
    from django.db import connection

    from manset.search import autocomplete, search
    from manset.search.engines import engine_for
    from manset.search.query import parse

    judged = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    queries = SYNTHETIC + judged[:40]
    filtered = [
        ("deprem", {"desk": "gundem"}),
        ("maç", {"agency": "AA"}),
        ("faiz", {"sort": "newest"}),
    ]

    def timed(fn, *a, **k):
        started = time.perf_counter()
        fn(*a, **k)
        return (time.perf_counter() - started) * 1000

    for q in queries[:10]:  # warm caches and the connection
        search(q)
    search_ms, hits = [], 0
    for _ in range(args.repeat):
        for q in queries:
            search_ms.append(timed(search, q))
        for q, options in filtered:
            search_ms.append(timed(search, q, **options))
    for q in queries:
        hits += search(q).total
    auto_ms = [timed(autocomplete, q) for _ in range(args.repeat) for q in AUTOCOMPLETE]
    engine = engine_for()
    reference_ms = []
    from manset.search.engines import Filters

    for _ in range(args.repeat):
        for q in ("deprem", "futbol", "istanbul", "ekonomi"):
            query = parse(q)
            with connection.cursor() as cursor:
                started = time.perf_counter()
                engine.match(cursor, query, filters=Filters(), newest=True, limit=10)
                reference_ms.append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        size = engine.size_bytes(cursor)
    print(
        json.dumps(
            {
                "search": search_ms,
                "autocomplete": auto_ms,
                "reference": reference_ms,
                "size": size,
                "queries": len(queries) + len(filtered),
                "mean_total": hits / len(queries),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/manset_bench_search")
    parser.add_argument(
        "--sqlite", default=str(Path(tempfile.gettempdir()) / "manset_bench_search.sqlite3")
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the archive of a last run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    env = production_env(args.pg if args.engine == "postgres" else f"sqlite:///{args.sqlite}")
    env.pop("REDIS_URL", None)
    if not args.keep:
        print(f"preparing {args.articles:,} synthetic articles on {args.engine} …", file=sys.stderr)
        if args.engine == "postgres":
            name = args.pg.rsplit("/", 1)[1]
            for tool in (["dropdb", "--if-exists"], ["createdb"]):
                subprocess.run([*tool, "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603,S607
        else:
            Path(args.sqlite).unlink(missing_ok=True)
        run(env, "migrate", "-v0")
        run(env, "demo", "--articles", str(args.articles))
    print("indexing …", file=sys.stderr)
    started = time.perf_counter()
    report = run(env, "search", "reindex")
    index_seconds = time.perf_counter() - started
    indexed = int(report.split("indexed ")[1].split()[0])
    print("querying …", file=sys.stderr)
    out = subprocess.run(  # noqa: S603  (our own script)
        [sys.executable, __file__, "--worker", "--repeat", str(args.repeat)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    ref = percentile(data["reference"], 50)
    print(f"engine {args.engine}, {indexed:,} articles indexed")
    print(f"  indexing: {report.strip()}")
    per_article = data["size"] / max(indexed, 1) / 1e3
    print(f"  index size: {data['size'] / 1e6:,.0f} MB ({per_article:.1f} KB/article)")
    print(f"  {'':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/ref':>8}")
    for name, key in (
        ("search (whole selector)", "search"),
        ("autocomplete", "autocomplete"),
        ("reference: 1 word, newest 10", "reference"),
    ):
        values = data[key]
        print(
            f"  {name:<28} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
            f"{max(values):8.1f} {percentile(values, 50) / ref:8.1f}"
        )
    p95, auto95 = percentile(data["search"], 95), percentile(data["autocomplete"], 95)
    rate = float(report.split("(")[1].split("/s")[0])  # the command's own rate

    print(
        f"  {data['queries']} queries x {args.repeat}; "
        f"mean matches per query {data['mean_total']:.0f} (counted up to {MAX_CANDIDATES:,})"
    )
    print(
        "targets: query p95 <= 50 ms: "
        + ("met" if p95 <= 50 else "NOT met")
        + f"; indexing >= 1,000/s: {'met' if rate >= 1000 else 'NOT met'} ({rate:,.0f}/s; "
        f"{index_seconds:.0f} s for the whole command with its start-up)"
        + f"; autocomplete p95 <= 20 ms: {'met' if auto95 <= 20 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
