"""How fast `manset demo --articles N` fills SQLite, against a plain insert of the same data.

Usage: .venv/bin/python bench/demo_articles.py [N]   (default 20000)

Makes a throwaway SQLite database, migrates it, loads the demo newsroom, then
times `manset demo --articles N`. The reference, measured in the same run on the
same disk, is Python's sqlite3 inserting the same articles' text as JSON into a
table with no indexes: the floor any Django/Wagtail insert path sits above.
The issue's target is ≥ 2,000 articles/s.
"""

import json
import os
import re
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


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
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
    print(f"{'what':<44}{'articles/s':>12}{'ratio':>8}")
    print(f"{'plain sqlite3 insert of the JSON (reference)':<44}{floor:>12,.0f}{1:>8.2f}")
    print(f"{'manset demo --articles ' + str(count):<44}{ours:>12,.0f}{ours / floor:>8.2f}")
    print(f"target ≥ 2,000/s: {'met' if ours >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
