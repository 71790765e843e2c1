"""SQLite: an FTS5 table of our analysed terms (rowid = page id), beside the entry table.

FTS5's ``ascii`` tokenizer only splits on spaces and lowercases ASCII, which is all it has to
do: the terms are already ours. Ranking is bm25 with per-column weights.
"""

# ruff: noqa: S608  (SQL here joins module constants; every value is a parameter)

from django.utils import timezone

from manset.search.engines.base import (
    ENTRY_TABLE,
    MAX_CANDIDATES,
    PHRASE_WEIGHT,
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
from manset.search.query import Query, fts5_match

FTS_TABLE = "search_fts"
# Column order of the FTS5 table (see the migration); bm25 takes one weight per column.
FTS_COLUMNS = ("headline", "lead", "body", "meta", "exact", "accent")
BM25 = "bm25({table}, {weights})".format(
    table=FTS_TABLE,
    weights=", ".join(str({**WEIGHTS, "exact": PHRASE_WEIGHT}.get(n, 0.0)) for n in FTS_COLUMNS),
)
# The table itself is made by the migration (search/migrations/0001).


class SqliteEngine(Engine):
    def upsert(self, cursor, rows) -> None:
        now = timezone.now()
        cursor.executemany(entry_upsert_sql(), [entry_values(d, now) for d, _c, _p in rows])
        self.delete(cursor, [document.page_id for document, _c, _p in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                [document.page_id, *(getattr(columns, name) for name in FTS_COLUMNS)]
                for document, columns, _prepared in rows
            ],
        )

    def delete(self, cursor, page_ids: list[int]) -> None:
        for start in range(0, len(page_ids), 500):
            chunk = page_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)

    def tidy(self, cursor) -> None:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT page_id FROM {ENTRY_TABLE})"
        )
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

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
        expression = fts5_match(query, any_word=any_word)
        if expression is None:
            return Match(total=0, capped=False)
        clauses, params = filter_sql(filters)
        where = "".join(f" AND {clause}" for clause in clauses)
        # The newest matches by page id (FTS5 walks its doclists in rowid order and stops at
        # the limit; ordering by publication time made it fetch and sort every match first).
        # CROSS JOIN keeps the FTS table as the outer loop, filters checked row by row.
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid, {BM25}, julianday(e.published_at), "
            f"julianday('now') FROM {FTS_TABLE} "
            f"CROSS JOIN {ENTRY_TABLE} e ON e.page_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{where} "
            f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {MAX_CANDIDATES + 1}",
            [expression, *params],
        )
        rows = cursor.fetchall()
        if not rows:
            return Match(total=0, capped=False)
        capped = len(rows) > MAX_CANDIDATES
        rows = rows[:MAX_CANDIDATES]
        accented = self._accented(cursor, query, low=rows[-1][0], high=rows[0][0])
        candidates = [
            Candidate(page_id, -bm25, published, page_id in accented)
            for page_id, bm25, published, _now in rows
        ]
        return ranked_match(
            candidates, more=capped, today=rows[0][3], newest=newest, limit=limit, offset=offset
        )

    def _accented(self, cursor, query: Query, *, low: int, high: int) -> set[int]:
        """Pages among these ids holding a query word with its exact Turkish letters."""
        terms = query.accented
        if not terms:
            return set()
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
            ["accent : (" + " OR ".join(f'"{t}"' for t in terms) + ")", low, high],
        )
        return {row[0] for row in cursor}

    def headline_prefix(self, cursor, query: Query, *, limit: int) -> list[int]:
        expression = fts5_match(query, prefix_last=True, columns="{headline}")
        if expression is None:
            return []
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor]

    def size_bytes(self, cursor) -> int:
        try:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s OR name = %s",
                [f"{FTS_TABLE}%", ENTRY_TABLE],
            )
            return int(cursor.fetchone()[0] or 0)
        except Exception:  # dbstat is a compile-time option of SQLite
            return 0
