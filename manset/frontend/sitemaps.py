"""Sitemaps: an index of monthly article sitemaps, the site's pages, and Google News.

However long the archive, the index costs two queries (the first and last
publication, then one count a month grouped over an index) and a month's sitemap
one or two (its page of rows, after the row the earlier pages end on). A month of
more than PAGE_SIZE articles is split into pages (`?sayfa=2`, …), each listed in
the index. Rows are `url_path` and dates (manset.frontend.sitemap_queries), URLs are
built from the site root as Wagtail builds them (manset.frontend.page_urls), and the
XML is written as text. Months follow the site's time zone.
"""

import re
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from manset.core import paging, params
from manset.core.xmltext import xml_text
from manset.frontend import sitemap_queries
from manset.frontend.page_urls import page_url_builder
from manset.newsroom import selectors

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
PAGE_SIZE = 50_000  # the protocol's limit for one sitemap file
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1_000
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
PAGE_PARAMETER = "sayfa"  # as listings page; the page cache keys it


def month_bounds(value: str) -> tuple[datetime, datetime]:
    """The start and end of a "YYYY-MM" month in the site's time zone.

    >>> [d.isoformat() for d in month_bounds("2024-12")]
    ['2024-12-01T00:00:00+03:00', '2025-01-01T00:00:00+03:00']
    """
    match = MONTH.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a month in the form YYYY-MM")
    year, month = int(match["year"]), int(match["month"])
    if not (1900 <= year < 9999 and 1 <= month <= 12):
        raise ValueError(f"{value!r} is not a month in the form YYYY-MM")
    zone = timezone.get_default_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def _latest(*values: datetime | None) -> datetime | None:
    return max((value for value in values if value is not None), default=None)


class _Writer:
    """A sitemap as text, the XML Django's SimplerXMLGenerator wrote before, faster."""

    def __init__(self, root: str, *, news: bool = False):
        self.root = root
        self.zone = timezone.get_current_timezone()
        namespaces = f' xmlns:news="{NEWS_NS}"' if news else ""
        self.parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n',
            f'<{root} xmlns="{SITEMAP_NS}"{namespaces}>',
        ]

    def w3c(self, value: datetime) -> str:
        """ "2024-06-19T09:30:00+03:00": W3C datetime in the site's time zone, with its offset."""
        return value.astimezone(self.zone).isoformat(timespec="seconds")

    def entry(self, tag: str, loc: str, lastmod: datetime | None, news: str = "") -> None:
        lastmod_xml = f"<lastmod>{self.w3c(lastmod)}</lastmod>" if lastmod else ""
        self.parts.append(f"\n<{tag}><loc>{escape(loc)}</loc>{lastmod_xml}{news}</{tag}>")

    def news(self, title: str, published_at: datetime) -> str:
        return (
            "<news:news><news:publication>"
            f"<news:name>{escape(settings.WAGTAIL_SITE_NAME)}</news:name>"
            "<news:language>tr</news:language></news:publication>"
            f"<news:publication_date>{self.w3c(published_at)}</news:publication_date>"
            f"<news:title>{escape(xml_text(title))}</news:title></news:news>"
        )

    def response(self) -> HttpResponse:
        self.parts.append(f"\n</{self.root}>")
        return HttpResponse(
            "".join(self.parts).encode(), content_type="application/xml; charset=utf-8"
        )


def _page_number(request: HttpRequest) -> int:
    """`?sayfa=N` of a month's sitemap (none is 1); anything but a page number is a 404."""
    value = request.GET.get(PAGE_PARAMETER)
    if value is None:
        return 1
    number = params.integer(value, maximum=paging.MAX_PAGE)
    if number is None:
        raise Http404("Böyle bir sayfa yok")
    return number


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the pages' sitemap, then each month's sitemap pages, newest first."""
    months = sitemap_queries.month_counts(now=timezone.now())
    xml = _Writer("sitemapindex")
    pages_lastmod = _latest(*(month.lastmod for month in months))
    xml.entry("sitemap", request.build_absolute_uri(reverse("sitemap-pages")), pages_lastmod)
    for month in months:
        url = request.build_absolute_uri(reverse("sitemap-month", kwargs={"month": month.month}))
        for number in range(1, -(-month.articles // PAGE_SIZE) + 1):
            loc = url if number == 1 else f"{url}?{PAGE_PARAMETER}={number}"
            xml.entry("sitemap", loc, month.lastmod)
    return xml.response()


def sitemap_month(request: HttpRequest, month: str) -> HttpResponse:
    """/sitemap-YYYY-MM.xml[?sayfa=N]: a page of the month's published articles, newest
    first; a month without any, or a page past its last, is a 404."""
    try:
        start, end = month_bounds(month)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    rows = sitemap_queries.month_urls(
        start=start, end=end, now=timezone.now(), page=_page_number(request), size=PAGE_SIZE
    )
    if not rows:
        raise Http404(f"no articles published in {month}")
    url = page_url_builder(request)
    xml = _Writer("urlset")
    for url_path, lastmod in rows:
        if loc := url(url_path):
            xml.entry("url", loc, lastmod)
    return xml.response()


def sitemap_pages(request: HttpRequest) -> HttpResponse:
    """/sitemap-sayfalar.xml: the home page and the desks, last modified with their news."""
    desks = selectors.desk_list()
    latest = {}
    if desks:
        latest = dict(
            selectors.article_queryset()
            .order_by()
            .annotate(desk_path=Substr("path", 1, len(desks[0].path)))
            .values("desk_path")
            .annotate(lastmod=Max("last_published_at"))
            .values_list("desk_path", "lastmod")
        )
    xml = _Writer("urlset")
    xml.entry("url", request.build_absolute_uri("/"), _latest(*latest.values()))
    for desk in desks:
        xml.entry("url", request.build_absolute_uri(desk.get_url(request)), latest.get(desk.path))
    return xml.response()


def sitemap_news(request: HttpRequest) -> HttpResponse:
    """/sitemap-news.xml: Google News, articles first published in the last 48 hours."""
    now = timezone.now()
    rows = sitemap_queries.news_urls(since=now - NEWS_WINDOW, now=now, limit=NEWS_MAX_URLS)
    url = page_url_builder(request)
    xml = _Writer("urlset", news=True)
    for url_path, title, published_at, lastmod in rows:
        if loc := url(url_path):
            xml.entry("url", loc, lastmod, xml.news(title, published_at))
    return xml.response()
