"""Several machines' shape on loopback: two app servers and two workers as separate
processes on one PostgreSQL database and one Redis, behind two nginx proxies
(`manset stack` with MANSET_STACK_WORKERS=2 and MANSET_STACK_PROXIES=2).

Editors publish, edit, unpublish and approve comments in the admin over real HTTP, straight
to one app server or the other; readers read through the proxies. Each change shows
through both proxies within a second, every queued task runs exactly once, a proxy that
was down gets the purges it missed, and the security headers and the login throttle hold
through the proxy. Runs in the PostgreSQL pass of ./scripts/test.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.stack
MANSET = str(Path(sys.executable).parent / "manset")
PORT = 18580  # the proxies on 18580 and 18583, app servers on 18581-2, Redis on 18589
PROXIES = (f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 3}")
APPS = (f"http://127.0.0.1:{PORT + 1}", f"http://127.0.0.1:{PORT + 2}")
EDITOR = ("kume-yonetici", "kume-parola-2024")
CARD_LINK = re.compile(r'<h3>(?:<span class="flash">Son Dakika</span> )?<a href="([^"]+)">')
PAGE_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
FILE_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
)

# Made by the fixture in the stack's database, in one `manset shell` run (JSON out).
SETUP = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page
from manset.comments.models import Comment
from manset.newsroom.models import ArticlePage

get_user_model().objects.create_superuser("%(user)s", "kume@example.com", "%(password)s")
desk = Page.objects.get(url_path__endswith="/dunya/")
model = ArticlePage.objects.live().child_of(desk).first()

def copy(slug, title, live):
    return model.copy(to=desk, keep_live=live, update_attrs={
        "external_id": None, "slug": slug, "title": title})

for n in range(20):  # page 2 of the desk
    copy(f"kume-dolgu-{n}", f"Kume dolgu haberi {n}", True)
drafts = [copy(f"kume-taslak-{n}", f"Kume taslak haberi {n}", False) for n in range(3)]
for draft in drafts:  # as the admin saves a draft: never published, so it will top the desk
    draft.save_revision()
edited = copy("kume-duzeltilecek", "Kume eski baslik", True)
edited.title = "Kume yeni baslik"
edited.save_revision()  # a draft revision: the admin publishes it
gone = copy("kume-kalkacak", "Kume yayindan kalkacak haber", True)
comment = Comment.objects.filter(status=Comment.Status.PENDING).select_related("article").first()
print(json.dumps({
    "drafts": [{"id": d.id, "title": d.title} for d in drafts],
    "edited": {"id": edited.id, "url": edited.url},
    "gone": {"id": gone.id, "url": gone.url},
    "comment": {"id": comment.id, "text": comment.text, "url": comment.article.url},
}))
"""


