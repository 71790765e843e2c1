"""Every outgoing HTTP request goes through here: one guarded client.

Agency pictures, feeds and APIs (and, later, WordPress media and oEmbed) use
`session()`, a requests Session whose adapter, for the first request and for
every redirect:

- parses the URL once, with the parser the connection itself uses, and refuses
  what URL parsers disagree on: backslashes, user-info ("user@host"), non-ASCII
  host names, schemes other than http(s);
- resolves the host name once and fails closed when that fails;
- refuses unless every address is public (`ip.is_global`, not multicast, no
  IPv4 tucked into IPv6) or inside MANSET_FETCH_ALLOWED_NETWORKS;
- connects to exactly the address it checked (no second lookup for DNS
  rebinding to win; TLS still verifies the certificate for the host name).

Proxy variables from the environment are ignored: a proxy would look the name
up again. `read_body` reads an answer within a size limit and a deadline.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.util import parse_url

from manset.core.errors import MansetError

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
# Networks that are "global" to ipaddress but lead elsewhere: NAT64 and 6to4 carry an
# IPv4 address (127.0.0.1 included) inside an IPv6 one.
EMBEDDING_NETWORKS = tuple(
    ipaddress.ip_network(net) for net in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16")
)

# The resolver; tests replace it with a fake one (they never reach a real network).
getaddrinfo = socket.getaddrinfo


class FetchError(MansetError):
    """An outgoing request brought no usable answer. The message is for the log."""


class FetchRefused(FetchError):
    """The guard refused the address before any connection was made."""


class TooLarge(FetchError):
    """The answer is over the size limit."""


class TooSlow(FetchError):
    """The answer did not arrive within the deadline."""


@dataclass(frozen=True)
class Target:
    """One URL as it will be requested."""

    scheme: str
    host: str  # lower case ASCII; an IPv6 address without brackets
    port: int

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = {"http": 80, "https": 443}[self.scheme]
        return host if self.port == default else f"{host}:{self.port}"


def check_url(url: str) -> None:
    """Refuse, before anything parses it, what parsers read differently."""
    if not isinstance(url, str) or not url.isascii():
        raise FetchRefused("the address has non-ASCII characters; use the host's xn-- form")
    if "\\" in url:
        raise FetchRefused("the address has a backslash, which URL parsers read differently")
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        raise FetchRefused("the address has spaces or control characters")


def target(url: str) -> Target:
    """The scheme, host and port a prepared URL connects to (FetchRefused otherwise)."""
    check_url(url)
    try:
        parts = parse_url(url)
    except ValueError:
        raise FetchRefused("the address is malformed") from None
    scheme = parts.scheme or ""
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https addresses are fetched, not {scheme or 'this'}")
    if parts.auth is not None:
        raise FetchRefused("the address carries a user name (user@host); send credentials apart")
    host = (parts.host or "").strip("[]")
    if not host or "%" in host:
        raise FetchRefused("the address names no host")
    port = parts.port or (443 if scheme == "https" else 80)
    return Target(scheme=scheme, host=host, port=port)


def resolve(host: str, port: int) -> list:
    """Every address `host` has; FetchRefused (fail closed) when it has none."""
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused(f"{host} could not be resolved; nothing was fetched") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchRefused(f"{host} has no address; nothing was fetched")
    return addresses


def address_allowed(address) -> bool:
    """Public (global unicast), or inside a network the operator allowed."""
    if any(address in net for net in allowed_networks()):
        return True
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_multicast or not address.is_global:
        return False
    return not (address.version == 6 and any(address in net for net in EMBEDDING_NETWORKS))


def allowed_networks() -> tuple:
    return tuple(ipaddress.ip_network(net) for net in settings.MANSET_FETCH_ALLOWED_NETWORKS)


def pinned_address(url: str):
    """The checked address a request for `url` connects to, and its Target."""
    where = target(url)
    addresses = resolve(where.host, where.port)
    refused = [a for a in addresses if not address_allowed(a)]
    if refused:
        raise FetchRefused(f"{where.host} leads to {refused[0]}, which is not a public address")
    return where, addresses[0]


class GuardedAdapter(HTTPAdapter):
    """requests' adapter, connecting only to the address it has just checked."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        where, address = pinned_address(request.url)
        host_params.update(scheme=where.scheme, host=str(address), port=where.port)
        if where.scheme == "https":
            pool_kwargs["server_hostname"] = where.host  # SNI and the certificate check
        return host_params, pool_kwargs

    def add_headers(self, request, **kwargs):
        # The connection is to an address; the server must still hear the name.
        request.headers["Host"] = target(request.url).host_header


class GuardedSession(requests.Session):
    def __init__(self):
        super().__init__()
        self.trust_env = False  # no proxies or .netrc from the environment
        self.max_redirects = MAX_REDIRECTS
        adapter = GuardedAdapter(max_retries=0)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method, url, *args, **kwargs):
        target(url)  # refused before requests rewrites the URL its own way
        return super().request(method, url, *args, **kwargs)

    def get_redirect_target(self, resp):
        try:
            return super().get_redirect_target(resp)
        except UnicodeError:  # requests reads Location as UTF-8
            raise FetchRefused("the redirect's address is not readable text") from None


def session() -> requests.Session:
    """A requests Session for every outgoing fetch (close it, or use it in `with`)."""
    return GuardedSession()


def read_body(response: requests.Response, *, limit: int, deadline: float | None = None) -> bytes:
    """The decompressed body of a streamed response, at most `limit` bytes, by `deadline`.

    `deadline` is a time.monotonic() value; a server dripping bytes to hold the
    worker is cut off there (give or take one read timeout).
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the answer is {int(declared)} bytes, over the limit of {limit}")
    chunks, size = [], 0
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise TooSlow("the answer did not arrive in time")
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"the answer is over the limit of {limit} bytes")
            chunks.append(chunk)
    except (requests.RequestException, Urllib3Error, OSError):
        raise FetchError("the connection broke while reading") from None
    return b"".join(chunks)
