"""Polling a feed over real HTTP on a local socket: conditional requests, auth, limits, errors."""

import base64
import socket
import time

import pytest

from manset.wires import transports
from manset.wires.errors import TransportError
from manset.wires.safexml import MAX_BYTES
from manset.wires.transports import http
from manset.wires.transports.base import SourceConfig
from tests import servers

FEED = servers.FEED
server = servers.server  # a fixture

ETAG = '"v1"'
LAST_MODIFIED = "Sun, 29 Nov 2026 10:00:00 GMT"


def conditional(handler):
    if handler.headers.get("If-None-Match") == ETAG:
        return 304, {"ETag": ETAG}, b""
    return 200, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}, FEED


def test_a_first_fetch_delivers_the_body_and_remembers_etag_and_last_modified(server):
    server.app = conditional
    result = transports.fetch(SourceConfig(kind="http", url=f"{server.url}/rss"), {})
    assert [delivery.data for delivery in result.deliveries] == [FEED]
    assert result.state == {"etag": ETAG, "last_modified": LAST_MODIFIED}
    assert not result.not_modified


def test_an_unchanged_feed_answers_304_and_the_state_is_kept(server):
    server.app = conditional
    state = {"etag": ETAG, "last_modified": LAST_MODIFIED}
    result = transports.fetch(SourceConfig(kind="http", url=f"{server.url}/rss"), state)
    assert result.not_modified and result.deliveries == () and result.state == state
    sent = server.requests[-1].headers
    assert sent["If-None-Match"] == ETAG and sent["If-Modified-Since"] == LAST_MODIFIED


def test_if_modified_since_alone_is_sent_when_the_feed_has_no_etag(server):
    def by_date(handler):
        if handler.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return 304, {}, b""
        return 200, {"Last-Modified": LAST_MODIFIED}, FEED

    server.app = by_date
    config = SourceConfig(kind="http", url=f"{server.url}/rss")
    first = http.fetch(config, {})
    second = http.fetch(config, first.state)
    assert first.state == {"last_modified": LAST_MODIFIED}
    assert second.not_modified and "If-None-Match" not in server.requests[-1].headers


def test_the_user_agent_names_manset(server):
    http.fetch(SourceConfig(kind="http", url=f"{server.url}/rss"), {})
    assert "Manset" in server.requests[-1].headers["User-Agent"]


def basic_only(user, password):
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def app(handler):
        if handler.headers.get("Authorization") == expected:
            return 200, {}, FEED
        return 401, {"WWW-Authenticate": 'Basic realm="abone"'}, b"unauthorized"

    return app


def test_basic_auth_is_sent_with_a_turkish_password_as_utf8(server):
    server.app = basic_only("manset", "şifreğı")
    config = SourceConfig(
        kind="http", url=f"{server.url}/rss", username="manset", password="şifreğı"
    )
    assert http.fetch(config, {}).deliveries[0].data == FEED


def test_refused_credentials_say_so_without_the_password(server):
    server.app = basic_only("manset", "right")
    config = SourceConfig(
        kind="http", url=f"{server.url}/rss", username="manset", password="wrong1"
    )
    with pytest.raises(TransportError, match="HTTP 401: credentials refused") as caught:
        http.fetch(config, {})
    assert "wrong1" not in str(caught.value)


def test_a_server_error_names_the_status_but_not_the_password_in_the_url(server):
    server.app = lambda handler: (500, {}, b"boom")
    url = f"{server.url}/xml/standartrss?UserCode=1234&UserName=haber&UserPassword=gizli99&tip=1"
    with pytest.raises(TransportError, match="HTTP 500") as caught:
        http.fetch(SourceConfig(kind="http", url=url, password="gizli99"), {})
    message = str(caught.value)
    assert "gizli99" not in message and "haber" not in message and "1234" not in message
    assert "UserPassword=***" in message and "tip=1" in message


def test_not_found_and_too_many_requests_explain_what_to_do(server):
    config = SourceConfig(kind="http", url=f"{server.url}/rss")
    server.app = lambda handler: (404, {}, b"")
    with pytest.raises(TransportError, match="HTTP 404: not found; check the address"):
        http.fetch(config, {})
    server.app = lambda handler: (429, {"Retry-After": "120"}, b"")
    with pytest.raises(http.HTTPStatusError, match="asks to wait 120 s") as caught:
        http.fetch(config, {})
    assert caught.value.status == 429 and caught.value.retry_after == 120


def test_a_body_over_the_limit_is_refused_by_its_content_length(server):
    server.app = lambda handler: (200, {}, b"x" * (MAX_BYTES + 1))
    with pytest.raises(TransportError, match="over 10 MB"):
        http.fetch(SourceConfig(kind="http", url=f"{server.url}/rss"), {})


def test_a_streamed_body_is_cut_off_once_it_passes_the_limit(server):
    server.app = lambda handler: (200, {"Connection": "close"}, b"x" * (MAX_BYTES + 100_000))
    with pytest.raises(TransportError, match="over 10 MB"):
        http.fetch(SourceConfig(kind="http", url=f"{server.url}/rss"), {})


def test_the_delivery_name_masks_userinfo_and_credential_parameters(server):
    host = server.url.removeprefix("http://")
    with_userinfo = f"http://ajans:gizli@{host}/rss"
    assert http.fetch(SourceConfig(kind="http", url=with_userinfo), {}).deliveries[0].name == (
        f"http://***@{host}/rss"
    )
    # Sent as basic auth, not in the URL (which the guarded client refuses).
    assert server.requests[-1].headers["Authorization"] == "Basic YWphbnM6Z2l6bGk="
    iha = f"{server.url}/xml/standartrss?UserCode=1&UserName=n&UserPassword=p&Kategori=spor"
    assert http.fetch(SourceConfig(kind="http", url=iha), {}).deliveries[0].name == (
        f"{server.url}/xml/standartrss?UserCode=***&UserName=***&UserPassword=***&Kategori=spor"
    )


def test_a_refused_connection_is_a_transport_error_naming_the_reason():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/rss?UserPassword=gizli99"
    with pytest.raises(http.UnreachableError, match="Connection refused") as caught:
        http.fetch(SourceConfig(kind="http", url=url), {})
    assert "gizli99" not in str(caught.value)
    assert caught.value.__suppress_context__ or caught.value.__context__ is None


def test_a_silent_server_times_out(server):
    def slow(handler):
        time.sleep(1)
        return 200, {}, FEED

    server.app = slow
    with pytest.raises(http.UnreachableError, match=r"no answer within 0\.2 s"):
        http.fetch(SourceConfig(kind="http", url=f"{server.url}/rss", timeout=0.2), {})


def test_an_unknown_kind_is_refused_with_the_known_ones():
    with pytest.raises(TransportError, match="unknown source kind 'ftp'; use one of http"):
        transports.fetch(SourceConfig(kind="ftp"), {})
