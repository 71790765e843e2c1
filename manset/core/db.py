"""Small database helpers shared by apps."""

from django.db import transaction


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
