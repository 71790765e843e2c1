"""Raw rows into one model's table, below the ORM, for the bulk loader (`manset demo --articles`).

PostgreSQL takes them by `COPY … FROM STDIN` in its text format, which the worker
processes that make the rows can already write out: the main process then only
prefixes the columns known when a row is placed (its id and tree position) and
streams the lines. Other engines get `INSERT … VALUES` by `executemany` from dicts.
Every column a row does not set gets its field's default.
"""

import json
from collections.abc import Iterable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped.
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
COPY_NULL = "\\N"


def copy_text(value) -> str:
    """One value in COPY's text format; `value` is already in the database's form
    (None is NULL, booleans are t and f, a tab in a text is a backslash and a t)."""
    if value is None:
        return COPY_NULL
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "obj"):  # psycopg's Jsonb wrapper: a JSONField's default
        value = json.dumps(value.obj, cls=DjangoJSONEncoder)
    text = str(value)
    for old, new in _COPY_ESCAPES:
        if old in text:
            text = text.replace(old, new)
    return text


def _auto(field: models.Field) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField)


class RowInserter:
    """Rows into one model's own table: `COPY` on PostgreSQL, `executemany` elsewhere.

    `first` names the columns (attnames) a COPY line starts with, in that order: the
    ones filled in when a row is placed, which may include the primary key. Otherwise,
    and always with `executemany`, the database numbers the rows.
    """

    def __init__(self, model: type[models.Model], *, first: tuple[str, ...] = ()):
        fields = {field.attname: field for field in model._meta.local_concrete_fields}
        self.first = [fields[name] for name in first]
        self.rest = [
            field for field in fields.values() if field.attname not in first and not _auto(field)
        ]
        # An INSERT leaves the numbering to the database.
        self.fields = [field for field in self.first + self.rest if not _auto(field)]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        copied = ", ".join(quote(field.column) for field in self.first + self.rest)
        # Names come from the model, never from input.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({copied}) FROM STDIN"
        self.defaults = {
            field.attname: field.get_db_prep_save(field.get_default(), connection)
            for field in self.rest
            if field.has_default() or field.null or not field.is_relation
        }
        self.default_texts = {name: copy_text(value) for name, value in self.defaults.items()}

    def insert(self, rows: list[dict]) -> None:
        """`executemany`; each row maps attnames to values already prepared for the database."""
        values = [
            tuple(
                row[f.attname] if f.attname in row else self.defaults[f.attname]
                for f in self.fields
            )
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)

    def copy_tail(self, row: dict) -> str:
        """The COPY text of a row's columns after the `first` ones (no line end)."""
        return "\t".join(
            copy_text(row[f.attname]) if f.attname in row else self.default_texts[f.attname]
            for f in self.rest
        )

    def copy_line(self, head: tuple, tail: str = "") -> str:
        """A whole COPY line: the `first` columns' values, then a `copy_tail`."""
        start = "\t".join(copy_text(value) for value in head)
        return f"{start}\t{tail}\n" if self.rest else f"{start}\n"

    def copy(self, lines: Iterable[str]) -> None:
        """Sends `copy_line`s to PostgreSQL (in the caller's transaction)."""
        with connection.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
            copy.write("".join(lines))
