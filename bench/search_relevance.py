"""Search relevance on the judged query set: Manşet's search against two plain baselines.

Usage: .venv/bin/python bench/search_relevance.py [--pg [URL]] [--per-query] [--misses SYSTEM]

  --pg URL     a PostgreSQL server to use (default when given bare:
               postgres://postgres@127.0.0.1:5432/postgres). Without it, or when it does not
               answer, the two PostgreSQL systems are skipped with the reason printed.
  --per-query  every query with each system's nDCG@10.
  --misses     list the misses (nDCG@10 < 0.9) of this system; by default those of ours.

The judged set is bench/data/search_judgements.jsonl: reader queries over the 38 articles of
the demo newsroom (manset/demo/content/articles.jsonl), each with graded relevance
(2 = the story asked for, 1 = related). Every system searches the same articles:

  fts5-unicode61  SQLite FTS5, tokenize="unicode61 remove_diacritics 2", over the raw
                  headline, lead, body and tags; reader words quoted and ANDed, "phrases" as
                  FTS5 phrases, -word as NOT; ranked by bm25 with column weights WEIGHTS.
  pg-turkish      a PostgreSQL temp table with setweight(to_tsvector('turkish', ...)) per field
                  (headline A, lead B, tags C, body D) and a GIN index, queried with
                  websearch_to_tsquery('turkish', q); ranked by ts_rank (default weights).
  ours-sqlite     manset.search.search() over a fresh database loaded by `manset migrate` and
  ours-postgres   `manset demo` (SQLite in a temp directory; PostgreSQL in a throwaway database,
                  manset_bench_relevance, created and dropped here).

The readers' query language says: all words must match, and when nothing matches, any word
will do. The baselines get that same fallback (OR of the words and phrases, exclusions kept),
so the comparison is between analyses, not query languages.

Metrics, over the first CUTOFF results: nDCG@10 with gains 2^rel - 1 and a log2(rank + 1)
discount, the ideal ranking taken from the judged relevant set; MRR@10, the mean of 1/rank of
the first result with rel >= 1 (0 when none is in the first 10). Target (issue): ours
nDCG@10 >= 0.9, above both baselines.
"""

import argparse
import importlib.util
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTICLES = ROOT / "manset" / "demo" / "content" / "articles.jsonl"
JUDGEMENTS = ROOT / "bench" / "data" / "search_judgements.jsonl"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
OURS_PG_DATABASE = "manset_bench_relevance"
CUTOFF = 10
MISS_BELOW = 0.9
# bm25 column weights of the FTS5 baseline, in the ratios of PostgreSQL's ts_rank defaults
# for weights A, B, C, D (1.0, 0.4, 0.2, 0.1).
WEIGHTS = {"headline": 10.0, "lead": 4.0, "tags": 2.0, "body": 1.0}
KINDS = {
    "inflected": "a form of the word that the text does not contain",
    "ascii": "typed without Turkish letters",
    "apostrophe": "a name with a suffix after ' or ’",
    "multiword": "several words, all in the story",
    "phrase": 'a "quoted phrase"',
    "exclude": "a -word the story must not contain",
    "typo": "one letter off",
    "name": "a person's name",
    "caps": "typed in capitals (I, İ)",
    "precise": "one story among several sharing the words",
}
SYSTEMS = ("fts5-unicode61", "pg-turkish", "ours-sqlite", "ours-postgres")

Ranker = Callable[..., list[str]]  # rank(text, *, fallback=True) -> external ids


@dataclass(frozen=True)
class Judgement:
    query: str
    kind: str
    relevant: dict[str, int]


@dataclass(frozen=True)
class Article:
    external_id: str
    headline: str
    lead: str
    body: str
    tags: str


@dataclass(frozen=True)
class ReaderQuery:
    words: tuple[str, ...]
    phrases: tuple[str, ...]
    excluded: tuple[str, ...]


def load_judgements(path: Path = JUDGEMENTS) -> list[Judgement]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Judgement(**json.loads(line)) for line in lines if line.strip()]


def load_articles(path: Path = ARTICLES) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        blocks = [
            " ".join(filter(None, (block.get("text"), block.get("attribution"))))
            for block in data["body"]
        ]
        articles.append(
            Article(
                external_id=data["external_id"],
                headline=data["headline"],
                lead=data.get("lead", ""),
                body="\n".join(blocks),
                tags=", ".join(data.get("tags", [])),
            )
        )
    return articles


# Query language ------------------------------------------------------------------------------

_UNIT = re.compile(r'"([^"]*)"|(\S+)')


