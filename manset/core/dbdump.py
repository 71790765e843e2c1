"""The database half of a backup: a consistent dump, a restore, and the counts in both.

PostgreSQL: `pg_dump --format=custom` from a snapshot exported by a repeatable-read
transaction, so the counts we record are those of the dump. SQLite: the online backup
API, which copies every page under one read lock; the counts are read from the copy.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from manset.comments.models import Comment
from manset.core.errors import BackupError
from manset.newsroom.models import ArticlePage
from manset.wires.models import WireItem

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


@dataclass(frozen=True)
class Counts:
    articles: int
    comments: int
    wire_items: int

    def describe(self) -> str:
        return f"{self.articles} articles, {self.comments} comments, {self.wire_items} wire items"


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"the {connection.vendor} database is not supported by backups")
    return connection.vendor


def counts_read(cursor) -> Counts:
    """Rows in the three tables the manifest counts, through any DB-API cursor."""
    numbers = []
    for model in (ArticlePage, Comment, WireItem):
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608  (model names)
        numbers.append(cursor.fetchone()[0])
    return Counts(*numbers)


def table_count() -> int:
    return len(connection.introspection.table_names())


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed; install Debian's postgresql-client "
            "(apt-get install postgresql-client) and run the command again"
        )
    return path


def _pg_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise BackupError(f"{Path(argv[0]).name} failed: {reason}")


def dump(target: Path) -> Counts:
    """Write the whole database to `target`; the counts are those of what was written."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            return counts_read(copy.cursor())
        finally:
            copy.close()
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
        return counts_read(cursor)


def load(source: Path) -> None:
    """Replace the database's contents with the dump at `source`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        dumped = sqlite3.connect(source)
        try:
            dumped.backup(connection.connection)
        finally:
            dumped.close()
        return
    pg_restore = pg_tool("pg_restore")
    _drop_tables()
    connection.close()  # pg_restore works on its own connection; ours reconnects afterwards
    _run(
        [
            pg_restore,
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ]
    )


def _drop_tables() -> None:
    """Empty a PostgreSQL database for --force: the dump brings every table back."""
    names = connection.introspection.table_names()
    if not names:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {', '.join(quote(n) for n in names)} CASCADE")
