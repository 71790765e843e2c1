"""The one guarded client for outgoing fetches: it refuses before it connects.

Refusals are tested with a fake resolver and a socket layer that fails the test
if anything but a loopback connection is attempted; the requests that do go out
go to servers on 127.0.0.1.
"""

import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import requests
import urllib3.util.connection

from manset.core import fetch
from tests import servers
from tests.core.tls import tls_server

PUBLIC = "93.184.216.34"  # never connected to: only classified


@pytest.fixture
def resolver(monkeypatch):
    """`resolver.names`: name → addresses for the guard; the real resolver may only be
    asked for literals. `resolver.calls` lists the names the guard looked up."""
    fake = SimpleNamespace(names={}, calls=[])

    def fake_getaddrinfo(host, port, *args, **kwargs):
        fake.calls.append(host)
        if host not in fake.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in fake.names[host]
        ]

    real = socket.getaddrinfo

    def literal_only(host, *args, **kwargs):
        try:
            ipaddress.ip_address(str(host).strip("[]"))
        except ValueError:
            raise AssertionError(f"a real name lookup for {host!r} was attempted") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(fetch, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", literal_only)
    return fake


@pytest.fixture
def no_connections(monkeypatch):
    """Every connection attempt is recorded and refused (the guard must not get that far)."""
    attempts = []

    def refuse(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def only_public(settings):
    settings.MANSET_FETCH_ALLOWED_NETWORKS = []


server = servers.server  # a fixture


@pytest.fixture
def local(server):
    """The loopback server answering by path (`local.routes`); `seen(local)` lists the
    (path, Host) of each request it got."""
    local = SimpleNamespace(routes={}, url=server.url, port=int(server.url.rsplit(":", 1)[1]))
    server.app = lambda handler: local.routes.get(handler.path, (200, {}, b"ok"))
    local.requests = server.requests
    return local


def seen(local) -> list[tuple[str, str]]:
    return [(r.path, r.headers.get("Host")) for r in local.requests]


def get(url, **kwargs):
    with fetch.session() as session:
        return session.get(url, timeout=5, **kwargs)


def test_a_backslash_that_splits_parsers_on_the_host_is_refused_before_connecting(local):
    """The review's case: urlsplit saw nonexistent.invalid, the HTTP client 127.0.0.1."""
    with pytest.raises(fetch.FetchRefused, match="backslash"):
        get(f"http://127.0.0.1:{local.port}\\@nonexistent.invalid/x.png")
    assert seen(local) == []


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://user@127.0.0.1/x.png", "user name"),
        ("http://user:pass@127.0.0.1/x.png", "user name"),
        ("http://habér.example/x.png", "non-ASCII"),
        ("http://ajans.example/x y.png", "spaces"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
        ("http:///x.png", "no host"),
    ],
)
def test_addresses_parsers_read_differently_are_refused(url, reason, no_connections):
    with pytest.raises(fetch.FetchRefused, match=reason):
        get(url)
    assert no_connections == []


def test_a_name_that_does_not_resolve_is_refused_not_treated_as_public(resolver, no_connections):
    with pytest.raises(fetch.FetchRefused, match="could not be resolved"):
        get("http://nonexistent.invalid/x.png")
    assert no_connections == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "100.100.100.200",  # a cloud's metadata service in that space
        "169.254.169.254",
        "0.0.0.0",  # noqa: S104 (an address to refuse, not to bind)
        "198.18.0.1",
        "192.0.2.1",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "ff02::1",
    ],
)
def test_names_leading_to_internal_addresses_are_refused_before_connecting(
    address, resolver, no_connections, only_public
):
    resolver.names["ajans.example"] = [address]
    with pytest.raises(fetch.FetchRefused, match="not a public address"):
        get("http://ajans.example/foto.jpg")
    assert no_connections == []


def test_an_internal_address_written_in_the_url_is_refused(no_connections, only_public):
    for url in ("http://127.0.0.1:6379/", "http://[::1]/", "http://169.254.169.254/latest/"):
        with pytest.raises(fetch.FetchRefused):
            get(url)
    assert no_connections == []


def test_one_internal_address_among_public_ones_is_enough_to_refuse(
    resolver, no_connections, only_public
):
    resolver.names["ajans.example"] = [PUBLIC, "10.0.0.7"]
    with pytest.raises(fetch.FetchRefused, match="10.0.0.7"):
        get("http://ajans.example/foto.jpg")
    assert no_connections == []