def parse_query(text: str) -> ReaderQuery:
    """Words, "phrases" and -excluded words of a reader's query.

    >>> parse_query('"kuzey kore" füze -Putin Beylikdüzü-Esenyurt')
    ReaderQuery(words=('füze', 'Beylikdüzü-Esenyurt'), phrases=('kuzey kore',), excluded=('Putin',))
    """
    words, phrases, excluded = [], [], []
    for phrase, word in _UNIT.findall(text.replace("“", '"').replace("”", '"')):
        if phrase.strip():
            phrases.append(" ".join(phrase.split()))
        elif word.startswith("-") and len(word) > 1:
            excluded.append(word[1:])
        elif word and word != "-":
            words.append(word)
    return ReaderQuery(tuple(words), tuple(phrases), tuple(excluded))


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_match(query: ReaderQuery, *, any_word: bool = False) -> str:
    """An FTS5 MATCH expression: units ANDed (or ORed), then each exclusion as NOT.

    >>> fts5_match(parse_query('"kuzey kore" füze -Putin'))
    '("füze" AND "kuzey kore") NOT "Putin"'
    >>> fts5_match(parse_query("kore füze"), any_word=True)
    '("kore" OR "füze")'
    """
    units = [_fts5_string(u) for u in (*query.words, *query.phrases) if _has_word(u)]
    if not units:
        return ""
    expression = "(" + (" OR " if any_word else " AND ").join(units) + ")"
    for word in query.excluded:
        if _has_word(word):
            expression = f"{expression} NOT {_fts5_string(word)}"
    return expression


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# Metrics -------------------------------------------------------------------------------------


def dcg(gains: Sequence[int]) -> float:
    """Discounted cumulative gain of graded relevances in rank order: (2^rel - 1) / log2(rank + 1).

    >>> round(dcg([2, 0, 1]), 4)
    3.5
    """
    return sum((2**rel - 1) / math.log2(rank + 1) for rank, rel in enumerate(gains, start=1))


def ndcg_at(ranking: Sequence[str], relevant: dict[str, int], k: int = CUTOFF) -> float:
    """nDCG@k of a ranking against graded judgements; the ideal is the judged set, best first."""
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([relevant.get(doc, 0) for doc in ranking[:k]]) / ideal


def reciprocal_rank(ranking: Sequence[str], relevant: dict[str, int], k: int = CUTOFF) -> float:
    """1/rank of the first result with relevance >= 1 among the first k, else 0."""
    for rank, doc in enumerate(ranking[:k], start=1):
        if relevant.get(doc, 0) >= 1:
            return 1 / rank
    return 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# Baselines -----------------------------------------------------------------------------------


def fts5_ranker(articles: Sequence[Article]) -> Ranker:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(external_id UNINDEXED, headline, lead, body, tags,"
        ' tokenize="unicode61 remove_diacritics 2")'
    )
    db.executemany(
        "INSERT INTO doc VALUES (?, ?, ?, ?, ?)",
        [(a.external_id, a.headline, a.lead, a.body, a.tags) for a in articles],
    )
    sql = (
        "SELECT external_id FROM doc WHERE doc MATCH ?"
        " ORDER BY bm25(doc, 0, ?, ?, ?, ?), external_id LIMIT ?"
    )
    weights = tuple(WEIGHTS[column] for column in ("headline", "lead", "body", "tags"))

    def rank(text: str, *, fallback: bool = True) -> list[str]:
        query = parse_query(text)
        for any_word in (False, True) if fallback else (False,):
            match = fts5_match(query, any_word=any_word)
            found = [row[0] for row in db.execute(sql, (match, *weights, CUTOFF))] if match else []
            if found:
                return found
        return []

    return rank


def pg_turkish_ranker(connection, articles: Sequence[Article]) -> Ranker:
    connection.execute(
        "CREATE TEMP TABLE relevance_doc (external_id text PRIMARY KEY, document tsvector)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO relevance_doc VALUES (%s,"
            " setweight(to_tsvector('turkish', %s), 'A') || setweight(to_tsvector('turkish', %s),"
            " 'B') || setweight(to_tsvector('turkish', %s), 'C')"
            " || setweight(to_tsvector('turkish', %s), 'D'))",
            [(a.external_id, a.headline, a.lead, a.tags, a.body) for a in articles],
        )
    connection.execute("CREATE INDEX ON relevance_doc USING gin (document)")
    connection.execute("ANALYZE relevance_doc")
    # Only constant SQL is pasted together below; the reader's text is always a parameter.
    select = (
        "SELECT external_id FROM relevance_doc, (SELECT {}) AS q(query) WHERE document @@ query"
        " ORDER BY ts_rank(document, query) DESC, external_id LIMIT %s"
    )
    tsquery = "websearch_to_tsquery('turkish', %s)"

    def rank(text: str, *, fallback: bool = True) -> list[str]:
        found = connection.execute(select.format(tsquery), (text, CUTOFF)).fetchall()
        query = parse_query(text)
        units = [*query.words, *(f'"{p}"' for p in query.phrases)]
        if not found and units and fallback:
            # Any of the words or phrases, every exclusion still applied.
            expression = "(" + " || ".join([tsquery] * len(units)) + ")"
            expression += f" && !!{tsquery}" * len(query.excluded)
            params = (*units, *query.excluded, CUTOFF)
            found = connection.execute(select.format(expression), params).fetchall()
        return [row[0] for row in found]

    return rank


