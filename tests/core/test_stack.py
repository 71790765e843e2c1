"""`manset stack` for real: PostgreSQL, Redis, two gunicorns, a worker and nginx on loopback.

Runs in the PostgreSQL pass of ./scripts/test (it needs the server from DATABASE_URL);
one stack serves every test here, in a database of its own that is dropped afterwards.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from manset.core.stack import Stack

pytestmark = pytest.mark.stack
MANSET = str(Path(sys.executable).parent / "manset")
PORT = 18480
PROXY = f"http://127.0.0.1:{PORT}"
S_MAXAGE = 4


def get(path: str, method: str = "GET", headers: dict | None = None):
    """(status, headers, body) through the proxy."""
    request = urllib.request.Request(PROXY + path, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL); runs in the PostgreSQL pass")
    import psycopg

    name = f"manset_stack_test_{os.getpid()}"
    server = urlsplit(url)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "MANSET_STACK_DIR": str(tmp_path_factory.mktemp("stack")),
        "MANSET_STACK_PORT": str(PORT),
        "MANSET_STACK_DATABASE_URL": urlunsplit(server._replace(path=f"/{name}")),
        # Pages expire from the proxy after 4 s, so stale-on-error can be seen.
        "MANSET_CACHE_S_MAXAGE": str(S_MAXAGE),
    }

    def manset(*args):
        return subprocess.run(  # noqa: S603
            [MANSET, *args], env=env, capture_output=True, text=True, timeout=300
        )

    started = manset("stack", "up")
    try:
        assert started.returncode == 0, started.stderr
        exports = manset("stack", "env").stdout
        for line in exports.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = value.strip("'")
        yield {"manset": manset, "up": started.stdout, "dir": Path(env["MANSET_STACK_DIR"])}
    finally:
        manset("stack", "down")
        admin = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_up_prints_the_urls_and_every_part_is_healthy(stack):
    assert f"{PROXY}/" in stack["up"]
    assert f"{PROXY}/admin/" in stack["up"]
    status = stack["manset"]("stack", "status")
    assert status.returncode == 0, status.stdout + status.stderr
    lines = status.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "postgresql", "redis", "app1", "app2", "worker", "proxy",
    ]  # fmt: skip
    assert all("çalışıyor" in line for line in lines)


def test_the_home_page_is_served_from_the_proxy_cache(stack):
    first = get("/")
    second = get("/")
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] in ("MISS", "EXPIRED", "HIT")
    assert second[1]["X-Cache-Status"] == "HIT"
    assert second[2] == first[2]


def test_the_admin_and_personal_requests_are_never_cached(stack):
    for _ in range(2):
        status, headers, _ = get("/admin/login/")
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"
    get("/")
    for cookie in ("sessionid=abc", "a=1; csrftoken=xyz"):
        status, headers, _ = get("/", headers={"Cookie": cookie})
        assert headers["X-Cache-Status"] == "BYPASS", cookie
    status, headers, _ = get("/yorum/", method="POST")
    assert headers.get("X-Cache-Status") in (None, "BYPASS")


def test_a_published_article_shows_on_its_desk_page_within_a_second(stack):
    get("/dunya/")
    assert get("/dunya/")[1]["X-Cache-Status"] == "HIT"
    published = stack["manset"](
        "shell",
        "-c",
        "from wagtail.models import Page\n"
        "from manset.newsroom.models import ArticlePage\n"
        "desk = Page.objects.get(url_path__endswith='/dunya/')\n"
        "model = ArticlePage.objects.live().child_of(desk).first()\n"
        "new = model.copy(to=desk, keep_live=False, update_attrs={'external_id': None,\n"
        "    'title': 'Ilgaz geçidi yeniden açıldı', 'slug': 'ilgaz-gecidi-acildi'})\n"
        "new.save_revision().publish()\n",
    )
    assert published.returncode == 0, published.stderr
    deadline = time.monotonic() + 1
    while "Ilgaz geçidi yeniden açıldı" not in get("/dunya/")[2]:
        assert time.monotonic() < deadline, "the desk page through the proxy is stale"
        time.sleep(0.05)
    assert get("/dunya/")[1]["X-Cache-Status"] == "HIT"  # cached again, fresh


def test_readers_waiting_for_a_page_being_rendered_get_it_within_a_fifth_of_a_second(stack):
    """One request renders a page the proxy lacks while the others wait (proxy_cache_lock);
    they look again after 200 ms, not nginx's 500 ms: after each publish the home page is
    purged, and its readers would all wait half a second."""
    get("/gundem/")  # the app servers keep it (their page cache): rendering it again is quick
    assert get("/gundem/", method="PURGE")[0] == 200
    readers = threading.Barrier(8)

    def read(_):
        readers.wait()
        started = time.monotonic()
        status, headers, _ = get("/gundem/")
        return status, headers["X-Cache-Status"], round(time.monotonic() - started, 3)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(read, range(8)))
    assert [status for status, _, _ in answers] == [200] * 8
    assert max(seconds for _, _, seconds in answers) < 0.45, answers


def test_purging_is_only_for_the_app_servers_own_purge_requests(stack):
    get("/")
    assert get("/")[1]["X-Cache-Status"] == "HIT"
    get("/_manset_purge/")  # the purge location is internal: a reader cannot reach it
    assert get("/")[1]["X-Cache-Status"] == "HIT"
    assert get("/", method="PURGE")[0] == 200  # loopback is allowed, as the app servers are
    assert get("/")[1]["X-Cache-Status"] == "MISS"


def test_static_files_come_from_the_proxy_itself(stack):
    status, headers, body = get("/static/frontend/site.css")
    assert status == 200
    assert headers["X-Served-By"] == "nginx"
    assert "immutable" in headers["Cache-Control"]
    assert body


def test_app_servers_down_expired_pages_are_served_stale_and_others_get_a_turkish_page(
    stack,
):
    fresh = get("/teknoloji/")
    assert f"s-maxage={S_MAXAGE}" in fresh[1]["Cache-Control"]
    time.sleep(S_MAXAGE + 1.5)  # expired (nginx counts whole seconds): only stale can serve it
    for n in (1, 2):
        os.kill(int((stack["dir"] / f"app{n}.pid").read_text()), signal.SIGTERM)
    for n in (1, 2):
        while listening(PORT + n):
            time.sleep(0.1)
    get("/", method="PURGE")  # nothing kept for the home page
    status, headers, body = get("/teknoloji/")
    assert (status, headers["X-Cache-Status"]) in ((200, "STALE"), (200, "UPDATING"))
    assert body == fresh[2]
    status, _, body = get("/")
    assert status == 502
    assert "Kısa bir ara verdik" in body
    started = stack["manset"]("stack", "up")  # starts again only what is missing
    assert started.returncode == 0, started.stderr
    assert get("/")[0] == 200


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def app_get(port: int, path: str, headers: dict | None = None):
    """(status, body) straight from one app server, past the proxy."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def searches_until_refused(address: str, most: int) -> int:
    """Searches from `address` (as the proxy would name it) at app server 1 until one is
    refused with 429; how many were answered first."""
    for answered in range(most + 1):
        status, _ = app_get(PORT + 1, "/arama/", {"X-Forwarded-For": address})
        if status == 429:
            return answered
        assert status == 200, status
    raise AssertionError(f"no search from {address} refused after {most}")


