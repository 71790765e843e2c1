"""How fast `manset demo --articles N` fills the database, against a plain insert of the same data.

Usage: .venv/bin/python bench/demo_articles.py [N]   (default 20000; SQLite)
       .venv/bin/python bench/demo_articles.py N --pg postgres://postgres@127.0.0.1:5432/NAME
       (the database NAME is dropped and made anew, and dropped again at the end)

Makes a throwaway database, migrates it, loads the demo newsroom, then times
`manset demo --articles N`. The reference, measured in the same run on the same
disk, inserts the same articles' text as JSON into a table with no indexes (Python's
sqlite3, or psycopg's COPY on PostgreSQL): the floor any Django/Wagtail insert path
sits above. Targets: >= 2,000 articles/s on SQLite (issue 4); a million on PostgreSQL
in under 15 minutes, >= 1,111/s (issue 15). On PostgreSQL it also gives the CPU
seconds the server process spent, as the machine may be shared.
"""

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANSET = str(Path(sys.executable).parent / "manset")


def manset(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603  (our own command)
        [MANSET, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def reference_rate(path: Path, count: int) -> float:
    sys.path.insert(0, str(ROOT))
    from manset.demo.synthetic import make_articles

    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, data TEXT)")
    rows = ((json.dumps(a, ensure_ascii=False),) for a in make_articles(count, seed=1))
    with db:
        db.executemany("INSERT INTO article (data) VALUES (?)", rows)
    db.close()
    return count / (time.perf_counter() - started)


def pg_reference_rate(url: str, count: int) -> float:
    """psycopg's COPY of the articles' JSON into a table with no index, in one transaction."""
    import psycopg

    sys.path.insert(0, str(ROOT))
    from manset.demo.synthetic import make_articles

    started = time.perf_counter()
    with psycopg.connect(url) as db, db.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_reference (id serial PRIMARY KEY, data jsonb)")
        with cursor.copy("COPY bench_reference (data) FROM STDIN") as copy:
            for article in make_articles(count, seed=1):
                copy.write_row((json.dumps(article, ensure_ascii=False),))
    return count / (time.perf_counter() - started)


def timed_load(env: dict, url: str, count: int) -> tuple[str, float, float]:
    """`manset demo --articles N`'s output, the CPU seconds its processes used, and those
    of the PostgreSQL server process serving it (read from /proc while it runs): on a
    shared machine, what the load costs whatever else is running."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = subprocess.Popen(  # noqa: S603  (our own command)
        [MANSET, "demo", "--articles", str(count)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    seen: dict[int, float] = {}
    with psycopg.connect(url, autocommit=True) as db:
        while load.poll() is None:
            rows = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
            for (pid,) in rows:
                seen[pid] = max(seen.get(pid, 0.0), _cpu_seconds(pid))
            time.sleep(0.5)
    if load.returncode:
        raise SystemExit(f"manset demo --articles {count} failed ({load.returncode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    python = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return load.stdout.read(), python, sum(seen.values())


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dropdb(name: str, *flags: str) -> None:
    subprocess.run(["dropdb", *flags, "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603,S607


def postgres(url: str, count: int) -> tuple[float, float, str]:
    name = url.rsplit("/", 1)[1]
    dropdb(name, "--if-exists")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603,S607
    env = {**os.environ, "MANSET_ENV": "development", "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    try:
        print("migrating and loading the demo newsroom …", file=sys.stderr)
        manset(env, "migrate", "-v0")
        manset(env, "demo")
        output, python, server = timed_load(env, url, count)
        ours = float(re.search(r"\(([\d,]+)/s\)", output)[1].replace(",", ""))
        print(
            f"CPU: manset {python:.0f} s, PostgreSQL server {server:.0f} s "
            f"({(python + server) / count * 1000:.2f} ms an article in all)"
        )
        floor = pg_reference_rate(url, count)
    finally:
        dropdb(name, "--if-exists")
    return ours, floor, "psycopg COPY of the JSON, no index (reference)"


def sqlite(count: int) -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "MANSET_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        env.pop("REDIS_URL", None)
        print("migrating and loading the demo newsroom …", file=sys.stderr)
        manset(env, "migrate", "-v0")
        manset(env, "demo")
        output = manset(env, "demo", "--articles", str(count))
        ours = float(re.search(r"\(([\d,]+)/s\)", output)[1].replace(",", ""))
        floor = reference_rate(Path(tmp) / "reference.sqlite3", count)
    return ours, floor, "plain sqlite3 insert of the JSON (reference)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=20_000)
    parser.add_argument("--pg", metavar="URL", help="measure PostgreSQL (database made anew)")
    args = parser.parse_args()
    count = args.articles
    if args.pg:
        ours, floor, reference = postgres(args.pg, count)
        target, label = 1111, "≥ 1,111/s (a million in 15 minutes)"
    else:
        ours, floor, reference = sqlite(count)
        target, label = 2000, "≥ 2,000/s"
    print(f"{'what':<48}{'articles/s':>12}{'ratio':>8}")
    print(f"{reference:<48}{floor:>12,.0f}{1:>8.2f}")
    print(f"{'manset demo --articles ' + str(count):<48}{ours:>12,.0f}{ours / floor:>8.2f}")
    print(f"target {label}: {'met' if ours >= target else 'NOT met'}")


if __name__ == "__main__":
    main()
