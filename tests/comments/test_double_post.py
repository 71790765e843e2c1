"""Posting twice: a double tap, a retry or two requests at once with one form stamp store
one comment and get the first one's answer; readers who share a cached page's stamp
still post their own comments."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from manset.comments import guard, services
from manset.comments.forms import make_stamp
from manset.comments.models import Comment

pytestmark = pytest.mark.django_db

TEXT = "İki kez dokundum, bir kez yazdım."
ORIGIN = {"Origin": "http://testserver"}
JSON = {**ORIGIN, "Accept": "application/json"}


@pytest.fixture
def stamp(article):
    """The stamp of a form handed out half a minute ago (the guard's too-quick rule)."""
    import time
    from unittest import mock

    with mock.patch("time.time", return_value=time.time() - 30):
        return make_stamp(article.id)


def send(client, article, stamp, *, json=False, ip="127.0.0.1", **fields):
    data = {"name": "Ayşe Yılmaz", "email": "ayse@example.com", "text": TEXT, "stamp": stamp}
    return client.post(
        f"/yorum/{article.id}/",
        {**data, **fields},
        headers=JSON if json else ORIGIN,
        REMOTE_ADDR=ip,
    )


def answer(response) -> tuple[int, object]:
    """What the reader is told: the redirect, or the JSON's comment and message."""
    if response.status_code == 302:
        return 302, response["Location"]
    data = response.json()
    return response.status_code, (data.get("status"), data.get("message"), data.get("html"))


@pytest.mark.parametrize("json", [False, True], ids=["no-js", "js"])
def test_the_same_submission_sent_again_gets_the_first_comment(
    client, article, stamp, json, trusted
):
    trusted()  # published at once: a second post would be a flood refusal, not a hold
    first = send(client, article, stamp, json=json)
    again = send(client, article, stamp, json=json)
    comment = Comment.objects.get(text=TEXT)
    assert first.status_code in (200, 302)
    assert answer(again) == answer(first)
    if not json:
        assert first["Location"] == f"/yorum/{article.id}/benim/?yorum={comment.id}#yorum-durumu"
    assert Comment.objects.filter(text=TEXT).count() == 1


def test_a_repeat_while_redis_is_down_still_gets_the_first_comment(
    client, article, stamp, redis_down
):
    """The key is kept in the database: the cache may be down."""
    first = send(client, article, stamp)
    again = send(client, article, stamp)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Comment.objects.filter(text=TEXT).count() == 1


def test_readers_sharing_a_cached_pages_stamp_each_post_their_own(client, article, stamp):
    """The article's cached HTML hands one stamp to every reader of that copy."""
    send(client, article, stamp)
    other = send(Client(), article, stamp, ip="203.0.113.5", email="can@example.com", text="Başka.")
    assert other.status_code == 302
    assert Comment.objects.count() == 2


def test_a_second_comment_from_the_same_form_is_its_own(client, article, stamp, settings):
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.flood_seconds = 0
    config.save()
    send(client, article, stamp)
    send(client, article, stamp, text="Bir şey daha ekleyeyim.")
    assert Comment.objects.count() == 2


def test_the_same_text_and_address_from_another_ip_is_not_handed_the_comment(
    client, article, stamp
):
    """Someone who knows a reader's address and text and has the page's stamp does not get
    the reader's comment (and with it the right to edit or delete it)."""
    from manset.comments.views import OWN_COOKIE

    send(client, article, stamp, ip="198.51.100.7")
    intruder = Client()
    response = send(intruder, article, stamp, ip="203.0.113.66", json=True)
    assert response.status_code in (400, 429)  # the guard's duplicate or flood rule
    assert OWN_COOKIE not in response.cookies
    assert Comment.objects.count() == 1


@pytest.fixture
def own_connections(article, tmp_path):
    """Each thread on its own database connection, as two app workers are.

    PostgreSQL: as it is. SQLite: the test database lives in memory, which threads can
    only share through one connection, so it is copied to a file (WAL, the site's
    IMMEDIATE transactions and busy timeout) and every new connection opens that."""
    from manset.comments import spam_store
    from manset.comments.config import CommentSettings

    CommentSettings.load()  # made on first use: not by the racing requests
    spam_store.current_model()
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "yarisma.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    shared = connections.settings["default"]
    assert shared is connection.settings_dict  # new threads' connections are made from it
    kept_name, kept = shared["NAME"], connection.connection
    connection.connection = None  # an in-memory database is never closed by Django
    shared["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        shared["NAME"] = kept_name
        connection.connection = kept


def race(article, stamp, *, json: bool) -> tuple[list, bool]:
    """Two requests with one stamp, both past the first look for their twin (and past the
    guard) before either saves: the database's unique key decides."""
    both_checked = threading.Barrier(2, timeout=10)
    check = guard.comment_check
    responses = [None, None]

    def checked_together(candidate, context):
        verdict = check(candidate, context)
        try:
            both_checked.wait()
        except threading.BrokenBarrierError:
            pass  # the other one was answered without saving: nothing left to race
        return verdict

    def post(n):
        try:
            responses[n] = send(Client(), article, stamp, json=json)
        finally:
            connection.close()

    from unittest import mock

    with mock.patch.object(guard, "comment_check", checked_together):
        threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    return responses, not both_checked.broken


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("json", [False, True], ids=["no-js", "js"])
def test_two_posts_at_once_with_one_stamp_store_one_comment(article, stamp, own_connections, json):
    (first, second), raced = race(article, stamp, json=json)
    assert raced  # both were past the look for a twin and the guard before either saved
    assert first is not None and second is not None
    assert first.status_code in (200, 302), first.content
    assert answer(first) == answer(second)
    assert Comment.objects.filter(text=TEXT).count() == 1


def test_the_worker_forgets_keys_whose_stamp_has_expired(client, article, stamp):
    from manset.core import scheduler

    assert services.submission_key_purge_job in scheduler.JOBS
    send(client, article, stamp)
    old = Comment.objects.get()
    fresh = Comment.objects.create(
        article=article, name="Can", email="can@example.com", text="Yeni.", submission_key="b" * 64
    )
    later = timezone.now() + timedelta(days=3)
    Comment.objects.filter(id=fresh.id).update(created_at=later - timedelta(minutes=5))
    assert old.submission_key
    report = scheduler.scheduler_tick(now=later, jobs=[services.submission_key_purge_job])
    assert report.failed == ()
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.submission_key is None  # its form is refused by now anyway
    assert fresh.submission_key == "b" * 64
