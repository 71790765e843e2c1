"""The two engines behind one interface: SQLite FTS5 by default, PostgreSQL in production.

Both index the same analysed columns (`documents.Columns`) and take the same parsed query
(`query.Query`); only the SQL differs. The engine follows the database in use.
"""

from django.db import connection

from manset.search.engines.base import Engine, Filters, Match

__all__ = ["Engine", "Filters", "Match", "engine_for"]


def engine_for() -> Engine:
    vendor = connection.vendor
    if vendor == "postgresql":
        from manset.search.engines.postgres import PostgresEngine

        return PostgresEngine()
    if vendor == "sqlite":
        from manset.search.engines.sqlite import SqliteEngine

        return SqliteEngine()
    raise NotImplementedError(f"search has no engine for the {vendor!r} database")
