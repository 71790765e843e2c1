"""Small database helpers shared by apps."""

import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


def commit_without_waiting_for_disk() -> None:
    """Let the current transaction's commit return before its WAL reaches the disk
    (PostgreSQL; elsewhere nothing). Call it inside `transaction.atomic()`.

    For writes that may lose their last fraction of a second to a database crash but must
    never be half-written: comments (bench/comment_speed.py: 205 → 283 comments/s), search
    index batches (a reindex can simply run again).
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


@functools.cache
def _insert_statement(model, vendor: str) -> tuple[str, tuple]:
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    pk = quote(model._meta.pk.column)
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING {pk}"  # noqa: S608
    return sql, fields


def insert_row(instance) -> None:
    """INSERT one model instance with a statement built once per model: for hot paths.

    What `instance.save(force_insert=True)` does for a plain model (field defaults,
    auto_now, value preparation) without compiling the SQL anew each time; no signals are
    sent, so use it only for models nothing listens to.
    """
    sql, fields = _insert_statement(type(instance), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = connection.alias


@functools.lru_cache(maxsize=128)
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")


def fetch_all(sql: str, params: list) -> list[tuple]:
    """Run a read with "%s" placeholders and return its rows, past Django's cursor wrapper.

    For hot paths only: on SQLite, Django rewrites the placeholders of every statement
    with a regular expression (a fifth of a millisecond for a long UNION); here that is
    done once per statement text. Values must already be database-ready (ints, strings,
    datetimes adapted with `connection.ops`).
    """
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    return connection.connection.execute(_qmark(sql), params).fetchall()


def execute_many(sql: str, rows: list) -> None:
    """`executemany` with "%s" placeholders, past Django's cursor wrapper (see fetch_all)."""
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return
    connection.ensure_connection()
    connection.connection.executemany(_qmark(sql), rows)


@contextmanager
def advisory_lock(name: str) -> Iterator[bool]:
    """Yield whether this process got the lock `name`: held by one connection at a time
    across every process on the database, until the block ends. Never waits.

    PostgreSQL's session-level advisory lock (no transaction stays open meanwhile; a
    process that dies loses it with its connection). SQLite has no such lock and every
    caller gets True: it has one writer at a time anyway, and on SQLite the task queue
    runs one worker (django-tasks-db takes an exclusive lock).
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
