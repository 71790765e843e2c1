"""Search as pages and the API see it: a reader's text and filters in, a page of hits out."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils.safestring import SafeString

from manset.search import snippets, suggest
from manset.search.engines import Filters, engine_for
from manset.search.engines.base import MAX_CANDIDATES
from manset.search.models import SearchEntry
from manset.search.query import MIN_PREFIX_CHARS, Query, parse
from manset.turkish import ISTANBUL, slugify

MAX_PER_PAGE = 50
# Below this many hits, a much commoner spelling of a query word is offered.
SUGGEST_BELOW = 3
SORTS = ("relevance", "newest")


@dataclass(frozen=True)
class Hit:
    page_id: int
    url: str
    headline: str
    headline_html: SafeString
    desk: str
    published_at: datetime
    score: float
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    text: str
    query: Query
    sort: str
    page: int
    per_page: int
    total: int
    capped: bool  # more than MAX_CANDIDATES matched; `total` stops there
    fallback: bool  # no article had every word: these have some
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    # Set when nothing matched what was typed and these are the results of `query`, a
    # respelling of it ("Pyongyng" → pyongyang).
    corrected_from: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class SearchFilters:
    """Filters as readers give them: slugs, an agency code, dates (Istanbul days)."""

    desk: str = ""
    tag: str = ""
    author: str = ""
    agency: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


def resolve_filters(wanted: SearchFilters) -> Filters | None:
    """Ids for the slugs; None when a filter names nothing that exists (no results)."""
    from manset.newsroom.agencies import Agency
    from manset.newsroom.models import Author, Tag
    from manset.newsroom.selectors import desk_list

    desk_id = tag_id = author_id = None
    if wanted.desk:
        desk_id = next((d.pk for d in desk_list() if d.slug == wanted.desk), None)
        if desk_id is None:
            return None
    if wanted.tag:
        tag_id = Tag.objects.filter(slug=wanted.tag).values_list("pk", flat=True).first()
        if tag_id is None:
            return None
    if wanted.author:
        author_id = Author.objects.filter(slug=wanted.author).values_list("pk", flat=True).first()
        if author_id is None:
            return None
    agency = None
    if wanted.agency:
        codes = {slugify(code): code for code in Agency.values if code}
        agency = codes.get(slugify(wanted.agency))
        if agency is None:
            return None
    return Filters(
        desk_id=desk_id,
        tag_id=tag_id,
        author_id=author_id,
        agency=agency,
        since=_day_start(wanted.since),
        until=_day_start(wanted.until + timedelta(days=1)) if wanted.until else None,
    )


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=ISTANBUL) if day else None


def search(
    text: str,
    *,
    engine: str | None = None,
    page: int = 1,
    per_page: int = 10,
    sort: str = "relevance",
    filters: SearchFilters | None = None,
    **filter_values,
) -> SearchResults:
    """Search live articles. Every word must match; when no article has them all, any does.

    Filters come as a `SearchFilters` or as its fields (desk="dunya", since=date(...)).
    """
    if engine is not None and engine != connection.vendor:
        raise ValueError(f"the {engine!r} engine is not the database in use ({connection.vendor})")
    filters = filters or SearchFilters(**filter_values)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    sort = sort if sort in SORTS else "relevance"
    query = parse(text)
    results = dict(
        text=text, query=query, sort=sort, page=page, per_page=per_page, total=0, capped=False
    )
    if query.empty:
        return SearchResults(**results, fallback=False)
    resolved = resolve_filters(filters)
    if resolved is None:
        return SearchResults(**results, fallback=False)
    eng = engine_for()
    offset = (page - 1) * per_page
    if offset >= MAX_CANDIDATES:
        return SearchResults(**results, fallback=False)
    options = dict(filters=resolved, newest=sort == "newest", limit=per_page, offset=offset)
    with connection.cursor() as cursor:
        match = eng.match(cursor, query, **options)
        fallback = False
        loose = _loosened(query)
        if match.total == 0 and len(loose.words) > 1:
            match = eng.match(cursor, loose, any_word=True, **options)
            fallback = match.total > 0
    suggestion = None
    if match.total < SUGGEST_BELOW or fallback:
        # After a fallback, a respelling that has every word beats any count of partial hits.
        suggestion = _suggestion(query, resolved, than=0 if fallback else match.total)
    if match.total == 0 and suggestion:
        # Nothing at all for what was typed: show the respelling's results (and say so).
        corrected = search(suggestion, page=page, per_page=per_page, sort=sort, filters=filters)
        return replace(corrected, text=text, corrected_from=query.describe())
    results.update(total=match.total, capped=match.capped)
    return SearchResults(
        **results,
        fallback=fallback,
        hits=_hits(match.hits, query),
        suggestion=suggestion,
    )


def _loosened(query: Query) -> Query:
    """The fallback: phrases dissolved into words, so that any word of the query may match
    (exclusions still hold)."""
    words = {word.exact: word for word in query.wanted_words}
    return replace(query, words=tuple(words.values()), phrases=())


def _suggestion(query: Query, filters: Filters, *, than: int) -> str | None:
    """A respelt query, offered only when it finds more than the query did."""
    text = suggest.did_you_mean(query)
    if text is None:
        return None
    with connection.cursor() as cursor:
        better = engine_for().match(cursor, parse(text), filters=filters, limit=1)
    return text if better.total > than else None


def _hits(scored: list[tuple[int, float]], query: Query) -> list[Hit]:
    if not scored:
        return []
    from manset.newsroom.models import ArticlePage
    from manset.newsroom.selectors import desk_list

    ids = [page_id for page_id, _ in scored]
    entries = SearchEntry.objects.in_bulk(ids)
    pages = {
        page.pk: page
        for page in ArticlePage.objects.filter(pk__in=ids).only(
            "id", "path", "depth", "url_path", "content_type_id"
        )
    }
    desks = {desk.pk: desk.title for desk in desk_list()}
    terms = snippets.query_terms(query)
    hits = []
    for page_id, score in scored:
        entry, page = entries.get(page_id), pages.get(page_id)
        if entry is None or page is None:  # unpublished between the two queries
            continue
        source = entry.lead
        if not snippets.has_match(entry.lead, terms) and snippets.has_match(entry.body, terms):
            source = entry.body
        hits.append(
            Hit(
                page_id=page_id,
                url=page.get_url() or "",
                headline=entry.headline,
                headline_html=snippets.highlight(entry.headline, terms),
                desk=desks.get(entry.desk_id, ""),
                published_at=entry.published_at,
                score=round(float(score), 6),
                snippet=snippets.snippet(source, terms),
            )
        )
    return hits


def autocomplete(text: str, *, limit: int = 6) -> dict:
    """Headlines and tags starting like the text (Turkish-aware: "kuz", "İSTANB", "gorus")."""
    from django.db.models import Q

    from manset.newsroom.models import ArticlePage, Tag

    text = text[:100]
    query = parse(text)
    if query.words and len(query.words[-1].exact) < MIN_PREFIX_CHARS:
        # "ışık f": a one-letter last word would match nothing yet; search by the others.
        query = replace(query, words=query.words[:-1])
    headlines = []
    if not query.empty:
        with connection.cursor() as cursor:
            ids = engine_for().headline_prefix(cursor, query, limit=limit)
        pages = ArticlePage.objects.only("id", "title", "path", "depth", "url_path").in_bulk(ids)
        headlines = [
            {"headline": pages[i].title, "url": pages[i].get_url() or ""} for i in ids if i in pages
        ]
    tags = []
    slug = slugify(text)
    if len(slug) >= 2:
        tags = [
            {"name": tag.name, "url": f"/etiket/{tag.slug}/"}
            for tag in Tag.objects.filter(
                Q(slug__startswith=slug) | Q(slug__contains=f"-{slug}")
            ).order_by("name")[:limit]
        ]
    return {"headlines": headlines, "tags": tags}
