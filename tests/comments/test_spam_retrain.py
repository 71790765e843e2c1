"""Retraining the spam model is a task: queued once when moderators' decisions make it due
(by the moderation or the worker's job), retried with back-off, never two at once."""

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.comments import services, spam_store
from manset.comments.models import Comment, SpamModelState
from manset.comments.spam_store import RETRAIN_AFTER_DECISIONS
from manset.comments.tasks import (
    SPAM_RETRAIN_ATTEMPTS,
    spam_model_retrain_job,
    spam_model_retrain_task,
    spam_retrain_queue,
)
from manset.core import scheduler
from manset.core.db import advisory_lock
from tests import queue
from tests.queue import run_ready_tasks

database_queue = queue.database_queue  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def trained(article):
    """A stored model, trained before the decisions a test makes."""
    state = spam_store.spam_model_train()
    SpamModelState.objects.filter(pk=state.pk).update(
        trained_at=timezone.now() - timedelta(minutes=5)
    )
    return state


@pytest.fixture
def held(article, make_comment):
    """make(n): n comments awaiting a moderator."""

    def make(n: int) -> list[Comment]:
        return [
            make_comment(
                article,
                email=f"okur{i}@example.com",
                text=f"Deneme bonusu {i}",
                status=Comment.Status.PENDING,
            )
            for i in range(n)
        ]

    return make


def retrain_rows():
    return DBTaskResult.objects.filter(task_path=spam_model_retrain_task.module_path)


def decide(comments, capture) -> None:
    """Each decision in its own request, its on-commit work run as the commit would."""
    for comment in comments:
        with capture(execute=True):
            services.comment_moderate(comment=comment, action="spam")


def test_the_decision_that_reaches_the_threshold_queues_one_retraining_and_later_ones_none(
    trained, held, django_capture_on_commit_callbacks
):
    comments = held(RETRAIN_AFTER_DECISIONS + 5)
    decide(comments[: RETRAIN_AFTER_DECISIONS - 1], django_capture_on_commit_callbacks)
    assert not retrain_rows().exists()
    decide(comments[RETRAIN_AFTER_DECISIONS - 1 :], django_capture_on_commit_callbacks)
    [row] = retrain_rows()
    assert row.status == TaskResultStatus.READY
    assert SpamModelState.objects.count() == 1, "retrained by the worker, not the moderator"


def test_the_worker_job_queues_the_retraining_once_while_it_waits(trained, held):
    for comment in held(RETRAIN_AFTER_DECISIONS):
        services.comment_moderate(comment=comment, action="spam")  # on-commit work not run
    now = timezone.now()
    spam_model_retrain_job(now)
    spam_model_retrain_job(now + timedelta(seconds=30))
    assert retrain_rows().count() == 1


def test_the_worker_job_queues_nothing_when_too_few_decisions_came_in(trained, held):
    for comment in held(3):
        services.comment_moderate(comment=comment, action="spam")
    spam_model_retrain_job(timezone.now())
    assert not retrain_rows().exists()
    spam_model_retrain_job(timezone.now() + timedelta(days=1, minutes=1))
    assert retrain_rows().count() == 1, "a day on, a few decisions are enough"


def test_the_task_retrains_and_a_second_one_queued_meanwhile_does_nothing(trained, held):
    for comment in held(RETRAIN_AFTER_DECISIONS):
        services.comment_moderate(comment=comment, action="spam")
    spam_model_retrain_task.enqueue()
    spam_model_retrain_task.enqueue()
    first, second = run_ready_tasks(spam_model_retrain_task)
    assert first.return_value["trained"] and first.return_value["examples"] > 600
    assert second.return_value == {"trained": False}
    assert SpamModelState.objects.count() == 2


def test_a_failed_retraining_is_tried_again_30_seconds_later(trained, held, monkeypatch):
    for comment in held(RETRAIN_AFTER_DECISIONS):
        services.comment_moderate(comment=comment, action="spam")
    real, calls = spam_store.spam_model_train, []

    def train_once_failing():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("could not serialize access due to concurrent update")
        return real()

    monkeypatch.setattr(spam_store, "spam_model_train", train_once_failing)
    spam_model_retrain_task.enqueue()
    started = timezone.now()
    [first] = run_ready_tasks(spam_model_retrain_task)
    assert first.status == TaskResultStatus.SUCCESSFUL and "retry_at" in first.return_value
    [retry] = retrain_rows().filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert timedelta(seconds=29) < retry.run_after - started < timedelta(seconds=31)
    with time_machine.travel(started + timedelta(seconds=31)):
        [second] = run_ready_tasks(spam_model_retrain_task)
    assert second.return_value["trained"] is True
    assert SpamModelState.objects.count() == 2


def test_a_retraining_failing_every_time_fails_for_good_with_its_error(monkeypatch):
    def broken():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(spam_store, "spam_model_train", broken)
    spam_model_retrain_task.enqueue()  # due: there is no model yet
    now = timezone.now()
    for delay in (0, 31, 2 * 60 + 31, 8 * 60 + 31):
        now += timedelta(seconds=delay)
        with time_machine.travel(now):
            run_ready_tasks(spam_model_retrain_task)
    rows = list(retrain_rows().order_by("enqueued_at"))
    assert len(rows) == SPAM_RETRAIN_ATTEMPTS == 3
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 2 + [
        TaskResultStatus.FAILED
    ]
    assert rows[-1].exception_class_path == "django.db.utils.OperationalError"
    assert "server closed the connection unexpectedly" in rows[-1].traceback


@contextmanager
def held_by_another_worker(name: str):
    """The advisory lock `name`, taken on another connection (another worker's) and held
    until the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        try:
            with advisory_lock(name) as held:
                assert held
                taken.set()
                release.wait(30)
        finally:
            connections.close_all()  # this thread's own connection

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(30)
    try:
        yield
    finally:
        release.set()
        holder.join()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's advisory lock; SQLite has one writer and, there, one worker",
)
def test_a_worker_does_not_retrain_while_another_is_retraining(trained, held):
    for comment in held(RETRAIN_AFTER_DECISIONS):
        services.comment_moderate(comment=comment, action="spam")
    with held_by_another_worker("manset.comments.spam_model_retrain"):
        assert spam_store.spam_model_retrain(now=timezone.now()) is None
        assert SpamModelState.objects.count() == 1
    assert spam_store.spam_model_retrain(now=timezone.now()) is not None, "free again"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's advisory lock")
def test_two_workers_deciding_at_once_queue_one_retraining(trained, held):
    for comment in held(RETRAIN_AFTER_DECISIONS):
        services.comment_moderate(comment=comment, action="spam")
    with held_by_another_worker("manset.comments.spam_retrain_queue"):
        assert not spam_retrain_queue(now=timezone.now()), "the other one is queueing"
    assert not retrain_rows().exists()
    assert spam_retrain_queue(now=timezone.now())
    assert retrain_rows().count() == 1


def test_the_worker_runs_the_retraining_job():
    assert spam_model_retrain_job in scheduler.JOBS
