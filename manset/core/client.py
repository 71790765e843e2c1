"""Who is asking: the reader's address, as far as the proxies in front can be trusted,
and whether the browser says the request comes from one of this site's pages."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import is_same_domain


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or behind MANSET_PROXY_HOPS proxies the entry
    the outermost of them appended to X-Forwarded-For (earlier entries can be forged)."""
    hops = settings.MANSET_PROXY_HOPS
    if hops:
        forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def same_origin(request) -> bool:
    """Whether the browser says a page of this site sent the request.

    Its `Origin` is compared as Django's CSRF check does: this request's scheme and host,
    or one of CSRF_TRUSTED_ORIGINS (`https://*.example.com` included). Without `Origin`,
    `Sec-Fetch-Site: same-origin` will do. A request naming neither (a script, or a
    browser from before 2019) is not taken as ours.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site") == "same-origin"
    if origin == f"{'https' if request.is_secure() else 'http'}://{request.get_host()}":
        return True
    trusted = settings.CSRF_TRUSTED_ORIGINS
    if origin in trusted:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return any(
        is_same_domain(parts.netloc, urlsplit(pattern).netloc[1:])  # "*.x.com" → ".x.com"
        for pattern in trusted
        if "://*." in pattern and urlsplit(pattern).scheme == parts.scheme
    )
