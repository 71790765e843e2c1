"""Purges reach every caching proxy of MANSET_PURGE_URL. A proxy that does not take them
holds up no other proxy's purges; in production its purges are tried again with back-off,
as a task of its own, and fail for good where the failed tasks are listed.

The proxies here are real HTTP servers on loopback; tests/core/test_cluster.py purges
real nginx proxies.
"""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.core import taskqueue
from manset.frontend import proxies
from manset.frontend.tasks import PURGE_ATTEMPTS
from tests.servers import serving

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOBODY = "http://127.0.0.1:1"  # nothing listens there: refused at once


def backends(*locations: str) -> dict:
    return {
        f"proxy{n}": {"BACKEND": "manset.frontend.purge.ProxyBackend", "LOCATION": location}
        for n, location in enumerate(locations, start=1)
    }


@pytest.fixture
def make_proxy():
    """Starts proxies that take PURGE requests; `proxy.status` is what they answer,
    `proxy.close_every` closes the kept-alive connection after that many requests."""
    started = []

    def make():
        state = SimpleNamespace(purges=[], connections=set(), status=200, close_every=0)
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_PURGE(self):  # noqa: N802  (the method's name)
                with lock:
                    state.purges.append((self.headers["Host"], self.path))
                    state.connections.add(self.client_address)
                    served = len(state.purges)
                self.send_response(state.status)
                self.send_header("Content-Length", "0")
                if state.close_every and served % state.close_every == 0:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()

            def log_message(self, *args):
                pass

        context = serving(Handler)
        state.url = context.__enter__()
        started.append(context)
        return state

    yield make
    for context in started:
        context.__exit__(None, None, None)


def run_until_idle() -> list[DBTaskResult]:
    """What the workers would run now (and what those tasks queue), in this process."""
    worker = taskqueue.queue_worker(worker_id="test")
    ran = []
    while ready := list(DBTaskResult.objects.ready()):
        for row in ready:
            worker.run_task(row)
            ran.append(DBTaskResult.objects.get(pk=row.pk))
    return ran


def purged_paths(proxy) -> set[str]:
    return {path for _host, path in proxy.purges}


def test_every_proxy_listed_gets_every_purge_of_a_publish(article, make_proxy):
    first, second = make_proxy(), make_proxy()
    with override_settings(WAGTAILFRONTENDCACHE=backends(first.url, second.url)):
        article.save_revision().publish()
    host = article.get_site().root_url.removeprefix("http://")
    for proxy in (first, second):
        assert {article.url, "/", "/dunya/", "/etiket/kuzey-kore/", "/rss/"} <= purged_paths(proxy)
        assert {h for h, _ in proxy.purges} == {host}, "the readers' host, not the proxy's"
    assert sorted(first.purges) == sorted(second.purges)


def test_a_proxy_that_does_not_answer_holds_up_no_other_proxys_purges(article, make_proxy):
    """Listed first and refusing connections, it fails its own task; the publish goes
    through and the proxy after it is purged all the same."""
    alive = make_proxy()
    with override_settings(WAGTAILFRONTENDCACHE=backends(NOBODY, alive.url)):
        revision = article.save_revision()
        revision.publish()
    article.refresh_from_db()
    assert article.live and article.live_revision_id == revision.id
    assert {article.url, "/", "/dunya/"} <= purged_paths(alive)


def test_a_batch_goes_to_a_proxy_over_one_kept_alive_connection(make_proxy):
    proxy = make_proxy()
    urls = [f"http://haber.example/dunya/?sayfa={n}" for n in range(1, 201)]
    assert proxies.proxy_purge(location=proxy.url, urls=urls) == 200
    assert [path for _, path in proxy.purges] == [
        u.removeprefix("http://haber.example") for u in urls
    ]
    assert len(proxy.connections) == 1


def test_a_proxy_that_closes_the_kept_alive_connection_is_connected_to_again(make_proxy):
    proxy = make_proxy()
    proxy.close_every = 7  # as nginx does after keepalive_requests
    urls = [f"http://haber.example/etiket/secim/?sayfa={n}" for n in range(1, 31)]
    assert proxies.proxy_purge(location=proxy.url, urls=urls) == 30
    assert len(proxy.purges) == 30 and len(proxy.connections) == 5


