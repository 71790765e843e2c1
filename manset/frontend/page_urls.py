"""Pages' absolute URLs from their `url_path` alone, for lists too long for page instances.

`page_url_builder(request)` returns a function that gives, for a page's `url_path`,
what `request.build_absolute_uri(page.get_url(request))` gives, without the page
object and at a few string operations a URL: the site root paths and the request's
site are looked up once, and Wagtail's `wagtail_serve` reverse is done by hand for
the plain paths slugs make (anything else goes through `reverse` itself). Only for
page types that keep Wagtail's own `get_url_parts`, as articles do.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

# What `reverse("wagtail_serve", args=(path,))` leaves as it is: ASCII slugs and slashes.
PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_\-]+/)*")


def page_url_builder(request: HttpRequest) -> Callable[[str], str | None]:
    """url_path → the page's absolute URL for this request, or None if it is not routable."""
    roots = Site.get_site_root_paths()
    current = Site.find_for_request(request)
    current_id = current.pk if current else None
    local = len({root.site_id for root in roots}) == 1
    serve_root = reverse("wagtail_serve", args=("",))
    here = request.build_absolute_uri("/")[:-1]
    append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def url(url_path: str) -> str | None:
        possible = [root for root in roots if url_path.startswith(root.root_path)]
        if not possible:
            return None
        site_id, root_path, root_url, _ = possible[0]
        if len(possible) > 1 and current_id is not None:
            for root in possible:  # a page under several sites: the request's own, as Wagtail
                if root.site_id == current_id:
                    site_id, root_path, root_url, _ = root
                    break
        rest = url_path[len(root_path) :]
        plain = PLAIN_PATH.fullmatch(rest) is not None
        if plain:
            page_path = serve_root + rest
        else:
            try:
                page_path = reverse("wagtail_serve", args=(rest,))
            except NoReverseMatch:
                return None
        if not append_slash and page_path != "/":
            page_path = page_path.rstrip("/")
        if not (local or site_id == current_id):
            return request.build_absolute_uri(root_url + page_path)
        return here + page_path if plain else request.build_absolute_uri(page_path)

    if len(roots) != 1 or not append_slash:
        return url
    # One site (the usual case): a plain path under its root is two string operations.
    root_path, prefix = roots[0].root_path, here + serve_root

    def one_site_url(url_path: str) -> str | None:
        if url_path.startswith(root_path):
            rest = url_path[len(root_path) :]
            if PLAIN_PATH.fullmatch(rest):
                return prefix + rest
        return url(url_path)

    return one_site_url
