"""Listing pages by the `sayfa` query parameter, the way Django's ListView pages.

A page that does not exist is a 404, not the nearest page: `?sayfa=99` serving page 1
would be the same listing under endless addresses for a crawler to index.
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404

from manset.core import params

MAX_PAGE = 99_999
# Articles a page of the reader site's listings (desks, tags, authors, the archive); the
# proxy purges (manset.frontend.purge) count pages with it too.
LISTING_PER_PAGE = 20


def page_get(items, *, number: str | None, per_page: int) -> Page:
    """Page `number` of `items`; no number (or an empty one) is the first page."""
    wanted = params.integer(number, maximum=MAX_PAGE) if number else 1
    if wanted is None:
        raise Http404("Böyle bir sayfa yok")
    try:
        return Paginator(items, per_page).page(wanted)
    except InvalidPage:
        raise Http404("Böyle bir sayfa yok") from None
