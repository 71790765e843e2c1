"""A reply's e-mail to the parent's author is a task: queued as the reply's publication
commits, retried while the mail server is down or busy, sent at most once, and failing
for good into Başarısız görevler with a reason that names no reader's address."""

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.comments import services
from manset.comments.models import Comment
from manset.comments.tasks import REPLY_EMAIL_ATTEMPTS, reply_email_task
from tests import queue, smtp
from tests.queue import run_ready_tasks as run_ready

smtp_server, database_queue = smtp.smtp_server, queue.database_queue  # fixtures

pytestmark = pytest.mark.django_db
in_production = pytest.mark.usefixtures("database_queue")

PARENT_EMAIL = "ayse@example.com"


@pytest.fixture
def thread(article, make_comment):
    """A published comment whose author asked to hear of replies, and a reply awaiting
    moderation."""
    parent = make_comment(article, name="Ayşe", email=PARENT_EMAIL, notify_replies=True)
    reply = make_comment(
        article,
        parent=parent,
        name="Can",
        email="can@example.com",
        text="Size katılmıyorum.",
        status=Comment.Status.PENDING,
    )
    return parent, reply


@pytest.fixture
def published_reply(thread):
    parent, reply = thread
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.PUBLISHED)
    reply.refresh_from_db()
    return reply


def reply_rows():
    return DBTaskResult.objects.filter(task_path=reply_email_task.module_path).order_by(
        "enqueued_at"
    )


@in_production
def test_the_email_is_queued_when_the_publication_commits_with_the_reply_id_only(
    thread, django_capture_on_commit_callbacks
):
    parent, reply = thread
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_moderate(comment=reply, action="approve")
        assert not reply_rows().exists(), "nothing queued before the commit"
    for callback in callbacks:
        callback()
    [row] = reply_rows()
    assert row.status == TaskResultStatus.READY
    assert row.args_kwargs == {"args": [], "kwargs": {"reply_id": reply.id}}
    assert PARENT_EMAIL not in json.dumps(row.args_kwargs)
    assert mail.outbox == [], "the worker sends it, not the moderator's request"


@in_production
def test_a_mail_server_that_is_down_is_tried_again_30_seconds_later_and_the_email_sent(
    published_reply, smtp_server, settings
):
    listening = settings.EMAIL_PORT
    settings.EMAIL_PORT = smtp.closed_port()
    reply_email_task.enqueue(reply_id=published_reply.id)
    started = timezone.now()
    [first] = run_ready(reply_email_task)
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert "could not be reached (ConnectionRefusedError" in first.return_value["error"]
    [retry] = reply_rows().filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"reply_id": published_reply.id, "attempt": 2}
    assert timedelta(seconds=29) < retry.run_after - started < timedelta(seconds=31)
    assert run_ready(reply_email_task) == [], "not before its time"
    published_reply.refresh_from_db()
    assert published_reply.reply_notified_at is None, "not sent, so not marked"

    settings.EMAIL_PORT = listening
    with time_machine.travel(started + timedelta(seconds=31)):
        [second] = run_ready(reply_email_task)
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert second.return_value == {"reply": published_reply.id, "outcome": "sent"}
    [message] = smtp_server.messages
    assert message.to == [PARENT_EMAIL] and "Size katılmıyorum." in message.data
    published_reply.refresh_from_db()
    assert published_reply.reply_notified_at is not None


@in_production
def test_a_greylisting_mail_server_is_tried_again(published_reply, smtp_server):
    smtp_server.rcpt = "451 4.7.1 Greylisted, please try again later"
    reply_email_task.enqueue(reply_id=published_reply.id)
    [first] = run_ready(reply_email_task)
    assert "451 4.7.1 Greylisted" in first.return_value["error"]
    assert reply_rows().filter(status=TaskResultStatus.READY).count() == 1


@in_production
def test_a_mail_server_that_never_answers_costs_one_timeout_and_is_tried_again(
    published_reply, smtp_server, settings
):
    smtp_server.greeting = None
    settings.EMAIL_TIMEOUT = 1
    reply_email_task.enqueue(reply_id=published_reply.id)
    started = time.monotonic()
    [first] = run_ready(reply_email_task)
    assert time.monotonic() - started < 5
    assert (
        "failed (SMTPServerDisconnected: Connection unexpectedly closed: timed out)"
        in (first.return_value["error"])
    )
    assert reply_rows().filter(status=TaskResultStatus.READY).count() == 1


