"""Reader pages outside Wagtail's tree: tags, authors and the date archive."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from manset import turkish
from manset.core import paging, params
from manset.core.client import client_ip, same_origin
from manset.frontend.models import OutletSettings
from manset.newsroom import selectors
from manset.newsroom.reads import ReadVerdict, read_record


def _page_of(request, articles):
    """One page of a listing; a `sayfa` that is not one of its pages is a 404."""
    return paging.page_get(
        articles, number=request.GET.get("sayfa"), per_page=paging.LISTING_PER_PAGE
    )


def tag_page(request, slug: str):
    tag = selectors.tag_get(slug=slug)
    if tag is None:
        raise Http404("Etiket bulunamadı")
    return render(
        request,
        "frontend/tag_page.html",
        {"tag": tag, "page_obj": _page_of(request, selectors.article_cards(tag=tag))},
    )


def author_page(request, slug: str):
    author = selectors.author_get(slug=slug)
    if author is None:
        raise Http404("Yazar bulunamadı")
    return render(
        request,
        "frontend/author_page.html",
        {
            "author": author,
            "page_obj": _page_of(request, selectors.article_cards(author=author)),
        },
    )


def archive_day(request, year: int, month: int, day: int):
    # A year away from the calendar's ends, so the neighbouring days exist too.
    on_day = params.calendar_date(year, month, day)
    if on_day is None:
        raise Http404("Geçersiz tarih")
    day_start = selectors.day_start(on_day)
    articles = selectors.article_cards(day=on_day)
    today = turkish.to_istanbul(timezone.now()).date()
    return render(
        request,
        "frontend/archive.html",
        {
            "heading": turkish.format_day(day_start),
            "day": day_start,
            "previous_day": day_start - timedelta(days=1),
            # Today's page grows all day; there is no next day to read yet.
            "next_day": day_start + timedelta(days=1) if on_day < today else None,
            "page_obj": _page_of(request, articles),
        },
    )


@csrf_exempt
@require_POST
def read_beacon(request, article_id: int):
    """The article page's beacon: counts a read; never cached, never a cookie.

    Only this site's pages may send it (Origin, or Sec-Fetch-Site; see core.client)."""
    if not same_origin(request):
        response = _plain(_("Okumalar yalnızca sitemizin sayfalarından sayılır."), 403)
    elif read_record(article_id=article_id, ip=client_ip(request)) is ReadVerdict.NOT_FOUND:
        response = _plain(_("Bu numarayla yayımlanmış bir haber yok."), 404)
    else:  # counted, or rightly not: the page has nothing to show either way
        response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def privacy_notice(request):
    """The KVKK notice the comment form links to (an outlet may point elsewhere)."""
    from manset.comments.services import comment_settings

    config = comment_settings()
    return render(
        request,
        "frontend/kvkk.html",
        {
            "config": config,
            "outlet": OutletSettings.load(request_or_site=request),
            "ip_retention": _days_in_words(config.ip_retention_days),
        },
    )


def _days_in_words(days: int) -> str:
    """ "2 yıl", "1 yıl 30 gün", "90 gün": a retention period as a reader says it."""
    years, rest = divmod(days, 365)
    parts = [f"{years} yıl"] if years else []
    if rest or not years:
        parts.append(f"{rest} gün")
    return " ".join(parts)
