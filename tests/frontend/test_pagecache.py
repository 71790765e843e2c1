"""The app's page cache serves public pages without queries and forgets them on publish."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from manset.newsroom.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(MANSET_PAGE_CACHE=True):
        yield


def test_a_second_request_is_served_from_the_cache_without_queries(client, article):
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert second["Content-Type"].startswith("text/html")


def test_publishing_an_edit_shows_at_once(client, article):
    client.get("/")
    client.get(article.url)
    page = ArticlePage.objects.get(id=article.id)
    page.title = "Düzeltilmiş başlık"
    page.save_revision().publish()
    fresh = client.get(article.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Düzeltilmiş başlık" in fresh.content.decode()
    assert "Düzeltilmiş başlık" in client.get("/").content.decode()


def test_unpublishing_removes_the_page_at_once(client, article):
    client.get(article.url)
    ArticlePage.objects.get(id=article.id).unpublish()
    assert client.get(article.url).status_code == 404


def test_editors_with_a_session_are_never_served_cached_pages(client, article, django_user_model):
    client.get(article.url)
    django_user_model.objects.create_user("ed", password="parola-123")
    client.login(username="ed", password="parola-123")
    assert "X-Page-Cache" not in client.get(article.url)


def test_errors_and_query_variants_are_not_mixed_up(client, article):
    assert client.get("/yok/").status_code == 404
    assert "X-Page-Cache" not in client.get("/yok/")
    client.get("/dunya/")
    assert client.get("/dunya/?sayfa=1")["X-Page-Cache"] == "miss"
    response = client.get("/dunya/?sayfa=2")  # one article, one page: no copy of page 1
    assert response.status_code == 404 and "X-Page-Cache" not in response


def test_making_a_page_private_drops_its_public_copy(client, article, desks):
    from wagtail.models import PageViewRestriction

    client.get(article.url)
    PageViewRestriction.objects.create(
        page=desks["dunya"], restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    response = client.get(article.url)
    assert response.get("X-Page-Cache") != "hit"
    assert "Kuzey Kore’de" not in response.content.decode()


def test_changing_the_comment_rules_shows_at_once(client, article):
    from manset.comments.config import CommentSettings

    client.get(article.url)
    config = CommentSettings.load()
    config.require_consent = True
    config.save()
    assert config.consent_text in client.get(article.url).content.decode()


# --- one key whatever the host's spelling (issue 12, item 4) ---------------------------


def test_an_article_asked_for_with_a_port_is_forgotten_when_its_commenter_is_erased(
    client, article, make_comment
):
    from manset.comments.services import reader_erase

    make_comment(article, name="Zeynep Erdem", email="zeynep@example.com")
    dev_server = {"HTTP_HOST": "testserver:8000", "SERVER_PORT": "8000"}
    assert client.get(article.url, **dev_server)["X-Page-Cache"] == "miss"
    cached = client.get(article.url, **dev_server)
    assert cached["X-Page-Cache"] == "hit" and "Zeynep Erdem" in cached.content.decode()

    reader_erase(email="zeynep@example.com")

    for host in ("testserver:8000", "TESTSERVER:8000", "testserver", "TestServer."):
        response = client.get(article.url, HTTP_HOST=host, SERVER_PORT="8000")
        assert response.status_code == 200, host
        assert "Zeynep Erdem" not in response.content.decode(), host


def test_every_spelling_of_the_host_shares_one_entry(client, article):
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    for host in ("TESTSERVER", "testserver:80", "TestServer:8080", "testserver."):
        assert client.get(article.url, HTTP_HOST=host)["X-Page-Cache"] == "hit", host


def test_a_page_rendered_for_an_odd_host_spelling_is_not_kept_for_everyone(client, article):
    # Its canonical URL names the host as the request spelled it.
    odd = client.get(article.url, HTTP_HOST="testserver:6666")
    assert odd.status_code == 200 and "X-Page-Cache" not in odd
    assert "http://testserver:6666/" in odd.content.decode()
    shouting = client.get(article.url, HTTP_HOST="TESTSERVER")
    assert shouting.status_code == 200 and "X-Page-Cache" not in shouting
    normal = client.get(article.url)
    assert normal["X-Page-Cache"] == "miss"
    assert "testserver:6666" not in normal.content.decode()
    assert "TESTSERVER" not in normal.content.decode()


def test_hosts_matched_only_by_a_wildcard_are_not_kept(client, article):
    # Nothing could forget them: a purge knows only the hosts ALLOWED_HOSTS names.
    with override_settings(ALLOWED_HOSTS=[".example.com", "testserver"]):
        for n in range(3):
            response = client.get(article.url, HTTP_HOST=f"x{n}.example.com")
            assert response.status_code == 200 and "X-Page-Cache" not in response
        assert client.get(article.url)["X-Page-Cache"] == "miss"


# --- query strings and paths that do not change the page (issue 12, item 8) -------------


def page_entries() -> int:
    """How many pages the page cache holds now (in Redis, or in local memory)."""
    from django.core.cache import cache

    from manset.core import generation

    store = generation.store()
    if hasattr(store, "client"):
        pattern = f"{store.prefix}pagecache:*"
        keys = [k for k in store.client.scan_iter(pattern) if not k.endswith(b":generation")]
        return len(keys)
    return sum(1 for key in cache._cache if ":pagecache:" in key and "generation" not in key)


def test_junk_query_parameters_share_one_entry(client, article):
    before = page_entries()
    assert client.get("/?utm_source=0")["X-Page-Cache"] == "miss"
    for n in range(1, 40):
        response = client.get(f"/?utm_source={n}&fbclid=abc{n}&{n}")
        assert response["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert page_entries() == before + 1


def test_the_parameters_pages_read_still_tell_pages_apart(client, article):
    assert client.get("/dunya/?sayfa=1&utm_source=x")["X-Page-Cache"] == "miss"
    assert client.get("/dunya/?utm_campaign=y&sayfa=1")["X-Page-Cache"] == "hit"
    assert client.get("/dunya/")["X-Page-Cache"] == "miss"


def test_an_article_after_a_readers_own_action_is_rendered_for_them(client, article):
    # The notices and the reply form: the plain URL stays the article's one kept copy.
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    for query in ("yanit=5", "sikayet=1", "yorum=7", "yorum=7&utm_source=x"):
        response = client.get(f"{article.url}?{query}")
        assert response.status_code == 200 and "X-Page-Cache" not in response, query


def test_odd_values_and_paths_are_rendered_but_never_kept(client, article):
    before = page_entries()
    for n in range(20):
        for path in (f"/dunya/?sayfa=x{n}", f"/dunya/?sayfa=-{n}", f"/?yorum=1{'0' * 20}{n}"):
            response = client.get(path)
            assert response.status_code in (200, 404) and "X-Page-Cache" not in response, path
        response = client.get("/dunya/", PATH_INFO="/" * (n + 2) + "dunya/")
        assert response.status_code in (200, 404) and "X-Page-Cache" not in response
    assert page_entries() == before


def test_the_allow_list_names_every_parameter_a_cached_page_reads():
    """A page that starts reading a new parameter must add it to the allow-list, or the
    cache would serve one variant for all."""
    import re
    from pathlib import Path

    from manset.frontend import pagecache

    root = Path(pagecache.__file__).resolve().parents[1]
    uncached = {"search/views.py", "comments/views.py", "comments/admin_views.py"}
    reads = re.compile(r"""\.GET(?:\.get|\.getlist|\.__getitem__)?[\(\[]\s*["']([^"']+)["']""")
    names = {
        name
        for path in root.glob("**/*.py")
        if str(path.relative_to(root)) not in uncached and "wires" not in path.parts
        for name in reads.findall(path.read_text(encoding="utf-8"))
    }
    assert names and names <= {*pagecache.QUERY_PARAMETERS, *pagecache.UNCACHED_PARAMETERS}
