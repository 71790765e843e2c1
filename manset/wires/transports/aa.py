"""Anadolu Ajansı's subscriber API ("Haber Akış Sistemi"): search, then fetch each text.

AA asks for at least 500 ms between two requests and HTTP basic auth on each.
A fetch searches from the remembered cursor (the latest item date seen), pages
through the results and downloads every text as NewsML-G2. A document that
fails is skipped and reported in state["errors"]; only failures that would hit
every document (credentials, rate limit, no connection) end the fetch.
"""

import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import requests

from manset.core import fetch as guarded
from manset.wires.credentials import redact_url
from manset.wires.errors import TransportError
from manset.wires.transports.base import Delivery, FetchResult, SourceConfig
from manset.wires.transports.http import (
    USER_AGENT,
    HTTPStatusError,
    UnreachableError,
    basic_auth,
    check_status,
    deadline_for,
    read_body,
    retry_after,
    send,
)

DEFAULT_BASE = "https://api.aa.com.tr/abone"
MIN_INTERVAL = 0.5  # seconds between two requests, AA's rule
PAGE = 100
DEFAULT_RETRY_WAIT = 5.0  # when a 429 names no Retry-After
MAX_RETRY_WAIT = 60.0  # a fetch never sleeps longer than this on one 429
MAX_MEDIA_BYTES = 100 * 1024 * 1024  # print-size pictures and videos are far above a text's limit
FATAL_STATUSES = (401, 429)  # every further document would fail the same way
LINK_REFUSED = (403, 410)  # a link expired or asked for from another IP address


