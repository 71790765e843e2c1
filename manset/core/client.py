"""Who is asking: the reader's address, as far as the proxies in front can be trusted,
and whether the browser says the request comes from one of this site's pages."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import CsrfViewMiddleware
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

    Its `Origin` is compared as Django's CSRF origin check does: this request's scheme
    and host, or one of CSRF_TRUSTED_ORIGINS (`https://*.example.com` included). Without
    an `Origin` (or with "null"), `Sec-Fetch-Site: same-origin` will do, and failing that
    the `Referer`'s origin (scheme://host[:port]) is compared the same way. A request
    naming none of them (a script, or a very old browser) is not taken as ours.
    """
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        if request.headers.get("Sec-Fetch-Site") == "same-origin":
            return True
        try:
            referer = urlsplit(request.headers.get("Referer", ""))
        except ValueError:
            return False
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    return origin_allowed(request, origin)


def origin_allowed(request, origin: str) -> bool:
    """`origin` is this request's scheme and host, or a trusted origin.

    CsrfViewMiddleware._origin_verified with the origin as an argument (Django's reads the
    header itself), on Django's own parsed CSRF_TRUSTED_ORIGINS and is_same_domain.
    """
    try:
        scheme = "https" if request.is_secure() else "http"
        if origin == f"{scheme}://{request.get_host()}":
            return True
    except DisallowedHost:
        pass
    trusted = CsrfViewMiddleware(_no_response)
    if origin in trusted.allowed_origins_exact:
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    return any(
        is_same_domain(parsed.netloc, host)
        for host in trusted.allowed_origin_subdomains.get(parsed.scheme, ())
    )


def _no_response(request):  # CsrfViewMiddleware wants a next step; it never runs here
    return None