def test_public_addresses_are_allowed(only_public):
    for address in (PUBLIC, "2606:4700::1111", "8.8.8.8"):
        assert fetch.address_allowed(ipaddress.ip_address(address))


def test_networks_the_operator_allows_are_fetched(resolver, local, settings):
    settings.MANSET_FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    resolver.names["ajans.example"] = ["127.0.0.1"]
    assert get(f"http://ajans.example:{local.port}/feed").text == "ok"


def test_the_checked_address_is_the_one_connected_to_and_the_name_is_sent_as_host(resolver, local):
    """Resolved once: a rebinding DNS server gets no second question to answer differently."""
    resolver.names["ajans.example"] = ["127.0.0.1"]
    response = get(f"http://ajans.example:{local.port}/feed")
    assert response.status_code == 200
    assert seen(local) == [("/feed", f"ajans.example:{local.port}")]
    assert resolver.calls == ["ajans.example"]


def test_each_redirect_is_checked_again(resolver, local, no_connections_except_loopback):
    resolver.names["ajans.example"] = ["127.0.0.1"]
    resolver.names["ic.example"] = ["10.9.8.7"]
    local.routes["/foto.jpg"] = (302, {"Location": "http://ic.example/secret"}, b"")
    with pytest.raises(fetch.FetchRefused, match="10.9.8.7"):
        get(f"http://ajans.example:{local.port}/foto.jpg")
    assert no_connections_except_loopback == []


@pytest.mark.parametrize(
    "location",
    ["http://user@127.0.0.1/x", "http://127.0.0.1:1\\@ajans.example/x", "http://habér.example/"],
)
def test_a_redirect_to_a_malformed_address_is_refused(location, local):
    local.routes["/foto.jpg"] = (302, {"Location": location}, b"")
    with pytest.raises(fetch.FetchRefused):
        get(f"{local.url}/foto.jpg")
    assert [path for path, _host in seen(local)] == ["/foto.jpg"]


def test_redirects_between_allowed_addresses_are_followed_with_the_right_host(resolver, local):
    resolver.names["ajans.example"] = ["127.0.0.1"]
    resolver.names["cdn.example"] = ["127.0.0.1"]
    local.routes["/a"] = (302, {"Location": f"http://cdn.example:{local.port}/b"}, b"")
    assert get(f"http://ajans.example:{local.port}/a").text == "ok"
    assert seen(local) == [
        ("/a", f"ajans.example:{local.port}"),
        ("/b", f"cdn.example:{local.port}"),
    ]


def test_redirect_loops_stop(local):
    local.routes["/a"] = (302, {"Location": "/a"}, b"")
    with pytest.raises(requests.TooManyRedirects):
        get(f"{local.url}/a")
    assert len(seen(local)) == fetch.MAX_REDIRECTS + 1


def test_proxy_variables_in_the_environment_are_ignored(local, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    assert get(f"{local.url}/feed").text == "ok"


def test_tls_verifies_the_certificate_for_the_name_while_connecting_to_the_checked_address(
    resolver, tmp_path
):
    with tls_server(tmp_path, "ajans.example") as (port, ca_file):
        resolver.names["ajans.example"] = ["127.0.0.1"]
        resolver.names["baska.example"] = ["127.0.0.1"]
        response = get(f"https://ajans.example:{port}/feed", verify=ca_file)
        assert response.status_code == 200 and response.text == "tls ok"
        with pytest.raises(requests.exceptions.SSLError):
            get(f"https://baska.example:{port}/feed", verify=ca_file)


def test_a_body_over_the_limit_is_refused(local):
    local.routes["/big"] = (200, {}, b"x" * 5000)
    with fetch.session() as session, session.get(f"{local.url}/big", stream=True) as reply:
        with pytest.raises(fetch.TooLarge):
            fetch.read_body(reply, limit=1000)


def test_a_server_dripping_bytes_is_cut_off_at_the_deadline():
    class Drip(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        started = time.monotonic()
        with fetch.session() as session:
            url = f"http://127.0.0.1:{httpd.server_port}/"
            with session.get(url, stream=True, timeout=5) as reply:
                with pytest.raises(fetch.TooSlow):
                    fetch.read_body(reply, limit=10_000, deadline=time.monotonic() + 1)
        assert time.monotonic() - started < 3
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def no_connections_except_loopback(monkeypatch):
    attempts = []
    real = urllib3.util.connection.create_connection

    def guard(address, *args, **kwargs):
        if not ipaddress.ip_address(address[0].strip("[]")).is_loopback:
            attempts.append(address)
            raise AssertionError(f"a connection to {address} was attempted")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guard)
    return attempts