def redis_keys(pattern: str) -> list:
    import redis

    return redis.Redis(port=PORT + 9, socket_timeout=2).keys(pattern)


def test_redis_down_pages_serve_healthz_says_so_limits_hold_and_it_recovers_unrestarted(stack):
    from manset.search.views import SEARCHES_PER_MINUTE

    pid = int((stack["dir"] / "redis.pid").read_text())
    command = Stack(root=stack["dir"], port=PORT, database_url="").redis_command()
    app_pids = [int((stack["dir"] / f"app{n}.pid").read_text()) for n in (1, 2)]
    os.kill(pid, signal.SIGKILL)  # a crash: no goodbye to the clients
    while listening(PORT + 9):
        time.sleep(0.1)
    try:
        started = time.monotonic()
        for path in ("/", "/dunya/", "/teknoloji/"):  # uncached by the proxy, rendered anew
            status, headers, body = get(path, headers={"Cookie": "sessionid=okur"})
            assert (status, headers["X-Cache-Status"]) == (200, "BYPASS"), path
            assert "</html>" in body
        assert time.monotonic() - started < 6, "each page waited for Redis"
        for port in (PORT + 1, PORT + 2):  # each app server says so
            status, body = app_get(port, "/healthz")
            assert status == 503
            assert '"cache": {"ok": false' in body and '"database": {"ok": true' in body
        assert get("/healthz")[0] == 503
        # Limits count in each app server's memory: still held, at most once per its worker.
        workers = max(1, (os.cpu_count() or 2) // 2)
        answered = searches_until_refused("198.51.100.7", SEARCHES_PER_MINUTE * workers)
        assert SEARCHES_PER_MINUTE <= answered <= SEARCHES_PER_MINUTE * workers
    finally:
        subprocess.run(command, check=True)  # noqa: S603  (the same command line again)

    deadline = time.monotonic() + 15  # the breaker asks again after 5 s
    while get("/healthz")[0] != 200 or app_get(PORT + 1, "/healthz")[0] != 200:
        assert time.monotonic() < deadline, "/healthz did not recover"
        time.sleep(0.5)
    searches_until_refused("198.51.100.8", SEARCHES_PER_MINUTE * workers)
    assert redis_keys("*limits:search:*"), "limits count in Redis again"
    assert app_get(PORT + 2, "/spor/")[0] == 200  # the app's page cache keeps it in Redis again
    assert redis_keys("*pagecache:*/spor/*")
    # Nothing was restarted for it.
    assert [int((stack["dir"] / f"app{n}.pid").read_text()) for n in (1, 2)] == app_pids


def test_down_leaves_no_process(stack):
    pids = [int(p.read_text().split()[0]) for p in stack["dir"].glob("*.pid")]
    assert len(pids) == 5  # redis, two app servers, worker, nginx
    stopped = stack["manset"]("stack", "down")
    assert stopped.returncode == 0, stopped.stderr
    for pid in pids:  # gone, or a zombie nobody reaped yet (no cmdline)
        assert (
            not Path(f"/proc/{pid}/cmdline").exists()
            or not Path(f"/proc/{pid}/cmdline").read_bytes()
        )
    # gunicorn's and nginx's workers too: nothing listens, nothing names the stack
    assert not [port for port in (PORT, PORT + 1, PORT + 2, PORT + 9) if listening(port)]
    left = subprocess.run(  # noqa: S603
        ["pgrep", "-f", f"{stack['dir']}|127.0.0.1:{PORT // 10}"],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.split()
    assert not left