# Ours ----------------------------------------------------------------------------------------


def manset(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603  (our own command)
        [str(BIN / "manset"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


def ours_rankings(database_url: str) -> tuple[dict[str, list[str]] | None, str]:
    """(query → external ids, note) from manset.search over a freshly loaded demo database."""
    env = {**os.environ, "MANSET_ENV": "development", "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        manset(env, "migrate", "-v0")
        manset(env, "demo")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(  # noqa: S603  (this script)
                [sys.executable, __file__, "--worker", out.name],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(Path(out.name).read_text(encoding="utf-8"))
    except subprocess.CalledProcessError as exc:
        lines = (exc.stderr or exc.stdout or "").strip().splitlines()
        return None, f"failed: {' '.join(map(str, exc.cmd[1:]))}: {lines[-1] if lines else '?'}"
    if "unavailable" in result:
        return None, f"not available ({result['unavailable']})"
    return result["rankings"], result["note"]


def worker(out: Path) -> None:
    """Inside a process whose DATABASE_URL holds the demo newsroom: run every judged query."""
    sys.path.insert(0, str(ROOT))
    from manset.settings.env import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    import django

    django.setup()
    try:
        from manset.search import search
    except ImportError as exc:
        out.write_text(json.dumps({"unavailable": f"manset.search missing: {exc}"}))
        return
    from django.core.management import call_command, get_commands

    from manset.newsroom.models import ArticlePage

    note = "demo loaded"
    if "search" in get_commands():
        call_command("search", "reindex")
        note += ", `manset search reindex` run"
    external = dict(ArticlePage.objects.values_list("pk", "external_id"))
    rankings = {
        j.query: [
            external.get(hit.page_id, f"page-{hit.page_id}")
            for hit in search(j.query, per_page=CUTOFF).hits
        ]
        for j in load_judgements()
    }
    out.write_text(json.dumps({"rankings": rankings, "note": note}, ensure_ascii=False))


# PostgreSQL ----------------------------------------------------------------------------------


def pg_connect(url: str):
    """An autocommit connection, or the reason there is none as a string."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        lines = str(exc).strip().splitlines()
        return lines[-1] if lines else type(exc).__name__


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


# Report --------------------------------------------------------------------------------------


def scores(rankings: dict[str, list[str]], judgements: Sequence[Judgement]) -> dict:
    return {
        j.query: (
            ndcg_at(rankings.get(j.query, []), j.relevant),
            reciprocal_rank(rankings.get(j.query, []), j.relevant),
        )
        for j in judgements
    }


def print_table(judgements, results: dict[str, dict | None]) -> None:
    groups = {"all": judgements} | {
        kind: [j for j in judgements if j.kind == kind] for kind in KINDS
    }
    header = f"{'queries':<18}" + "".join(f"{name:>22}" for name in SYSTEMS)
    print(header)
    print(f"{'':<18}" + f"{'nDCG@10':>13}{'MRR@10':>9}" * len(SYSTEMS))
    for label, members in groups.items():
        row = f"{label} ({len(members)})"
        cells = []
        for name in SYSTEMS:
            per_query = results.get(name)
            if per_query is None:
                cells.append(f"{'—':>13}{'—':>9}")
                continue
            ndcg = mean([per_query[j.query][0] for j in members])
            mrr = mean([per_query[j.query][1] for j in members])
            cells.append(f"{ndcg:>13.3f}{mrr:>9.3f}")
        print(f"{row:<18}" + "".join(cells))


def print_misses(name, judgements, per_query, rankings) -> None:
    misses = [j for j in judgements if per_query[j.query][0] < MISS_BELOW]
    print(f"\n{name}: {len(misses)} queries with nDCG@10 < {MISS_BELOW}")
    for j in misses:
        ndcg, mrr = per_query[j.query]
        top = ", ".join(doc.removeprefix("demo-") for doc in rankings[j.query][:3]) or "nothing"
        wanted = ", ".join(f"{doc.removeprefix('demo-')}:{rel}" for doc, rel in j.relevant.items())
        print(f"  {ndcg:.2f} {mrr:.2f}  [{j.kind}] {j.query}  → {top}  (wanted {wanted})")


def print_per_query(judgements, results) -> None:
    print(f"\n{'nDCG@10 per query':<50}" + "".join(f"{name[:14]:>15}" for name in SYSTEMS))
    for j in judgements:
        cells = [
            f"{results[n][j.query][0]:>15.2f}" if results.get(n) else f"{'—':>15}" for n in SYSTEMS
        ]
        print(f"{f'[{j.kind}] {j.query}'[:50]:<50}" + "".join(cells))


@dataclass
class Run:
    """What the systems returned: query → external ids per system, and a note per system."""

    judgements: list[Judgement]
    articles: list[Article]
    rankings: dict[str, dict[str, list[str]] | None] = field(
        default_factory=lambda: dict.fromkeys(SYSTEMS)
    )
    notes: dict[str, str] = field(default_factory=dict)
    strict: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # AND only

    def rank_all(self, name: str, ranker: Ranker) -> None:
        self.rankings[name] = {j.query: ranker(j.query) for j in self.judgements}
        self.strict[name] = {j.query: ranker(j.query, fallback=False) for j in self.judgements}


def run_ours(run: Run, name: str, database_url: str) -> None:
    print(f"{name}: loading the demo newsroom …", file=sys.stderr)
    run.rankings[name], run.notes[name] = ours_rankings(database_url)


def run_postgres(run: Run, url: str, *, have_ours: bool) -> None:
    pg = pg_connect(url)
    if isinstance(pg, str):
        run.notes["pg-turkish"] = run.notes["ours-postgres"] = f"skipped: {pg}"
        return
    with pg:
        version = pg.execute("SHOW server_version").fetchone()[0]
        ctype = pg.execute(
            "SELECT datctype FROM pg_database WHERE datname = current_database()"
        ).fetchone()[0]
        run.rank_all("pg-turkish", pg_turkish_ranker(pg, run.articles))
        run.notes["pg-turkish"] = f"PostgreSQL {version}, LC_CTYPE {ctype}, ranked by ts_rank"
        if not have_ours:
            run.notes["ours-postgres"] = "not available (manset.search missing)"
            return
        drop = f"DROP DATABASE IF EXISTS {OURS_PG_DATABASE} WITH (FORCE)"
        pg.execute(drop)
        pg.execute(f"CREATE DATABASE {OURS_PG_DATABASE}")
        try:
            run_ours(run, "ours-postgres", with_database(url, OURS_PG_DATABASE))
        finally:
            pg.execute(drop)


def report(run: Run, *, misses: Sequence[str] | None, per_query: bool) -> None:
    judgements = run.judgements
    results = {
        name: scores(ranked, judgements) if ranked is not None else None
        for name, ranked in run.rankings.items()
    }
    counts = ", ".join(f"{kind} {sum(j.kind == kind for j in judgements)}" for kind in KINDS)
    print(f"{len(judgements)} judged queries over {len(run.articles)} demo articles ({counts})")
    print_table(judgements, results)
    for name in SYSTEMS:
        print(f"  {name}: {run.notes.get(name, '')}")
    for name, ranked in run.strict.items():
        strict = scores(ranked, judgements).values()
        print(
            f"  {name} with AND only (no any-word fallback): nDCG@10"
            f" {mean([ndcg for ndcg, _ in strict]):.3f}, MRR@10"
            f" {mean([rr for _, rr in strict]):.3f}"
        )
    for name in misses or [n for n in ("ours-sqlite", "ours-postgres") if results[n]]:
        if results[name] is None:
            print(f"\n{name}: no results ({run.notes.get(name)})")
        else:
            print_misses(name, judgements, results[name], run.rankings[name])
    if per_query:
        print_per_query(judgements, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", nargs="?", const=DEFAULT_PG, metavar="URL")
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--misses", choices=SYSTEMS, action="append")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return

    run = Run(judgements=load_judgements(), articles=load_articles())
    run.rank_all("fts5-unicode61", fts5_ranker(run.articles))
    run.notes["fts5-unicode61"] = f"SQLite {sqlite3.sqlite_version}"
    # Cheap look before loading databases; the worker's import is the real test.
    have_ours = importlib.util.find_spec("manset.search") is not None
    if have_ours:
        with tempfile.TemporaryDirectory(prefix="manset-relevance-") as tmp:
            run_ours(run, "ours-sqlite", f"sqlite:///{tmp}/db.sqlite3")
    else:
        run.notes["ours-sqlite"] = "not available (manset.search missing)"
    if args.pg:
        run_postgres(run, args.pg, have_ours=have_ours)
    else:
        run.notes["pg-turkish"] = run.notes["ours-postgres"] = "skipped: no --pg URL given"
    report(run, misses=args.misses, per_query=args.per_query)


if __name__ == "__main__":
    main()