class AAClient:
    """One API user's connection; every request waits its turn (see MIN_INTERVAL)."""

    def __init__(self, config: SourceConfig, *, clock=time.monotonic, sleep=time.sleep):
        self.config = config
        self.base = (config.url or DEFAULT_BASE).rstrip("/")
        self.clock, self.sleep = clock, sleep
        # Auth goes per request, not on the session: download links are on other hosts.
        self.session = guarded.session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._last_call: float | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        self.session.close()

    def fetch(self, state: dict, *, now=None) -> FetchResult:
        """Texts since state["cursor"] (else options["initial_hours"], 6, back from now)."""
        hours = float(self.config.options.get("initial_hours", 6))
        start = state.get("cursor") or aa_time((now or _utc_now)() - timedelta(hours=hours))
        results = self.search_all(start=start)
        deliveries, errors = [], []
        for item_id in _text_ids(results):
            try:
                data = self.document(item_id)
            except UnreachableError:
                raise  # the next documents would wait for the same dead connection
            except HTTPStatusError as error:
                if error.status in FATAL_STATUSES:
                    raise
                errors.append(f"{item_id}: HTTP {error.status} from AA; this text was skipped")
            except TransportError as error:  # too big: the others are still worth having
                errors.append(f"{error}; this text was skipped")
            else:
                deliveries.append(Delivery(name=item_id, data=data, received_at=_utc_now()))
        new_state = {"cursor": latest(start, (result.get("date") for result in results))}
        if errors:
            new_state["errors"] = errors
        return FetchResult(deliveries=tuple(deliveries), state=new_state)

    def search_all(self, *, start: str) -> list[dict]:
        """Every result from `start`, page by page, up to options["max_items"] (500)."""
        max_items = int(self.config.options.get("max_items", 500))
        results: list[dict] = []
        while len(results) < max_items:
            wanted = min(PAGE, max_items - len(results))
            page = self.search(start=start, offset=len(results), limit=wanted)
            results.extend(page)
            if len(page) < wanted:
                break
        return results[:max_items]

    def search(self, *, start: str, offset: int = 0, limit: int = PAGE) -> list[dict]:
        """One page of POST search/: text items in the configured language and categories."""
        options = self.config.options
        form = {
            "start_date": start,
            "end_date": "NOW",
            "filter_type": "1",
            "filter_language": str(options.get("language", "1")),
            "offset": str(offset),
            "limit": str(limit),
        }
        categories = options.get("categories")
        if categories:
            form["filter_category"] = (
                categories if isinstance(categories, str) else ",".join(map(str, categories))
            )
        url = f"{self.base}/search/"
        where = f"AA search ({redact_url(url)})"
        payload = _aa_json(self._call("POST", url, where=where, data=form), where=where)
        data = payload.get("data")
        result = data.get("result") if isinstance(data, dict) else None
        return [item for item in result or () if isinstance(item, dict)]

    def document(self, item_id: str, fmt: str = "newsml29") -> bytes:
        """GET document/{id}/{fmt}: the item's bytes (NewsML-G2 for texts)."""
        with self._call("GET", f"{self.base}/document/{item_id}/{fmt}", where=item_id) as response:
            check_status(response, where=item_id)
            return read_body(response, where=item_id)

    def download_link(self, item_id: str, fmt: str) -> str:
        """GET token/{id}/{fmt}: the short-lived link AA redirects to (print, web, sd …)."""
        where = f"AA download link for {item_id} ({fmt})"
        url = f"{self.base}/token/{item_id}/{fmt}"
        with self._call("GET", url, where=where, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.is_redirect and location:
                return urljoin(url, location)
            check_status(response, where=where)
        raise TransportError(
            f"{where}: AA answered without a link (HTTP {response.status_code}); "
            "check that the format is one AA offers for this item (print, web, sd)"
        )

    def download(self, item_id: str, fmt: str, *, limit: int = MAX_MEDIA_BYTES) -> bytes:
        """The file behind a fresh download link; a refused link is replaced once."""
        where = f"AA download of {item_id} ({fmt})"
        for _attempt in range(2):
            link = self.download_link(item_id, fmt)
            # No credentials: the link carries its own token and may live on another host.
            with self._call("GET", link, where=where, authenticated=False) as response:
                if response.status_code not in LINK_REFUSED:
                    check_status(response, where=where)
                    deadline = deadline_for(self.config.timeout * 10)  # print-size files
                    return read_body(response, where=where, limit=limit, deadline=deadline)
        raise TransportError(
            f"{where}: the download link was refused twice (HTTP {response.status_code}); AA "
            "links work only from the IP address that asked for them, so make API calls and "
            "downloads leave through the same address"
        )

    def _call(self, method: str, url: str, *, where: str, authenticated: bool = True, **kwargs):
        """A request after waiting our turn; on 429, wait Retry-After (capped) and try once more."""
        auth = basic_auth(self.config) if authenticated else None
        response = self._send(method, url, where=where, auth=auth, **kwargs)
        if response.status_code == 429:
            wait = retry_after(response)
            response.close()
            self.sleep(min(DEFAULT_RETRY_WAIT if wait is None else wait, MAX_RETRY_WAIT))
            response = self._send(method, url, where=where, auth=auth, **kwargs)
        return response

    def _send(self, method: str, url: str, *, where: str, **kwargs) -> requests.Response:
        self._wait_turn()
        try:
            timeout = self.config.timeout
            return send(method, url, where=where, timeout=timeout, session=self.session, **kwargs)
        finally:
            self._last_call = self.clock()  # measured from the end: the gap is between requests

    def _wait_turn(self) -> None:
        if self._last_call is not None:
            remaining = MIN_INTERVAL - (self.clock() - self._last_call)
            if remaining > 0:
                self.sleep(remaining)


def fetch(
    config: SourceConfig, state: dict, *, clock=time.monotonic, sleep=time.sleep, now=None
) -> FetchResult:
    """One AA fetch with a client of its own (see AAClient.fetch)."""
    with AAClient(config, clock=clock, sleep=sleep) as client:
        return client.fetch(state, now=now)


def aa_time(moment: datetime) -> str:
    """The form AA's search expects: 2026-11-29T10:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def latest(start: str, dates) -> str:
    """The latest of `start` and the readable result dates, in AA's form."""
    moments = [moment for moment in map(_parse_time, (start, *dates)) if moment is not None]
    return aa_time(max(moments)) if moments else start


def _parse_time(value) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None  # one odd date must not stop the cursor
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text_ids(results: list[dict]) -> list[str]:
    """The ids of the texts (a search may still return other types: skip them)."""
    texts = (
        r for r in results if r.get("type") in ("text", 1, "1") or _id(r).startswith("aa:text:")
    )
    return [_id(result) for result in texts if _id(result)]


def _id(result: dict) -> str:
    return str(result.get("id") or "")


def _aa_json(response: requests.Response, *, where: str) -> dict:
    """The JSON body when AA says success; its own message when it does not."""
    with response:
        if response.status_code in (401, 403, 429) or response.status_code >= 500:
            check_status(response, where=where)
        body = read_body(response, where=where)
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    meta = payload.get("response") if isinstance(payload, dict) else None
    if not isinstance(meta, dict):
        check_status(response, where=where)
        raise TransportError(f"{where}: the answer is not AA's JSON; check the API address")
    if not meta.get("success"):
        message = meta.get("message") or meta.get("error") or "no reason given"
        raise TransportError(
            f"{where}: AA refused the request (status {meta.get('status', response.status_code)}): "
            f"{message}"
        )
    return payload


def _utc_now() -> datetime:
    return datetime.now(UTC)
