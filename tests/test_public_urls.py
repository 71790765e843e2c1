"""Every public URL of the site, filled with hostile values, never answers a server error.

The URL patterns come from Django's resolver (so a new one is covered the day it is
added), plus the Wagtail pages of a small site: home, a desk, an article. Path
converters and the query parameters the views read get huge and negative integers,
other scripts' digits, NUL and control characters, long strings, percent-encoded junk
and broken UTF-8 (%FF), and dates like 0000-00-00. A 404 or a page that ignores the
value is fine; a 5xx or an exception is a bug. Each bug found is fixed and kept below
as an @example.
"""

import re
from datetime import date
from urllib.parse import quote, quote_from_bytes

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# The suite runs this many; raise it locally to look further (deadline off: pages render).
EXAMPLES = 300
# Staff-only areas: they answer a login redirect to readers.
PRIVATE_PREFIXES = ("admin/", "django-admin/")
# Every query parameter a public view reads, with values that reach past the first check.
QUERY_PARAMETERS = {
    "q": ("deprem", "kuzey kore", "Putin", '"kuzey kore" -zirve'),
    "sayfa": ("1", "2"),
    "servis": ("dunya",),
    "etiket": ("kuzey-kore",),
    "yazar": ("ilker-isik",),
    "ajans": ("AA", "İHA"),
    "baslangic": ("2024-06-19",),
    "bitis": ("2024-06-19",),
    "sira": ("yeni", "eski", "ilgi"),
    "haber": ("<ARTICLE-ID>", "<ARTICLE-ID>,1"),
    "yorum": ("<COMMENT-ID>",),
    "yanit": ("<COMMENT-ID>",),
    "parca": ("1",),
    "sikayet": ("1",),
}
SEARCH = ("q", "sayfa", "servis", "etiket", "yazar", "ajans", "baslangic", "bitis", "sira")
# Which view reads which; any other URL gets a few of all of them.
READS = {
    "search": SEARCH,
    "search-api": SEARCH,
    "search-autocomplete": ("q",),
    "counts": ("haber",),
    "list": ("sira", "parca"),
    "wagtail_serve": ("sayfa", "yorum", "yanit", "sikayet"),
    "tag": ("sayfa",),
    "author": ("sayfa",),
    "archive-day": ("sayfa",),
    "sitemap-month": ("sayfa",),
}
# Stand-ins for the ids and slugs of the site the fixture makes, put in before each GET.
ARTICLE_ID, COMMENT_ID, ARTICLE_PATH = "<ARTICLE-ID>", "<COMMENT-ID>", "<ARTICLE-PATH>"
REAL_NUMBERS = (ARTICLE_ID, COMMENT_ID, "1", "2024", "6", "19")
REAL_SLUGS = ("dunya", "gundem", "kuzey-kore", "ilker-isik", "yok")
SITE_PATHS = ("", "dunya/", "gundem/", ARTICLE_PATH)
# Already in URL form (sent as they are): edge numbers and dates, encodings no browser sends.
EDGE_NUMBERS = (
    "0",
    "-1",
    "-0",
    "+1",
    "00",
    "1e400",
    "NaN",
    "99999999999",
    "99999999999999999999",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,
    "1,2,,3",
    "%D9%A1%D9%A2",  # ١٢
    "%F0%9D%9F%99",  # mathematical bold 1
    "%C2%B2",  # ²
)
EDGE_DATES = (
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94-%EF%BC%90%EF%BC%91-%EF%BC%90%EF%BC%91",  # fullwidth
)
BAD_ENCODINGS = (
    "",
    "%00",
    "a%00b",
    "%FF",
    "%C0%AF",
    "%E2%82",
    "%ED%A0%80",  # an encoded lone surrogate
    "%",
    "%%",
    "%zz",
    "%2F",
    "%2F..%2F",
    "%0A",
    "%1B",
    "%C2%85",
    "..",
    "%3Cscript%3E",
    "'%22",
)
LONG = ("a" * 5000, "%C4%B0" * 3000, "kuzey-kore-" * 500)


