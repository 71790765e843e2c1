"""`manset worker` publishes a scheduled article on the first run after its time, and goes on."""

import logging
import os
import signal
import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from manset.core import scheduler
from manset.newsroom.models import ArticlePage
from manset.newsroom.services import article_upsert

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")
T = datetime(2031, 3, 10, 9, 0, tzinfo=ISTANBUL)  # the go-live time, in the future


def tick_at(when: datetime) -> str:
    """One run of `manset worker --once` with the clock at `when`."""
    out = StringIO()
    with time_machine.travel(when, tick=False):
        call_command("worker", "--once", stdout=out)
    return out.getvalue()


def live(article: ArticlePage) -> bool:
    return ArticlePage.objects.get(pk=article.pk).live


@pytest.fixture
def scheduled(desks, make_record):
    """An article scheduled, an hour earlier, to go live at T."""
    with time_machine.travel(T - timedelta(hours=1), tick=False):
        return article_upsert(record=make_record(external_id="planli", published_at=T)).article


def embargoed_schedule(desk, *, go_live_at: datetime, embargo_until: datetime) -> ArticlePage:
    """A revision scheduled before its embargo, as only a way around the guard could make one."""
    with time_machine.travel(go_live_at - timedelta(hours=1), tick=False):
        article = ArticlePage(
            title="Ambargolu ve planlı",
            lead="Spot.",
            live=False,
            embargo_until=embargo_until,
            go_live_at=go_live_at,
        )
        desk.add_child(instance=article)
        revision = article.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=go_live_at)
    return article


def test_a_scheduled_article_is_not_live_a_second_before_its_time(scheduled):
    tick_at(T - timedelta(seconds=1))
    assert not live(scheduled)


def test_a_scheduled_article_goes_live_on_the_first_run_after_its_time(scheduled):
    tick_at(T - timedelta(seconds=1))
    output = tick_at(T + timedelta(seconds=30))
    assert live(scheduled)
    assert ArticlePage.objects.get(pk=scheduled.pk).first_published_at == T + timedelta(seconds=30)
    assert "publish_scheduled_job" in output and output.strip().endswith("once.")


def test_runs_are_30_seconds_apart_by_default_so_publication_is_within_a_minute():
    from manset.core.management.commands.worker import Command

    parser = Command().create_parser("manset", "worker")
    assert parser.parse_args([]).interval == 30.0


def test_an_embargoed_article_scheduled_before_its_embargo_stays_unpublished(
    desks, scheduled, caplog
):
    embargo = T + timedelta(hours=2)
    early = T - timedelta(minutes=1)  # first in publish_scheduled's queue
    article = embargoed_schedule(desks["gundem"], go_live_at=early, embargo_until=embargo)
    with caplog.at_level(logging.WARNING, logger="manset"):
        tick_at(T + timedelta(seconds=30))
    assert not live(article)
    assert live(scheduled), "the other scheduled article still went live in the same run"
    assert "Embargo holds" in caplog.text

    tick_at(embargo - timedelta(seconds=1))
    assert not live(article)
    tick_at(embargo + timedelta(seconds=30))
    assert live(article), "it goes live on the first run after the embargo"


def test_a_failing_job_is_logged_and_the_other_jobs_still_run(caplog):
    ran = []

    def broken_job(now):
        raise RuntimeError("the feed server answered 502")

    def next_job(now):
        ran.append(now)

    with caplog.at_level(logging.ERROR, logger="manset"):
        report = scheduler.scheduler_tick(jobs=[broken_job, next_job])
    assert report.failed == ("broken_job",) and report.ran == ("next_job",)
    assert len(ran) == 1
    assert "job broken_job failed at" in caplog.text and "502" in caplog.text


def test_worker_once_exits_with_an_error_when_a_job_failed(monkeypatch):
    def broken_job(now):
        raise RuntimeError("boom")

    monkeypatch.setattr(scheduler, "JOBS", [broken_job])
    with pytest.raises(CommandError, match="broken_job failed"):
        call_command("worker", "--once", stdout=StringIO())


def test_the_loop_goes_on_after_a_failing_run():
    calls = []

    def flaky_job(now):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("first run fails")

    stop = threading.Event()

    def stop_after_two(report):
        if len(calls) == 2:
            stop.set()

    ticks = scheduler.scheduler_run(
        interval=0.01, stop=stop, jobs=[flaky_job], on_tick=stop_after_two
    )
    assert ticks == 2


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_lets_the_current_run_finish_then_the_worker_exits(monkeypatch, signum):
    finished = []

    def job_interrupted_by_a_signal(now):
        os.kill(os.getpid(), signum)
        finished.append(now)  # still runs: the signal only asks the loop to stop

    monkeypatch.setattr(scheduler, "JOBS", [job_interrupted_by_a_signal])
    before = signal.getsignal(signum)
    out = StringIO()
    call_command("worker", "--interval", "3600", stdout=out)
    assert len(finished) == 1
    assert "stopped after 1 runs" in out.getvalue()
    assert signal.getsignal(signum) is before


def test_a_second_stop_signal_stops_the_worker_at_once(monkeypatch):
    finished = []

    def job(now):
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)
        finished.append(now)

    monkeypatch.setattr(scheduler, "JOBS", [job])
    with pytest.raises(SystemExit) as exit_info:
        call_command("worker", stdout=StringIO())
    assert exit_info.value.code == 128 + signal.SIGTERM and finished == []