class Browser:
    """An HTTP client with its own cookies, connecting from `source` (any of 127/8)."""

    def __init__(self, base: str, source: str = "127.0.0.1"):
        self.base = urlsplit(base)
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data=None, headers=None):
        """(status, headers, body) of one request on a new connection."""
        connection = http.client.HTTPConnection(
            self.base.hostname, self.base.port, timeout=15, source_address=(self.source, 0)
        )
        sent = {"Host": self.base.netloc, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, response.headers, text

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, form_path: str, data: dict, action: str | None = None, **headers):
        """Opens `form_path` for its CSRF token, then posts `data` to `action` (or to it)."""
        _, _, page = self.get(form_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            "POST", action or form_path, {"csrfmiddlewaretoken": token, **data}, headers
        )

    def login(self, username: str, password: str):
        return self.post_form("/admin/login/", {"username": username, "password": password})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL); runs in the PostgreSQL pass")
    import psycopg

    name = f"manset_cluster_test_{os.getpid()}"
    server = urlsplit(url)
    database = urlunsplit(server._replace(path=f"/{name}"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "MANSET_STACK_DIR": str(tmp_path_factory.mktemp("cluster")),
        "MANSET_STACK_PORT": str(PORT),
        "MANSET_STACK_DATABASE_URL": database,
        "MANSET_STACK_WORKERS": "2",
        "MANSET_STACK_PROXIES": "2",
    }

    def manset(*args):
        return subprocess.run(  # noqa: S603
            [MANSET, *args], env=env, capture_output=True, text=True, timeout=600
        )

    started = manset("stack", "up")
    try:
        assert started.returncode == 0, started.stderr
        for line in manset("stack", "env").stdout.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = value.strip("'")
        made = manset("shell", "-c", SETUP % {"user": EDITOR[0], "password": EDITOR[1]})
        assert made.returncode == 0, made.stderr
        with psycopg.connect(database, autocommit=True) as db:
            state = SimpleNamespace(
                manset=manset,
                db=db,
                dir=Path(env["MANSET_STACK_DIR"]),
                **json.loads(made.stdout.strip().splitlines()[-1]),
            )
            wait_for_idle_queue(db)
            yield state
    finally:
        manset("stack", "down")
        admin = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for_idle_queue(db, seconds: float = 120) -> None:
    """Until no task is running or due (a retry waiting for its time does not count)."""
    deadline = time.monotonic() + seconds
    while db.execute(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        " OR (status = 'READY' AND (run_after <= now() OR run_after > now() + '100 years'))"
    ).fetchone()[0]:
        assert time.monotonic() < deadline, "the workers did not empty the queue"
        time.sleep(0.1)


def editor(app: str) -> Browser:
    browser = Browser(app)
    status, headers, _ = browser.login(*EDITOR)
    assert (status, headers["Location"]) == (302, "/admin/"), "the editor could not log in"
    return browser


def cached(path: str) -> None:
    """`path` kept by both proxies (a HIT)."""
    for proxy in PROXIES:
        Browser(proxy).get(path)
        status = Browser(proxy).get(path)[1]["X-Cache-Status"]
        assert status == "HIT", (proxy, path, status)


def within_a_second(check, what: str, db, since: float | None = None) -> float:
    """Seconds from `since` (the change's answer) until `check()` holds through both
    proxies; fails past one second, with the last tasks' timings."""
    started = since or time.monotonic()
    while not all(check(Browser(proxy)) for proxy in PROXIES):
        waited = time.monotonic() - started
        assert waited < 1, f"{what}: not through both proxies after {waited:.2f} s\n" + (
            recent_tasks(db)
        )
        time.sleep(0.02)
    return time.monotonic() - started


def recent_tasks(db) -> str:
    rows = db.execute(
        "SELECT task_path, priority, worker_ids, enqueued_at, started_at, finished_at"
        " FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at DESC LIMIT 12"
    ).fetchall()
    now = db.execute("SELECT now()").fetchone()[0]

    def ago(moment):
        return f"{(now - moment).total_seconds():6.3f}" if moment else "   -  "

    return "\n".join(
        f"{path.rsplit('.', 1)[-1]:<32} p{priority:<3} {workers} queued -{ago(queued)} s,"
        f" started -{ago(began)} s, done -{ago(done)} s"
        for path, priority, workers, queued, began, done in rows
    )


def cards(browser: Browser, path: str) -> list[str]:
    return CARD_LINK.findall(browser.get(path)[2])


def publish(app: Browser, page_id: int) -> float:
    """Publishes the page's latest revision in the admin; when the answer came."""
    path = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    status, _, _ = app.post_form(path, {})
    assert status == 302, "the admin did not publish"
    return time.monotonic()


def test_up_runs_two_app_servers_two_workers_and_two_proxies(cluster):
    status = cluster.manset("stack", "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert [line.split()[0] for line in status.stdout.splitlines()] == [
        "postgresql", "redis", "app1", "app2", "worker", "worker2", "proxy", "proxy2",
    ]  # fmt: skip


@pytest.mark.parametrize("number", [0, 1])
def test_a_publish_through_either_app_server_shows_through_both_proxies_within_a_second(
    cluster, number
):
    """The new article tops the desk page, and the last of page 1 moves to page 2."""
    draft = cluster.drafts[number]
    cached("/dunya/")
    cached("/dunya/?sayfa=2")
    last_on_page_one = cards(Browser(PROXIES[0]), "/dunya/")[-1]
    published = publish(editor(APPS[number]), draft["id"])
    within_a_second(
        lambda b: draft["title"] in b.get("/dunya/")[2], "the desk page", cluster.db, published
    )
    within_a_second(
        lambda b: cards(b, "/dunya/?sayfa=2")[0] == last_on_page_one,
        "page 2 of the desk",
        cluster.db,
        since=published,
    )


def test_an_edit_shows_on_the_article_and_its_desk_through_both_proxies(cluster):
    url = cluster.edited["url"]
    cached(url)
    cached("/dunya/")
    assert "Kume eski baslik" in Browser(PROXIES[1]).get(url)[2]
    published = publish(editor(APPS[1]), cluster.edited["id"])  # its new revision
    for path in (url, "/dunya/"):
        within_a_second(
            lambda b, p=path: "Kume yeni baslik" in b.get(p)[2], path, cluster.db, published
        )


def test_an_unpublished_article_is_gone_from_both_proxies_within_a_second(cluster):
    url = cluster.gone["url"]
    cached(url)
    cached("/dunya/")
    app = editor(APPS[0])
    path = f"/admin/pages/{cluster.gone['id']}/unpublish/"
    assert app.post_form(path, {})[0] == 302
    unpublished = time.monotonic()
    within_a_second(lambda b: b.get(url)[0] == 404, "the article's page", cluster.db, unpublished)
    within_a_second(
        lambda b: url not in cards(b, "/dunya/"), "the desk page", cluster.db, unpublished
    )


def test_a_comment_approved_in_the_admin_shows_on_the_article_through_both_proxies(cluster):
    url, text = cluster.comment["url"], cluster.comment["text"]
    cached(url)
    assert text not in Browser(PROXIES[0]).get(url)[2]
    app = editor(APPS[1])
    data = {"row": f"approve:{cluster.comment['id']}"}
    assert app.post_form("/admin/yorumlar/", data, action="/admin/yorumlar/islem/")[0] == 302
    within_a_second(lambda b: text in b.get(url)[2], "the approved comment", cluster.db)


def test_every_task_ran_exactly_once_and_both_workers_ran_some(cluster):
    wait_for_idle_queue(cluster.db)
    rows = cluster.db.execute(
        "SELECT task_path, status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult"
    ).fetchall()
    assert {status for _, status, _, _ in rows} == {"SUCCESSFUL"}
    assert all(len(workers) == 1 for _, _, workers, _ in rows), "a task claimed twice"
    assert {workers[0] for _, _, workers, _ in rows} == {"worker", "worker2"}
    purged_at = {
        args["kwargs"]["location"]
        for path, _, _, args in rows
        if path == "manset.frontend.tasks.proxy_purge_task"
    }
    assert purged_at == set(PROXIES)


def test_a_proxy_that_was_down_gets_the_purges_it_missed_when_they_are_retried(cluster):
    """Stopped, then started again on its disk cache, the second proxy serves the old desk
    page until the retried purge (due 30 s later; brought forward here) reaches it; the
    first proxy's purges never waited for it."""
    draft = cluster.drafts[2]
    cached("/dunya/")
    second = cluster.dir / "proxy2"
    os.kill(int((second / "nginx.pid").read_text()), signal.SIGTERM)
    while listening(PORT + 3):
        time.sleep(0.05)
    try:
        published = publish(editor(APPS[0]), draft["id"])
        while draft["title"] not in Browser(PROXIES[0]).get("/dunya/")[2]:
            assert time.monotonic() - published < 1, "the running proxy waited for the other"
            time.sleep(0.02)
        wait_for_idle_queue(cluster.db)
        retries = cluster.db.execute(
            "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ).fetchall()
        assert retries
        for (args,) in retries:
            assert (args["kwargs"]["location"], args["kwargs"]["attempt"]) == (PROXIES[1], 2)
    finally:
        subprocess.run(  # noqa: S603
            ["nginx", "-p", str(second), "-c", str(second / "nginx.conf")],  # noqa: S607
            check=True,
        )
    status, headers, body = Browser(PROXIES[1]).get("/dunya/")
    assert (status, headers["X-Cache-Status"]) == (200, "HIT") and draft["title"] not in body
    cluster.db.execute(
        "UPDATE django_tasks_database_dbtaskresult SET run_after = now() WHERE status = 'READY'"
    )
    brought_forward = time.monotonic()
    while draft["title"] not in Browser(PROXIES[1]).get("/dunya/")[2]:
        assert time.monotonic() - brought_forward < 1, "the retried purge did not arrive"
        time.sleep(0.02)
    wait_for_idle_queue(cluster.db)
    assert cluster.db.execute(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status <> 'SUCCESSFUL'"
    ).fetchone() == (0,)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


# --- through the proxy: headers, the login throttle, the cache's keys -------------------


def assert_each_once(headers, names) -> None:
    for name in names:
        assert len(headers.get_all(name) or []) == 1, f"{name}: {headers.get_all(name)}"


def parts(header: str) -> set[str]:
    """A policy's directives; each app process writes them in its own order."""
    return {part.strip() for part in header.split(";")}


def test_security_headers_arrive_once_each_on_pages_admin_and_files(cluster):
    """Pages (a MISS, then the HIT nginx kept), an article and the admin carry the app's
    headers, neither dropped nor doubled; the files nginx serves itself carry its own."""
    home = Browser(PROXIES[0]).get("/")[2]
    media = re.search(r'src="(/media/[^"]+)"', home).group(1)
    seen = []
    for path in ("/ekonomi/", "/ekonomi/", cluster.edited["url"], "/admin/login/"):
        status, headers, _ = Browser(PROXIES[0]).get(path)
        assert status == 200, path
        seen.append(headers["X-Cache-Status"])
        assert_each_once(headers, PAGE_HEADERS)
        _, direct, _ = Browser(APPS[0]).get(path)
        for name in PAGE_HEADERS:  # as the app sent them, cached or not
            assert parts(headers[name]) == parts(direct[name]), (path, name)
    assert seen[1] == "HIT" and seen[3] == "BYPASS"
    for path in ("/static/frontend/site.css", media):
        status, headers, _ = Browser(PROXIES[0]).get(path)
        assert (status, headers["X-Served-By"]) == (200, "nginx"), path
        assert_each_once(headers, FILE_HEADERS)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_the_login_throttle_counts_the_readers_address_that_nginx_saw(cluster):
    """Ten failures from 127.0.0.2 (other accounts each time) lock that address out, a
    forged X-Forwarded-For does not get it out, and 127.0.0.3 is not locked."""
    attacker = Browser(PROXIES[0], source="127.0.0.2")
    for n in range(10):
        status, _, _ = attacker.login(f"kimse-{n}", "yanlis-parola")
    assert status == 429
    status, _, body = attacker.login("kimse-99", "yanlis-parola")
    assert status == 429 and "Çok fazla başarısız giriş denemesi" in body
    forged = attacker.post_form(
        "/admin/login/",
        {"username": "kimse-98", "password": "yanlis-parola"},
        **{"X-Forwarded-For": "203.0.113.9"},
    )
    assert forged[0] == 429
    neighbour = Browser(PROXIES[0], source="127.0.0.3")
    status, _, body = neighbour.login("kimse-99", "yanlis-parola")
    assert status == 200 and "Çok fazla" not in body
    status, headers, _ = Browser(PROXIES[0], source="127.0.0.3").login(*EDITOR)
    assert (status, headers["Location"]) == (302, "/admin/")


def test_only_the_app_servers_address_may_purge(cluster):
    cached("/kultur-sanat/")
    reader = Browser(PROXIES[0], source="127.0.0.2")
    assert reader.request("PURGE", "/kultur-sanat/")[0] == 403
    assert Browser(PROXIES[0]).get("/kultur-sanat/")[1]["X-Cache-Status"] == "HIT"


def test_readers_query_strings_share_the_purged_page_or_bypass_the_cache(cluster):
    """Tracking parameters share the page's one copy (the one a publish purges); a query
    the app reads differently from nginx's key never stores or is served a shared copy."""
    proxy = Browser(PROXIES[0])
    cached("/spor/")
    _, headers, page_one = proxy.get("/spor/?utm_source=x&fbclid=abc")
    assert headers["X-Cache-Status"] == "HIT"
    for odd in ("/spor/?%73ayfa=2", "/spor/?sayfa=2&sayfa=1", "/spor/?sayfa=01"):
        assert proxy.get(odd)[1]["X-Cache-Status"] == "BYPASS", odd
    assert proxy.get(cluster.edited["url"] + "?yorum=1")[1]["X-Cache-Status"] == "BYPASS"
    _, headers, body = proxy.get("/spor/")
    assert headers["X-Cache-Status"] == "HIT" and body == page_one


def test_an_odd_spelling_of_the_host_is_never_kept_under_the_readers_key(cluster):
    """An article names the host as the request spelled it (canonical link, og:url) when
    the app renders it; another port or capitals would put those links in everyone's copy,
    so such requests are passed on and not kept (the app's own page cache may answer)."""
    url = cluster.edited["url"]
    assert Browser(PROXIES[0]).request("PURGE", url)[0] == 200
    for host in ("127.0.0.1:6666", "LOCALHOST"):
        status, headers, _ = Browser(PROXIES[0]).get(url, Host=host)
        assert (status, headers["X-Cache-Status"]) == (200, "BYPASS"), host
    status, headers, body = Browser(PROXIES[0]).get(url)
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    assert "127.0.0.1:6666" not in body and "LOCALHOST" not in body
