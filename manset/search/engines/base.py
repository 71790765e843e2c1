"""What both engines share: filters, the entry table, the ranking constants."""

# ruff: noqa: S608  (SQL here joins module constants; every value is a parameter)

import heapq
from dataclasses import dataclass, field
from datetime import datetime

from manset.search.documents import Columns, Document
from manset.search.query import Query

ENTRY_TABLE = "search_searchentry"
ENTRY_COLUMNS = (
    "page_id",
    "headline",
    "lead",
    "body",
    "meta",
    "desk_id",
    "agency",
    "published_at",
    "indexed_at",
)
# Snippets come from the lead and this much of the body (the index holds all of it).
SNIPPET_BODY_CHARS = 5000

# Field weights: headline > lead > tags/desk/authors > body (PostgreSQL's A/B/C/D defaults
# 1.0/0.4/0.2/0.1 in the same ratios).
WEIGHTS = {"headline": 10.0, "lead": 4.0, "meta": 2.0, "body": 1.0}
# SQLite ranks phrases where they match, in the exact column (PostgreSQL ranks their words).
PHRASE_WEIGHT = 2.0
# A mild recency boost: a story of today scores up to this much more than an old one,
# halving every RECENCY_HALF_LIFE_DAYS.
RECENCY_BOOST = 0.3
RECENCY_HALF_LIFE_DAYS = 30.0
# A match holding the query's words with their exact Turkish letters (ışık, not isik).
ACCENT_BOOST = 0.25
# Relevance is computed over at most this many of the newest matches (by page id: creation
# order, which for a newsroom is publication order, and what FTS5 can walk without sorting);
# beyond it a common word would make every query rank half the archive. Counts stop there
# too ("1000'den fazla sonuç"). 1,000 keeps a PostgreSQL query at a million articles
# within 50 ms at p95 (ranking reads every candidate's vector).
MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class Filters:
    desk_id: int | None = None
    tag_id: int | None = None
    author_id: int | None = None
    agency: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Candidate:
    page_id: int
    relevance: float  # the engine's text score (bm25, ts_rank): higher is better
    published: float  # publication time, in days since any fixed point (Julian days, say)
    accented: bool  # holds a query word with its exact Turkish letters


def rank(
    candidates: list[Candidate], *, today: float, newest: bool, limit: int, offset: int
) -> list[tuple[int, float]]:
    """One page of (page id, score): relevance with the recency and exact-letters boosts,
    or newest first. `today` is now, on the same scale as `Candidate.published`."""
    wanted = offset + limit
    if newest:
        top = heapq.nlargest(wanted, candidates, key=lambda c: (c.published, c.page_id))
        return [(c.page_id, c.relevance) for c in top[offset:]]
    scored = [
        (
            c.relevance
            * (1 + RECENCY_BOOST * 0.5 ** (max(0.0, today - c.published) / RECENCY_HALF_LIFE_DAYS))
            * (1 + ACCENT_BOOST * c.accented),
            c.page_id,
        )
        for c in candidates
    ]
    return [(page_id, score) for score, page_id in heapq.nlargest(wanted, scored)[offset:]]


def ranked_match(
    candidates: list[Candidate], *, more: bool, today: float, newest: bool, limit: int, offset: int
) -> "Match":
    """The Match for an engine's candidates (`more`: it found more than MAX_CANDIDATES)."""
    hits = rank(candidates, today=today, newest=newest, limit=limit, offset=offset)
    return Match(total=len(candidates), capped=more, hits=hits)


@dataclass(frozen=True)
class Match:
    total: int  # capped at MAX_CANDIDATES
    capped: bool
    hits: list[tuple[int, float]] = field(default_factory=list)  # (page id, score)


def entry_upsert_sql(extra: dict[str, str] | None = None) -> str:
    """INSERT ... ON CONFLICT DO UPDATE of an entry row: one row version per write.

    `extra` maps more columns to their SQL value expressions (PostgreSQL's tsvectors).
    """
    extra = extra or {}
    columns = [*ENTRY_COLUMNS, *extra]
    values = ["%s"] * len(ENTRY_COLUMNS) + list(extra.values())
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "page_id")
    return (
        f"INSERT INTO {ENTRY_TABLE} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT (page_id) DO UPDATE SET {updates}"
    )


def entry_values(document: Document, indexed_at) -> list:
    return [
        document.page_id,
        document.headline,
        document.lead,
        document.body[:SNIPPET_BODY_CHARS],
        document.meta,
        document.desk_id,
        document.agency,
        document.published_at,
        indexed_at,
    ]


def filter_sql(filters: Filters, alias: str = "e") -> tuple[list[str], list]:
    """WHERE clauses (and their parameters) for the filters, on the entry table."""
    from manset.newsroom.models import ArticlePage, ArticleTag

    clauses, params = [], []
    if filters.desk_id is not None:
        clauses.append(f"{alias}.desk_id = %s")
        params.append(filters.desk_id)
    if filters.agency is not None:
        clauses.append(f"{alias}.agency = %s")
        params.append(filters.agency)
    if filters.since is not None:
        clauses.append(f"{alias}.published_at >= %s")
        params.append(filters.since)
    if filters.until is not None:
        clauses.append(f"{alias}.published_at < %s")
        params.append(filters.until)
    if filters.tag_id is not None:
        table = ArticleTag._meta.db_table
        clauses.append(
            f"{alias}.page_id IN (SELECT content_object_id FROM {table} WHERE tag_id = %s)"
        )
        params.append(filters.tag_id)
    if filters.author_id is not None:
        through = ArticlePage.authors.through._meta.db_table
        clauses.append(
            f"{alias}.page_id IN (SELECT articlepage_id FROM {through} WHERE author_id = %s)"
        )
        params.append(filters.author_id)
    return clauses, params


class Engine:
    """Index rows and answer parsed queries; `cursor` is a Django DB cursor."""

    def prepare(self, document: Document, columns: Columns) -> list:
        """Engine-ready values of a row, made where the analysis runs (a worker process)."""
        return []

    def upsert(self, cursor, rows: list[tuple[Document, Columns, list]]) -> None:
        """Write these documents' entry rows and index them (rows as `prepare` left them)."""
        raise NotImplementedError

    def delete(self, cursor, page_ids: list[int]) -> None:
        """Drop these pages from the engine's own structure (the entry rows go separately)."""
        raise NotImplementedError

    def tidy(self, cursor) -> None:
        """After a reindex: drop leftovers, compact, refresh planner statistics."""
        raise NotImplementedError

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
        raise NotImplementedError

    def headline_prefix(self, cursor, query: Query, *, limit: int) -> list[int]:
        """Page ids whose headline holds every word, the last as a prefix, newest first."""
        raise NotImplementedError

    def size_bytes(self, cursor) -> int:
        raise NotImplementedError