def test_the_mail_server_may_keep_a_worker_waiting_20_seconds_at_most(settings):
    assert settings.EMAIL_TIMEOUT == 20, "Django's default would wait for ever"


@in_production
def test_a_mail_server_down_every_time_fails_the_task_for_good_after_five_attempts(
    published_reply, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.closed_port()
    reply_email_task.enqueue(reply_id=published_reply.id)
    now = timezone.now()
    for delay in (0, 31, 2 * 60 + 31, 8 * 60 + 31, 32 * 60 + 31, 128 * 60 + 31):
        now += timedelta(seconds=delay)
        with time_machine.travel(now):
            run_ready(reply_email_task)
    rows = list(reply_rows())
    assert len(rows) == REPLY_EMAIL_ATTEMPTS == 5
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 4 + [
        TaskResultStatus.FAILED
    ]
    assert rows[-1].exception_class_path == "manset.comments.notifications.ReplyEmailError"
    assert f"reply {published_reply.id}: the mail server could not be reached" in rows[-1].traceback


@in_production
def test_an_address_refused_for_good_fails_at_once_and_the_error_does_not_name_it(
    published_reply, smtp_server, admin_client
):
    smtp_server.rcpt = f"550 5.1.1 <{PARENT_EMAIL.upper()}>: Recipient address rejected"
    reply_email_task.enqueue(reply_id=published_reply.id)
    [row] = run_ready(reply_email_task)
    assert row.status == TaskResultStatus.FAILED, "a 5xx is not tried again"
    assert reply_rows().count() == 1
    assert row.exception_class_path == "manset.comments.notifications.ReplyEmailError"
    assert "550 5.1.1 <<the reader's address>>: Recipient address rejected" in row.traceback
    assert PARENT_EMAIL not in row.traceback.lower()
    # The admin's failed-task screen shows it, and nowhere the reader's address.
    page = admin_client.get(f"/admin/gorevler/basarisiz/inspect/{row.pk}/").content.decode()
    assert "Recipient address rejected" in page
    assert PARENT_EMAIL not in page.lower()
    published_reply.refresh_from_db()
    assert published_reply.reply_notified_at is None


@in_production
def test_the_task_run_twice_sends_one_email(published_reply):
    reply_email_task.enqueue(reply_id=published_reply.id)
    reply_email_task.enqueue(reply_id=published_reply.id)
    ran = run_ready(reply_email_task)
    assert [row.return_value["outcome"] for row in ran] == ["sent", "already sent"]
    assert len(mail.outbox) == 1


def test_publishing_a_reply_again_does_not_mail_again(thread, django_capture_on_commit_callbacks):
    parent, reply = thread

    def moderate(action):  # as the admin does: the comment as stored now
        services.comment_moderate(comment=Comment.objects.get(pk=reply.pk), action=action)

    with django_capture_on_commit_callbacks(execute=True):
        moderate("approve")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderate("reject")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        moderate("approve")
    assert len(mail.outbox) == 1
    assert "queue_reply_email" not in {c.__name__ for c in callbacks}, "not even queued"


@in_production
def test_a_reader_who_unsubscribed_before_the_task_ran_gets_no_email(published_reply):
    reply_email_task.enqueue(reply_id=published_reply.id)
    Comment.objects.filter(pk=published_reply.parent_id).update(notify_replies=False)
    [row] = run_ready(reply_email_task)
    assert row.return_value["outcome"] == "not wanted"
    assert mail.outbox == []


@in_production
def test_a_reply_deleted_before_the_task_ran_is_no_error(published_reply):
    reply_email_task.enqueue(reply_id=published_reply.id)
    published_reply.delete()
    [row] = run_ready(reply_email_task)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["outcome"] == "gone"


def test_in_development_a_mail_server_that_is_down_never_fails_the_reply(
    thread, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.closed_port()
    parent, reply = thread
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comment=reply, action="approve")
    reply.refresh_from_db()
    assert reply.is_public and reply.reply_notified_at is None
    assert DBTaskResult.objects.count() == 0, "development queues nothing for later"
