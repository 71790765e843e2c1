"""A comment whose write cannot get the database (another connection holds the write
lock past the timeout): the reader keeps their text and is asked to try again; nothing
is half-written."""

import sqlite3

import pytest
from django.db import connection

from manset.comments.models import Comment, CommentAuthor

TEXT = "Kilitli veritabanına yazılan yorum."


@pytest.fixture
def locked_database(article, tmp_path):
    """The database the app writes to, with another connection holding its write lock;
    the fixture's value releases it.

    SQLite: the test database (in memory) is copied to a file, the app's connection is
    pointed at it with a short busy timeout (the site waits 20 s) and a second connection
    holds a write transaction on the file. PostgreSQL: a second connection holds an
    exclusive lock on the comments table and the app waits at most 200 ms for it.
    """
    from manset.comments import spam_store
    from manset.comments.config import CommentSettings

    # Made on first use, as on any site that has had a comment: the writes under test
    # are the comment's own.
    CommentSettings.load()
    spam_store.current_model()
    if connection.vendor == "sqlite":
        yield from _sqlite_locked(tmp_path)
    else:
        yield from _postgres_locked()


def _sqlite_locked(tmp_path):
    path = tmp_path / "kilitli.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    kept, settings = connection.connection, connection.settings_dict
    connection.connection = None  # an in-memory test database is never closed by Django
    connection.settings_dict = {
        **settings,
        "NAME": str(path),
        "OPTIONS": {**settings.get("OPTIONS", {}), "timeout": 0.2},
    }
    connection.ensure_connection()  # its pragmas (WAL) set before the lock is taken
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock
    try:
        yield lambda: holder.execute("ROLLBACK")
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        connection.connection.close()
        connection.connection, connection.settings_dict = kept, settings


def _postgres_locked():
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '200ms'")
    holder = psycopg.connect(**params, autocommit=False)
    holder.execute("LOCK TABLE comments_comment IN EXCLUSIVE MODE")
    try:
        yield holder.rollback
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_form_comes_back_filled_with_try_again(
    article, post_comment, locked_database
):
    response = post_comment(article, text=TEXT, name="Deniz Kaya")
    page = response.content.decode()
    assert response.status_code == 503
    assert "Yorumunuz kaydedilemedi" in page and "tekrar deneyin" in page
    assert TEXT in page and "Deniz Kaya" in page and "ayse@example.com" in page
    assert 'name="stamp"' in page  # resubmitting just works


@pytest.mark.django_db(transaction=True)
def test_with_javascript_the_answer_is_503_in_turkish(article, post_comment, locked_database):
    response = post_comment(article, json=True, text=TEXT)
    assert response.status_code == 503
    data = response.json()
    assert not data["ok"] and "tekrar deneyin" in data["message"]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_half_written_and_trying_again_saves_it_once(
    article, post_comment, locked_database
):
    assert post_comment(article, text=TEXT).status_code == 503
    locked_database()  # the other connection lets go
    assert Comment.objects.count() == 0 and CommentAuthor.objects.count() == 0
    # The refused post left no flood or duplicate memory behind: trying again works.
    assert post_comment(article, text=TEXT).status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == [TEXT]
    assert CommentAuthor.objects.count() == 1
