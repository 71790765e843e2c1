"""PostgreSQL: weighted tsvector columns on the entry table, built from our analysed terms.

The ``simple`` configuration only splits and lowercases; the Turkish analysis is ours, as on
SQLite. ``vector`` holds headline (A), lead (B), meta (C) and body (D) for matching and
ranking; ``exact_vector`` the exact terms with positions, for phrases; ``accent_vector`` the
Turkish spellings, for the exact-letters boost. A GIN index on ``vector`` only: phrase words
are in it too, so it narrows phrase queries before their order is checked on the rows.
"""

# ruff: noqa: S608  (SQL here joins module constants; every value is a parameter)

from django.db import OperationalError, transaction
from django.utils import timezone

from manset.search.documents import Columns, Document
from manset.search.engines.base import (
    ENTRY_TABLE,
    MAX_CANDIDATES,
    WEIGHTS,
    Candidate,
    Engine,
    Filters,
    Match,
    entry_upsert_sql,
    entry_values,
    filter_sql,
    ranked_match,
)
from manset.search.query import Query, pg_phrase_tsqueries, pg_tsquery

# ts_rank's weights, in its {D, C, B, A} order, from the shared field weights.
RANK_WEIGHTS = (
    "'{"
    + ", ".join(
        str(WEIGHTS[name] / WEIGHTS["headline"]) for name in ("body", "meta", "lead", "headline")
    )
    + "}'"
)

# The columns and the GIN index are made by the migration (search/migrations/0001).
# The tsvectors are written as literals built here ('gorusme':1A,5A 'kore':2A ...), which
# PostgreSQL only has to read: running to_tsvector over the same text again on the server
# made writes the slow half of indexing. Same lexemes and positions as
# setweight(to_tsvector('simple', headline), 'A') || ... 'B' || body 'D' || meta 'C' would give.
VECTOR_VALUES = {
    "vector": "%s::tsvector",
    "exact_vector": "%s::tsvector",
    "accent_vector": "%s::tsvector",
    "bucket": "%s",
}
# Pages are grouped by id into buckets of this many: a search reads the newest buckets first
# and widens (x4) until it has its candidates, so a common word does not make it visit every
# matching row of the archive.
BUCKET_SIZE = 10_000
FIRST_BUCKETS = 4
# Each way of finding autocomplete headlines gets this long (see `headline_prefix`).
AUTOCOMPLETE_STEP_MS = 12
MAX_POSITION = 16383  # PostgreSQL's limit; later words share it
MAX_POSITIONS = 255  # per lexeme, also PostgreSQL's


def _literal(parts: list[tuple[str, str]], *, positions: bool = True) -> str:
    """A tsvector literal of space-separated terms, each part with its weight letter."""
    where: dict[str, list[str]] = {}
    offset = 0
    for text, weight in parts:
        terms = text.split()
        for i, term in enumerate(terms, start=offset + 1):
            spots = where.setdefault(term, [])
            if positions and len(spots) < MAX_POSITIONS:
                spots.append(f"{min(i, MAX_POSITION)}{weight}")
        offset += len(terms)
    out = []
    for term, spots in where.items():
        quoted = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
        out.append(quoted + (":" + ",".join(spots) if spots else ""))
    return " ".join(out)


def vector_literals(columns: Columns) -> list[str]:
    """The three tsvector literals of an entry row: vector, exact_vector, accent_vector."""
    return [
        _literal(
            [(columns.headline, "A"), (columns.lead, "B"), (columns.body, ""), (columns.meta, "C")]
        ),
        _literal([(columns.exact, "")]),
        _literal([(columns.accent, "")], positions=False),
    ]


