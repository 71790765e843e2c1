"""Sending PURGE requests to one caching proxy (nginx, Varnish) named in MANSET_PURGE_URL.

Wagtail's HTTPBackend opens a connection a URL, waits without a time limit and only logs
a proxy that does not answer. Here the URLs of a batch go over one kept-alive connection
(a publish purges every page of each list it shifts: hundreds of URLs on a big desk), each
request has a time limit, and a proxy that does not take a URL raises ProxyPurgeFailed
with the URLs still to purge, for the purge task to retry later.
"""

import http.client
import logging
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0  # a proxy on the local network answers a purge in a millisecond
# nginx's cache-purge module answers 200 (our configuration turns "not cached" into a
# 200 as well); Varnish answers 404 for a page it did not keep. Both mean the page is gone.
PURGED_STATUSES = {200, 204, 404}


class ProxyPurgeFailed(Exception):
    """A proxy did not take a purge; `remaining` are the URLs not purged there yet."""

    def __init__(self, *, location: str, remaining: list[str], purged: int, reason: str):
        self.location = location
        self.remaining = remaining
        self.purged = purged
        super().__init__(
            f"the caching proxy {location} did not take the purge of {remaining[0]} "
            f"({reason}); {len(remaining)} URL(s) not purged there, {purged} purged. "
            "Check that the proxy runs and allows PURGE from this machine (its `allow` lines)"
        )


def proxy_purge(*, location: str, urls: list[str], timeout: float = TIMEOUT_SECONDS) -> int:
    """PURGE each of `urls` (the readers' URLs) at the proxy `location`; returns how many.

    Each request goes to the proxy with the URL's path and query and its host as `Host`,
    as Wagtail's HTTPBackend sends them. Raises ProxyPurgeFailed at the first URL the proxy
    does not answer, or answers with another status than PURGED_STATUSES.
    """
    proxy = urlsplit(location)
    connection_class = (
        http.client.HTTPSConnection if proxy.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(proxy.netloc, timeout=timeout)
    purged = 0
    try:
        for index, url in enumerate(urls):
            try:
                status = _purge_one(connection, url)
            except (OSError, http.client.HTTPException) as error:
                raise ProxyPurgeFailed(
                    location=location,
                    remaining=list(urls[index:]),
                    purged=purged,
                    reason=f"no answer: {error!r}",
                ) from error
            if status not in PURGED_STATUSES:
                raise ProxyPurgeFailed(
                    location=location,
                    remaining=list(urls[index:]),
                    purged=purged,
                    reason=f"answered {status}",
                )
            purged += 1
    finally:
        connection.close()
    logger.info("purged %d URL(s) at %s", purged, location)
    return purged


def _purge_one(connection: http.client.HTTPConnection, url: str) -> int:
    """One PURGE; a kept-alive connection the proxy closed meanwhile is opened again once."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Host": parts.netloc, "User-Agent": "Manset-purge"}
    reused = connection.sock is not None
    try:
        connection.request("PURGE", target, headers=headers)
        response = connection.getresponse()
    except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
        if not reused:
            raise
        connection.close()
        connection.request("PURGE", target, headers=headers)
        response = connection.getresponse()
    response.read()
    return response.status