def test_a_proxy_refusing_the_purge_fails_it_saying_what_to_check(make_proxy):
    proxy = make_proxy()
    proxy.status = 403  # an app server missing from the proxy's `allow` lines
    urls = ["http://haber.example/", "http://haber.example/dunya/"]
    with pytest.raises(proxies.ProxyPurgeFailed) as failed:
        proxies.proxy_purge(location=proxy.url, urls=urls)
    assert failed.value.remaining == urls and failed.value.purged == 0
    message = str(failed.value)
    assert proxy.url in message and "answered 403" in message and "allow" in message


def test_in_production_a_proxy_that_was_down_gets_the_purges_it_missed_30_seconds_later(
    article, make_proxy
):
    alive, late = make_proxy(), make_proxy()
    late_url = late.url
    late.status = 503  # restarting
    with override_settings(
        TASKS=DATABASE_QUEUE, WAGTAILFRONTENDCACHE=backends(late_url, alive.url)
    ):
        article.save_revision().publish()
        started = timezone.now()
        run_until_idle()
        assert {article.url, "/", "/dunya/"} <= purged_paths(alive)
        retries = list(DBTaskResult.objects.filter(status=TaskResultStatus.READY))
        # Wagtail's own batch (the article) and ours (its lists), for the late proxy only.
        assert len(retries) == 2
        for retry in retries:
            kwargs = retry.args_kwargs["kwargs"]
            assert kwargs["location"] == late_url and kwargs["attempt"] == 2
            assert timedelta(seconds=29) < retry.run_after - started < timedelta(seconds=31)
        assert run_until_idle() == [], "not before its time"

        late.status = 200
        late.purges.clear()
        with time_machine.travel(started + timedelta(seconds=31)):
            second = run_until_idle()
    assert [row.status for row in second] == [TaskResultStatus.SUCCESSFUL] * 2
    assert {article.url, "/", "/dunya/"} <= purged_paths(late)
    assert sorted(late.purges) == sorted(alive.purges)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_a_proxy_down_at_every_try_fails_for_good_and_is_listed_as_a_failed_task(
    article, make_proxy, client
):
    alive = make_proxy()
    with override_settings(TASKS=DATABASE_QUEUE, WAGTAILFRONTENDCACHE=backends(NOBODY, alive.url)):
        article.save_revision().publish()
        now = timezone.now()
        for delay in (0, 31, 2 * 60 + 31, 8 * 60 + 31, 32 * 60 + 31):
            now += timedelta(seconds=delay)
            with time_machine.travel(now):
                run_until_idle()
    tries = DBTaskResult.objects.filter(
        task_path="manset.frontend.tasks.proxy_purge_task",
        args_kwargs__kwargs__location=NOBODY,
    ).order_by("enqueued_at")
    # Wagtail's own batch (the article) and ours (its lists): each tried PURGE_ATTEMPTS times.
    assert tries.count() == 2 * PURGE_ATTEMPTS
    statuses = [row.status for row in tries]
    assert statuses.count(TaskResultStatus.FAILED) == 2
    assert statuses.count(TaskResultStatus.SUCCESSFUL) == 2 * (PURGE_ATTEMPTS - 1)
    last = tries.filter(status=TaskResultStatus.FAILED).first()
    assert last.args_kwargs["kwargs"]["attempt"] == PURGE_ATTEMPTS
    assert last.exception_class_path == "manset.frontend.proxies.ProxyPurgeFailed"
    assert f"the caching proxy {NOBODY} did not take the purge" in last.traceback
    assert not DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, args_kwargs__kwargs__location=alive.url
    ).exists()

    client.force_login(User.objects.create_superuser("sef", "sef@example.com", "parola-123"))
    with override_settings(TASKS=DATABASE_QUEUE):
        html = client.get("/admin/gorevler/basarisiz/").content.decode()
    assert "proxy_purge_task" in html and "ProxyPurgeFailed" in html
    assert "2 başarısız görev" in html