def _quoted(value: str) -> str:
    return quote(value, safe="")


def either(*strategies):
    """One of the strategies, each as likely (st.one_of flattens nested choices into one)."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


def numbers():
    """Integers as text: edge cases, any size, and past 64 bits."""
    return st.one_of(
        st.sampled_from(EDGE_NUMBERS),
        st.integers(-(2**80), 2**80).map(str),
        st.integers(2**63 - 2, 2**80).map(str),
    )


def dates():
    return st.sampled_from(EDGE_DATES) | st.dates().map(date.isoformat)


def texts():
    """Text with NUL, other control characters, broken UTF-8, or very long."""
    return st.one_of(
        st.sampled_from(BAD_ENCODINGS),
        st.sampled_from(LONG),
        st.tuples(st.text(max_size=8), st.text(max_size=8)).map("\x00".join).map(_quoted),
        st.text(st.characters(categories=("Cc", "Cf", "Zs", "Nd")), max_size=12).map(_quoted),
        st.binary(max_size=12).map(lambda raw: quote_from_bytes(raw, safe="")),
    )


def url_values():
    """One hostile value of any kind, as it appears in a URL (percent-encoded where needed)."""
    return either(numbers(), dates(), texts(), st.text(max_size=40).map(_quoted))


def _converter_values(converter):
    if isinstance(converter, IntConverter):
        real = st.sampled_from(REAL_NUMBERS) | numbers()
    elif isinstance(converter, SlugConverter):
        real = st.sampled_from(REAL_SLUGS) | st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True)
    else:
        real = st.text(min_size=1, max_size=60).map(_quoted)
    return either(real, url_values())


_ROUTE_PART = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


def _route(pattern: RoutePattern):
    """The route with each <converter:name> filled."""
    route, parts, position = str(pattern), [], 0
    for match in _ROUTE_PART.finditer(route):
        parts.append(st.just(route[position : match.start()]))
        parts.append(_converter_values(pattern.converters[match["name"]]))
        position = match.end()
    parts.append(st.just(route[position:]))
    return st.tuples(*parts).map("".join)


def _regex(pattern: RegexPattern):
    """A string the regex matches, or its literal text with each group hostile."""
    regex = str(pattern).removeprefix("^").removesuffix("$")
    matching = st.from_regex(regex, fullmatch=True).map(lambda text: quote(text, safe="/"))
    pieces, depth, literal, index = [], 0, "", 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and depth == 0:
            literal += regex[index + 1]
            index += 2
            continue
        if char == "(" and (index == 0 or regex[index - 1] != "\\"):
            if depth == 0:
                pieces.append(st.just(literal))
                pieces.append(url_values())
                literal = ""
            depth += 1
        elif char == ")" and regex[index - 1] != "\\":
            depth -= 1
        elif depth == 0:
            literal += char
        index += 1
    pieces.append(st.just(literal))
    return matching | st.tuples(*pieces).map("".join)


def _wagtail_pages():
    """Paths of the small site's pages, sometimes with a hostile segment added."""
    segment = url_values().map(lambda value: f"{value}/")
    return st.tuples(st.sampled_from(SITE_PATHS), st.just("") | segment).map("".join)


