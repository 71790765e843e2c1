"""Polling a feed over HTTP(S), and the HTTP helpers the AA client shares.

Every request goes through the guarded client (manset.core.fetch): public
addresses only, unless the operator allowed an agency server on their own
network. Conditional requests (ETag, Last-Modified) keep an unchanged feed to
one cheap 304. Bodies are streamed and cut off at the size limit and a deadline.
Every failure becomes a TransportError naming the URL with its credentials
masked: requests' own messages carry the full URL (İHA puts the password in the
query), so they are never passed on.
"""

import email.utils
import time
from datetime import UTC, datetime
from urllib.parse import unquote

import requests
from urllib3.util import parse_url

from manset.core import fetch as guarded
from manset.wires.credentials import redact_url
from manset.wires.errors import TransportError
from manset.wires.safexml import MAX_BYTES
from manset.wires.transports.base import Delivery, FetchResult, SourceConfig

# ASCII only: header values travel as Latin-1, which has no "ş".
USER_AGENT = "Manset/1.0 (Manset news platform; wire ingest)"
VALIDATORS = (("etag", "ETag"), ("last_modified", "Last-Modified"))


class HTTPStatusError(TransportError):
    """The server answered with an error status (`status`; `retry_after` in seconds or None)."""

    def __init__(self, message: str, *, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class UnreachableError(TransportError):
    """No usable answer at all: name resolution, refused connection, TLS, timeout."""


def fetch(config: SourceConfig, state: dict) -> FetchResult:
    """GET the feed; 304 → not_modified with the same state, 200 → one Delivery."""
    if not config.url:
        raise TransportError("the source has no feed address; enter its URL")
    where = redact_url(config.url)
    headers = {"User-Agent": USER_AGENT}
    if state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    url, auth = credentials_apart(config.url, basic_auth(config))
    with guarded.session() as session:
        response = send(
            "GET",
            url,
            where=where,
            timeout=config.timeout,
            session=session,
            headers=headers,
            auth=auth,
        )
        with response:
            if response.status_code == 304:
                return FetchResult(state=dict(state), not_modified=True)
            check_status(response, where=where)
            data = read_body(response, where=where)
            new_state = {
                key: response.headers[name]
                for key, name in VALIDATORS
                if response.headers.get(name)
            }
    delivery = Delivery(name=where, data=data, received_at=datetime.now(UTC))
    return FetchResult(deliveries=(delivery,), state=new_state)


def basic_auth(config: SourceConfig) -> tuple[bytes, bytes] | None:
    # UTF-8 bytes: requests would encode str as Latin-1 and fail on "ş" or "ğ".
    if not config.username:
        return None
    return config.username.encode("utf-8"), config.password.encode("utf-8")


def credentials_apart(url: str, auth):
    """The URL without "user:password@", sent as basic auth instead.

    The guarded client refuses user-info in a URL (parsers disagree on it); a
    source's address typed that way is still the operator's intent.
    """
    try:
        parts = parse_url(url)
    except ValueError:
        return url, auth  # the guarded client refuses it with the reason
    if parts.auth is None or "\\" in url:
        return url, auth
    user, _colon, password = unquote(parts.auth).partition(":")
    bare = parts._replace(auth=None).url
    return bare, auth or (user.encode("utf-8"), password.encode("utf-8"))


def deadline_for(timeout: float) -> float:
    """When a whole body must have arrived: a few read timeouts from now, at least a minute."""
    return time.monotonic() + max(60.0, 3 * timeout)


def send(method: str, url: str, *, where: str, timeout: float, session, **kwargs):
    """A streamed request through the guarded `session` (manset.core.fetch.session()).

    A failure to get any answer is an UnreachableError naming `where`.
    """
    try:
        return session.request(method, url, timeout=timeout, stream=True, **kwargs)
    except guarded.FetchRefused as error:
        message = (
            f"{where}: refused before connecting: {error}. An agency server on your own "
            "network must be listed in MANSET_FETCH_ALLOWED_NETWORKS"
        )
    except requests.Timeout:
        message = f"{where}: no answer within {timeout:g} s; the server is down or slow, try later"
    except requests.exceptions.SSLError:
        message = f"{where}: the TLS certificate check failed; check the address (https host)"
    except (
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
    ):
        message = f"{where}: not a valid http(s) address; correct the source's URL"
    except requests.RequestException as error:
        message = f"{where}: could not connect ({network_reason(error)}); check the address"
    raise UnreachableError(message)  # raised outside `except`: no chained requests message


def check_status(response: requests.Response, *, where: str) -> None:
    """Nothing for a 2xx; otherwise an HTTPStatusError saying what to do."""
    status = response.status_code
    if 200 <= status < 300:
        return
    wait = retry_after(response)
    if status in (401, 403):
        advice = "credentials refused; check the user name and password of this source"
    elif status == 404:
        advice = "not found; check the address"
    elif status == 429:
        later = f"asks to wait {wait:g} s" if wait is not None else "asks to slow down"
        advice = f"too many requests; the agency {later}, so poll this source less often"
    elif status >= 500:
        advice = "the agency's server failed; usually temporary, the next fetch tries again"
    else:
        advice = "the request was refused"
    raise HTTPStatusError(f"{where}: HTTP {status}: {advice}", status=status, retry_after=wait)


def read_body(
    response: requests.Response,
    *,
    where: str,
    limit: int = MAX_BYTES,
    deadline: float | None = None,
) -> bytes:
    """The (decompressed) body, refused once it passes `limit` bytes or `deadline`
    (a time.monotonic() value; by default a minute from now)."""
    if deadline is None:
        deadline = deadline_for(0)
    try:
        return guarded.read_body(response, limit=limit, deadline=deadline)
    except guarded.TooLarge:
        raise _too_big(where, limit) from None
    except guarded.TooSlow:
        raise UnreachableError(
            f"{where}: the answer was still arriving at the deadline; the server is too slow, "
            "try later"
        ) from None
    except guarded.FetchError:
        # from None: a chained requests error would print the full URL in a traceback
        raise UnreachableError(
            f"{where}: the connection broke while reading; try again later"
        ) from None


def retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def network_reason(error: BaseException) -> str:
    """The operating system's words ("Connection refused"), never a message holding the URL."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and isinstance(current.strerror, str):
            return current.strerror
        linked = (getattr(current, "reason", None), current.__cause__, current.__context__)
        pending.extend(item for item in (*linked, *current.args) if isinstance(item, BaseException))
    return type(error).__name__


def _too_big(where: str, limit: int) -> TransportError:
    return TransportError(
        f"{where}: the response is over {limit / 1048576:.0f} MB, the limit for a wire file; "
        "ask the agency for a smaller feed (fewer items per request)"
    )
