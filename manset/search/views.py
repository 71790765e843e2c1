"""The results page (/arama/), the same search as JSON (/api/v1/search/) and autocomplete.

Thin: parameters in (a malformed one is ignored, never a 500), one selector, a page out.
Search pages say `noindex` and are never kept in the app's page cache; a proxy may keep
them a second, so an edit shows in results within that.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from manset.core import params, ratelimit
from manset.core.client import client_ip
from manset.newsroom.agencies import SHORT_NAMES, Agency
from manset.newsroom.selectors import desk_list
from manset.search.selectors import SearchFilters, autocomplete, search

# Per reader address, per minute.
SEARCHES_PER_MINUTE = 60
AUTOCOMPLETES_PER_MINUTE = 300
MAX_PARAM = 200


def _param(request, name: str) -> str:
    return params.text(request.GET.get(name, ""), max_length=MAX_PARAM)


def _arguments(request) -> dict:
    return {
        "text": request.GET.get("q", "")[:10_000],
        "page": params.integer(_param(request, "sayfa"), maximum=99_999) or 1,
        "sort": "newest" if _param(request, "sira") == "yeni" else "relevance",
        "filters": SearchFilters(
            desk=_param(request, "servis"),
            tag=_param(request, "etiket"),
            author=_param(request, "yazar"),
            agency=_param(request, "ajans"),
            since=params.iso_date(_param(request, "baslangic")),
            until=params.iso_date(_param(request, "bitis")),
        ),
    }


def _too_many(request, kind: str, limit: int) -> bool:
    return ratelimit.over_limit([(kind, client_ip(request) or "", limit, 60)])


def _finish(response, *, noindex: bool = True):
    patch_cache_control(response, public=True, max_age=0, s_maxage=1)
    if noindex:
        response["X-Robots-Tag"] = "noindex"
    return response


def search_page(request):
    if _too_many(request, "search", SEARCHES_PER_MINUTE):
        response = render(request, "search/busy.html", status=429)
        response["Retry-After"] = "60"
        return response
    arguments = _arguments(request)
    results = search(**arguments) if arguments["text"].strip() else None
    if results is not None and results.page > results.pages:
        raise Http404("Böyle bir sonuç sayfası yok")
    context = {
        "q": arguments["text"][:500],
        "results": results,
        "filters": arguments["filters"],
        "sort": arguments["sort"],
        "search_desks": desk_list(),
        "search_agencies": [(code, SHORT_NAMES[code]) for code in Agency.values if code],
    }
    return _finish(render(request, "search/results.html", context))


def search_api(request):
    if _too_many(request, "search", SEARCHES_PER_MINUTE):
        response = JsonResponse(
            {"error": _("Çok sık arama yaptınız; bir dakika sonra deneyin.")}, status=429
        )
        response["Retry-After"] = "60"
        return response
    results = search(**_arguments(request))
    data = {
        "query": results.query.describe(),
        "total": results.total,
        "total_is_capped": results.capped,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "sort": results.sort,
        "any_word_fallback": results.fallback,
        "did_you_mean": results.suggestion,
        "corrected_from": results.corrected_from,
        "hits": [
            {
                "url": request.build_absolute_uri(hit.url),
                "headline": hit.headline,
                "desk": hit.desk,
                "published_at": hit.published_at.isoformat(),
                "score": hit.score,
                "snippet": str(hit.snippet),
            }
            for hit in results.hits
        ],
    }
    return _finish(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


def autocomplete_api(request):
    if _too_many(request, "autocomplete", AUTOCOMPLETES_PER_MINUTE):
        return JsonResponse({"headlines": [], "tags": []}, status=429)
    return _finish(
        JsonResponse(autocomplete(_param(request, "q")), json_dumps_params={"ensure_ascii": False})
    )