def public_patterns(patterns=None, prefix=()):
    """(name, [pattern, ...]) for each public URL pattern, outermost pattern first."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        chain = (*prefix, entry.pattern)
        if str(chain[0]).startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from public_patterns(entry.url_patterns, chain)
        elif isinstance(entry, URLPattern):
            yield entry.name, chain


def _path(name: str, chain):
    if name == "wagtail_serve":
        return _wagtail_pages() | _regex(chain[-1])
    parts = [_route(p) if isinstance(p, RoutePattern) else _regex(p) for p in chain]
    return st.tuples(*parts).map("".join)


# Hostile values of the kind the parameter expects, besides any kind.
KINDS = {
    "sayfa": numbers,
    "haber": lambda: st.lists(numbers() | st.just(ARTICLE_ID), max_size=4).map(",".join),
    "yorum": numbers,
    "yanit": numbers,
    "baslangic": dates,
    "bitis": dates,
}


@st.composite
def _query(draw, name: str):
    """A query string: up to two of the parameters the view reads hostile, the others
    absent or real (a bad value among good ones reaches furthest)."""
    keys = READS.get(name, tuple(QUERY_PARAMETERS))
    hostile = draw(st.lists(st.sampled_from(keys), max_size=2, unique=True))
    pairs = []
    for key in keys:
        real = st.sampled_from(QUERY_PARAMETERS[key]).map(lambda v: quote(v, safe="<>,"))
        if key in hostile:
            value = draw(either(KINDS.get(key, texts)(), url_values()))
        else:
            # Most filters are only read when there is a query to search for.
            value = draw(either(st.none(), *[real] * (3 if key == "q" else 1)))
        if value is not None:
            pairs.append(f"{key}={value}")
    return "&".join(pairs)


@st.composite
def public_urls(draw):
    # A view that reads more parameters gets more examples.
    weighted = [
        pattern
        for pattern in sorted(public_patterns(), key=lambda p: p[0] or "")
        for _ in range(1 + len(READS.get(pattern[0], ())))
    ]
    name, chain = draw(st.sampled_from(weighted))
    path, query = draw(_path(name, chain)), draw(_query(name))
    return f"/{path}" + (f"?{query}" if query else "")


@pytest.fixture
def site(desks, make_record, make_comment):
    """A small site: two desks, an article with tags and an author, a comment, and an
    article holding control characters as an editor's paste may (the importer refuses them)."""
    from manset.newsroom.services import article_upsert

    article = article_upsert(record=make_record(authors=("İlker Işık",))).article
    comment = make_comment(article)
    pasted = make_record(
        external_id="yapistirma", headline="Yapıştırılmış\x0b başlık", lead="Spot\x08.", tags=()
    )
    article_upsert(record=pasted)
    return {ARTICLE_ID: str(article.id), COMMENT_ID: str(comment.id), ARTICLE_PATH: article.url[1:]}


def test_every_public_pattern_is_enumerated():
    """The test below sees the routes it should (and none of the admin)."""
    names = {name for name, _ in public_patterns()}
    assert {"archive-day", "tag", "feed-desk", "sitemap-month", "counts", "list"} <= names
    assert {"search", "search-api", "wagtail_serve", "wagtaildocs_serve"} <= names
    assert "wagtailadmin_home" not in names and "login" not in names


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=public_urls())
@example(url="/arsiv/99999999999/1/1/")
@example(url="/arsiv/1/1/1/")
@example(url="/arsiv/9999/12/31/")
@example(url="/yorum/sayilar/?haber=99999999999999999999")
@example(url="/yorum/sayilar/?haber=9223372036854775808")  # found by this test: 2**63
@example(url="/arama/?q=deprem&etiket=%00")
@example(url="/arama/?q=deprem&yazar=%00")
@example(url="/api/v1/search/?q=deprem&etiket=%00")
@example(url="/api/v1/search/?q=deprem&yazar=%00")
@example(url="/api/v1/search/?q=deprem&bitis=9999-12-31")
@example(url="/sitemap-0000-00.xml")
@example(url=f"/{ARTICLE_PATH}?yorum=99999999999999999999&yanit=%00")
@example(url=f"/yorum/{ARTICLE_ID}/sayfa/99999999999999999999/?sira=%00")
@example(url="/dunya/?sayfa=%FF")
@example(url="/rss/dunya/")  # a control character in a stored headline
@example(url="/sitemap-news.xml")
def test_no_public_url_gives_a_server_error(client, site, url):
    from django.core.cache import cache
    from django.db import transaction

    for token, value in site.items():
        url = url.replace(token, value)
    cache.clear()  # the search rate limit would stop the run, not the code
    with transaction.atomic():  # a failed statement must not spoil the next example
        response = client.get(url)
    assert response.status_code < 500, url