class PostgresEngine(Engine):
    def prepare(self, document: Document, columns: Columns) -> list:
        return [*vector_literals(columns), document.page_id // BUCKET_SIZE]

    def upsert(self, cursor, rows) -> None:
        now = timezone.now()
        cursor.executemany(
            entry_upsert_sql(VECTOR_VALUES),
            [[*entry_values(d, now), *prepared] for d, _c, prepared in rows],
        )

    def delete(self, cursor, page_ids: list[int]) -> None:
        """The vectors live on the entry rows, which the indexing service deletes."""

    def tidy(self, cursor) -> None:
        # A reindex rewrote every row: reclaim the old versions now, not at autovacuum's pace
        # (VACUUM cannot run in a transaction; there, statistics are refreshed at least).
        in_transaction = cursor.db.in_atomic_block
        cursor.execute(f"{'ANALYZE' if in_transaction else 'VACUUM (ANALYZE)'} {ENTRY_TABLE}")

    def match(
        self,
        cursor,
        query: Query,
        *,
        filters: Filters,
        any_word: bool = False,
        newest: bool = False,
        limit: int = 10,
        offset: int = 0,
    ) -> Match:
        tsquery = pg_tsquery(query, any_word=any_word)
        if tsquery is None:
            return Match(total=0, capped=False)
        clauses, params = filter_sql(filters)
        clauses = ["e.vector @@ to_tsquery('simple', %s)", *clauses]
        params = [tsquery, *params]
        for phrase in pg_phrase_tsqueries(query):
            clauses.append("e.exact_vector @@ to_tsquery('simple', %s)")
            params.append(phrase)
        accents = [word for word in query.accented if word.isalnum()]
        accent_sql = "c.accent_vector @@ to_tsquery('simple', %s)" if accents else "false"
        # Text relevance only when ranking by it: it reads each candidate's whole vector.
        relevance_sql = (
            "0" if newest else f"ts_rank({RANK_WEIGHTS}, c.vector, to_tsquery('simple', %s))"
        )
        # The newest matches by page id, as on SQLite (+ 1 to know whether there were more),
        # then scored in Python (engines.base.rank). MATERIALIZED keeps the planner on the GIN
        # index: walking the primary key backwards reads every row's vector to test it.
        for window in _bucket_windows(cursor):
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT e.page_id, e.published_at, e.vector, "
                f"e.accent_vector FROM {ENTRY_TABLE} e WHERE {' AND '.join(clauses + window)}) "
                f"SELECT c.page_id, {relevance_sql}, extract(epoch FROM c.published_at) / 86400.0, "
                f"extract(epoch FROM now()) / 86400.0, {accent_sql} FROM (SELECT * FROM m "
                f"ORDER BY page_id DESC LIMIT {MAX_CANDIDATES + 1}) c",
                [
                    *params,
                    *([] if newest else [tsquery]),
                    *([" | ".join(accents)] if accents else []),
                ],
            )
            if cursor.rowcount > MAX_CANDIDATES:
                break
        rows = cursor.fetchall()
        if not rows:
            return Match(total=0, capped=False)
        capped = len(rows) > MAX_CANDIDATES
        candidates = [
            Candidate(page_id, float(relevance), float(published), bool(accented))
            for page_id, relevance, published, _now, accented in rows[:MAX_CANDIDATES]
        ]
        return ranked_match(
            candidates,
            more=capped,
            today=float(rows[0][3]),
            newest=newest,
            limit=limit,
            offset=offset,
        )

    def headline_prefix(self, cursor, query: Query, *, limit: int) -> list[int]:
        """Walking the newest pages and testing each is instant for a common prefix and slow
        for a rare one; the GIN index is the reverse (the headline weight is checked on every
        row it finds). So: the first, given AUTOCOMPLETE_STEP_MS, then the second."""
        tsquery = pg_tsquery(query, prefix_last=True, weight="A")  # A: the headline
        if tsquery is None:
            return []
        plans = (
            f"SELECT page_id FROM {ENTRY_TABLE} WHERE vector @@ to_tsquery('simple', %s) "
            "ORDER BY page_id DESC LIMIT %s",
            f"WITH m AS MATERIALIZED (SELECT page_id FROM {ENTRY_TABLE} "
            "WHERE vector @@ to_tsquery('simple', %s)) "
            "SELECT page_id FROM m ORDER BY page_id DESC LIMIT %s",
        )
        with transaction.atomic(using=cursor.db.alias):
            cursor.execute(f"SET LOCAL statement_timeout = {AUTOCOMPLETE_STEP_MS}")
            for sql in plans:
                try:
                    with transaction.atomic(using=cursor.db.alias):  # a savepoint to fall back to
                        cursor.execute(sql, [tsquery, limit])
                        return [row[0] for row in cursor.fetchall()]
                except OperationalError:  # the statement timed out
                    continue
        return []  # suggestions are best-effort: none rather than a slow box

    def size_bytes(self, cursor) -> int:
        cursor.execute("SELECT pg_total_relation_size(%s)", [ENTRY_TABLE])
        return int(cursor.fetchone()[0] or 0)


def _bucket_windows(cursor):
    """WHERE clauses for the newest FIRST_BUCKETS buckets of pages, then four times as many,
    and so on, the last one without a limit: the caller stops once a window gave enough."""
    cursor.execute(f"SELECT max(page_id) FROM {ENTRY_TABLE}")
    newest_bucket = (cursor.fetchone()[0] or 0) // BUCKET_SIZE
    span = FIRST_BUCKETS
    while (lowest := newest_bucket - span + 1) > 0:
        yield [f"e.bucket >= {int(lowest)}"]
        span *= 4
    yield []
