"""Who is asking: the reader's address, as far as the proxies in front can be trusted."""

import ipaddress

from django.conf import settings


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
