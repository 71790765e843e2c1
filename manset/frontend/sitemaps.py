"""Sitemaps: an index of monthly article sitemaps, the site's pages, and Google News.

The index costs one aggregate query however long the archive is; a monthly
sitemap one query for its articles. Months follow the site's time zone.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.xmlutils import SimplerXMLGenerator

from manset.core.xmltext import xml_text
from manset.newsroom import selectors

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000  # the protocol's limit for one sitemap file
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1_000
URL_FIELDS = ("id", "url_path", "title", "first_published_at", "last_published_at")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    lastmod: datetime | None = None
    news_title: str = ""  # set for the Google News sitemap
    news_published_at: datetime | None = None


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


def _articles(**filters):
    return selectors.article_queryset(**filters).select_related(None).only(*URL_FIELDS)


def _latest(*values: datetime | None) -> datetime | None:
    return max((value for value in values if value is not None), default=None)


def _xml_response(urls: list[SitemapUrl], *, index: bool = False, news: bool = False):
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    xml = SimplerXMLGenerator(response, "utf-8", short_empty_elements=True)
    xml.startDocument()
    root = "sitemapindex" if index else "urlset"
    attrs = {"xmlns": SITEMAP_NS, **({"xmlns:news": NEWS_NS} if news else {})}
    xml.startElement(root, attrs)
    for url in urls:
        xml.characters("\n")
        xml.startElement("sitemap" if index else "url", {})
        xml.addQuickElement("loc", url.loc)
        if url.lastmod:
            xml.addQuickElement("lastmod", _w3c(url.lastmod))
        if url.news_title:
            xml.startElement("news:news", {})
            xml.startElement("news:publication", {})
            xml.addQuickElement("news:name", settings.WAGTAIL_SITE_NAME)
            xml.addQuickElement("news:language", "tr")
            xml.endElement("news:publication")
            xml.addQuickElement("news:publication_date", _w3c(url.news_published_at))
            xml.addQuickElement("news:title", xml_text(url.news_title))
            xml.endElement("news:news")
        xml.endElement("sitemap" if index else "url")
    xml.characters("\n")
    xml.endElement(root)
    return response


def _w3c(value: datetime) -> str:
    """ "2024-06-19T09:30:00+03:00": W3C datetime in the site's time zone, with its offset."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the pages' sitemap, then one sitemap per month with articles, newest first."""
    months = (
        selectors.article_queryset()
        .order_by()
        .annotate(month=TruncMonth("first_published_at", tzinfo=timezone.get_default_timezone()))
        .values("month")
        .annotate(lastmod=Max("last_published_at"))
        .order_by("-month")
    )
    urls = [
        SitemapUrl(
            loc=request.build_absolute_uri(
                reverse("sitemap-month", kwargs={"month": f"{row['month']:%Y-%m}"})
            ),
            lastmod=row["lastmod"],
        )
        for row in months
    ]
    pages = SitemapUrl(
        loc=request.build_absolute_uri(reverse("sitemap-pages")),
        lastmod=_latest(*(url.lastmod for url in urls)),
    )
    return _xml_response([pages, *urls], index=True)


def sitemap_month(request: HttpRequest, month: str) -> HttpResponse:
    """/sitemap-YYYY-MM.xml: the month's published articles; a month without any is a 404."""
    try:
        start, end = month_bounds(month)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    urls = [
        SitemapUrl(
            loc=request.build_absolute_uri(article.get_url(request)),
            lastmod=_latest(article.last_published_at, article.first_published_at),
        )
        for article in _articles(since=start, until=end)[:MAX_URLS]
    ]
    if not urls:
        raise Http404(f"no articles published in {month}")
    return _xml_response(urls)


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
    home = SitemapUrl(loc=request.build_absolute_uri("/"), lastmod=_latest(*latest.values()))
    urls = [
        SitemapUrl(
            loc=request.build_absolute_uri(desk.get_url(request)), lastmod=latest.get(desk.path)
        )
        for desk in desks
    ]
    return _xml_response([home, *urls])


def sitemap_news(request: HttpRequest) -> HttpResponse:
    """/sitemap-news.xml: Google News, articles first published in the last 48 hours."""
    since = timezone.now() - NEWS_WINDOW
    urls = [
        SitemapUrl(
            loc=request.build_absolute_uri(article.get_url(request)),
            lastmod=_latest(article.last_published_at, article.first_published_at),
            news_title=article.title,
            news_published_at=article.first_published_at,
        )
        for article in _articles(since=since)[:NEWS_MAX_URLS]
    ]
    return _xml_response(urls, news=True)
