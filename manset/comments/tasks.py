"""Background work of comments, and when it is queued (Django's tasks API: run at once in
development, queued for `manset worker` in production, where a failed run is retried
with back-off).

- `reply_email_task`: the e-mail to a parent comment's author about a reply, queued
  when the reply's publication commits. Its arguments are the reply's id only: task
  records are shown to admins, and the reader's address has no business there.
- `spam_model_retrain_task`: retraining the spam model, queued once (not per decision)
  when moderators' decisions make it due, by the moderation itself or the worker's job.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from manset.comments import notifications, spam_store
from manset.comments.models import Comment
from manset.core.db import advisory_lock
from manset.core.taskqueue import task_retry_later, task_waiting

# 30 s, 2 min, 8 min, 32 min: outlasts a mail server's restart and greylisting.
REPLY_EMAIL_ATTEMPTS = 5
SPAM_RETRAIN_ATTEMPTS = 3


@task()
def reply_email_task(*, reply_id: int, attempt: int = 1) -> dict:
    try:
        outcome = notifications.reply_email_send(reply_id)
    except notifications.ReplyEmailError as error:
        when = None
        if error.transient:  # a refusal for good (5xx) fails the task at once
            when = task_retry_later(
                reply_email_task,
                attempt=attempt,
                max_attempts=REPLY_EMAIL_ATTEMPTS,
                kwargs={"reply_id": reply_id},
                error=error,
            )
        if when is None:
            raise
        return {"error": str(error), "retry_at": when.isoformat()}
    return {"reply": reply_id, "outcome": outcome}


def reply_published(reply: Comment) -> None:
    """Queue the e-mail to the parent's author, if they asked for one, for when the
    reply's publication commits. Queueing that fails (the database gone meanwhile) is
    logged: the reply is published either way."""
    if reply.reply_notified_at is not None or not notifications.reply_email_wanted(reply):
        return
    reply_id = reply.id

    def queue_reply_email():
        reply_email_task.enqueue(reply_id=reply_id)

    transaction.on_commit(queue_reply_email, robust=True)


@task()
def spam_model_retrain_task(*, attempt: int = 1) -> dict:
    try:
        state = spam_store.spam_model_retrain(now=timezone.now())
    except Exception as error:  # a database restart, a lock timeout: try again later
        when = task_retry_later(
            spam_model_retrain_task,
            attempt=attempt,
            max_attempts=SPAM_RETRAIN_ATTEMPTS,
            kwargs={},
            error=error,
        )
        if when is None:
            raise
        return {"error": repr(error), "retry_at": when.isoformat()}
    if state is None:
        return {"trained": False}
    return {"trained": True, "examples": state.examples}


def spam_retrain_queue(*, now: datetime) -> bool:
    """Queue the retraining if it is due and none is already waiting in the queue.

    Under a lock, so that two workers' jobs (or a job and a moderation) deciding at the
    same moment queue one: whoever does not get it leaves the queueing to the other.
    """
    with advisory_lock("manset.comments.spam_retrain_queue") as held:
        if not held or not spam_store.spam_retrain_due(now=now):
            return False
        if task_waiting(spam_model_retrain_task):
            return False
        spam_model_retrain_task.enqueue()
        return True


def spam_decision_made() -> None:
    """A moderator decided: once that commits, queue the retraining if it made it due."""

    def queue_spam_retrain():
        spam_retrain_queue(now=timezone.now())

    transaction.on_commit(queue_spam_retrain, robust=True)


def spam_model_retrain_job(now: datetime) -> None:
    """Run by `manset worker`: the daily retraining, and any the moderation did not queue."""
    spam_retrain_queue(now=now)
