"""The wire desk in the Wagtail admin ("Ajans masası"): the list, one item, and turning an item
into an article. Thin: each view parses input, calls a selector or one service, and renders."""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from manset import turkish
from manset.core.errors import MansetError
from manset.wires import selectors
from manset.wires.admin_forms import (
    URGENCY_LABELS,
    DeskChoiceForm,
    KeywordAlertForm,
    WireFilterForm,
)
from manset.wires.articles import wire_item_to_article
from manset.wires.items import Urgency
from manset.wires.models import KeywordAlert

PER_PAGE = 50
FILTER_CHOICES_KEY = "wires:filter-choices"  # asked every 30 s by every open list: kept 60 s
URGENCY_BANNERS = {Urgency.FLASH.value: _lazy("FLAŞ"), Urgency.URGENT.value: _lazy("ACİL")}


def desk_user_required(view):
    """Only people who work a desk (can add pages on one) or superusers use the wire desk."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.is_desk_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def clock(moment, *, seconds: bool = False) -> str:
    """ "14:32" (or "14:32:05") in Istanbul time."""
    return turkish.to_istanbul(moment).strftime("%H:%M:%S" if seconds else "%H:%M")


@never_cache
@desk_user_required
def wire_list(request):
    """Newest agency copy first, filtered by GET parameters; `?parca=1` gives the rows alone."""
    choices = cache.get_or_set(FILTER_CHOICES_KEY, selectors.wire_filter_choices, 60)
    filters = WireFilterForm(request.GET or None, choices=choices, desks=selectors.desk_list())
    page = selectors.wire_item_page(
        filters=filters.filters(), number=request.GET.get("p"), per_page=PER_PAGE
    )
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("parca", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "refreshed": clock(timezone.now(), seconds=True),
        "header_title": _("Ajans masası"),
    }
    if request.GET.get("parca"):
        return render(request, "wires/admin/list_rows.html", context)
    return render(request, "wires/admin/list.html", context)


@desk_user_required
def wire_item(request, item_id: int):
    """One item: its text, metadata, versions, the other sources of its story, and actions."""
    item = _item_or_404(item_id)
    stored = selectors.wire_pictures_stored(item=item)
    add_desks = selectors.desks_for_user(user=request.user, action="add")
    publish_ids = {d.id for d in selectors.desks_for_user(user=request.user, action="publish")}
    initial = item.desk_id if any(d.id == item.desk_id for d in add_desks) else None
    context = {
        "item": item,
        "agency": selectors.agency_name(item.provider),
        "versions": selectors.wire_item_versions(item=item),
        "siblings": selectors.story_siblings(item=item),
        "add_desks": add_desks,
        "publish_desk_ids": publish_ids & {d.id for d in add_desks},
        "initial_desk": initial,
        "link": web_url(item.link),
        "media": [_media(media, stored) for media in item.media],
        "embargo_active": bool(item.embargo_until and item.embargo_until > timezone.now()),
        "urgency_label": URGENCY_LABELS.get(item.urgency, item.urgency),
        "header_title": item.headline,
    }
    return render(request, "wires/admin/item.html", context)


def _media(media: dict, stored: set[str]) -> dict:
    url = media.get("url") or ""
    label = media.get("ref") or url
    return {**media, "label": label, "href": web_url(url), "stored": bool(url) and url in stored}


def web_url(url: str) -> str:
    """`url` if it is an http(s) address, else "": agency files are not trusted with links."""
    return url if url.startswith(("https://", "http://")) else ""


def _item_or_404(item_id: int):
    item = selectors.wire_item_get(item_id=item_id)
    if item is None:
        raise Http404(_("Bu ajans haberi yok (silinmiş olabilir)."))
    return item


@require_POST
@desk_user_required
def wire_item_convert(request, item_id: int):
    """ "Habere dönüştür": a draft on the chosen desk, then Wagtail's editor."""
    return _convert(request, item_id, publish=False)


@require_POST
@desk_user_required
def wire_item_publish(request, item_id: int):
    """ "Doğrudan yayınla": published at once with the agency's credit (or at the embargo)."""
    return _convert(request, item_id, publish=True)


def _convert(request, item_id: int, *, publish: bool):
    item = _item_or_404(item_id)
    item_url = reverse("wires_admin:item", args=[item.id])
    if item.article_id:
        messages.warning(request, _("Bu ajans haberi zaten kullanıldı."))
        return redirect("wagtailadmin_pages:edit", item.article_id)
    action = "publish" if publish else "add"
    form = DeskChoiceForm(
        request.POST, desks=selectors.desks_for_user(user=request.user, action=action)
    )
    desk = form.cleaned_data["desk"] if form.is_valid() else None
    tester = desk.permissions_for_user(request.user) if desk else None
    allowed = bool(tester and tester.can_add_subpage())
    if publish:
        allowed = allowed and tester.can_publish_subpage()
    if not allowed:
        messages.error(
            request,
            _("Bu serviste yayımlama yetkiniz yok.")
            if publish
            else _("Bu servise haber ekleme yetkiniz yok."),
        )
        return redirect(item_url)
    try:
        conversion = wire_item_to_article(item=item, desk=desk, user=request.user, publish=publish)
    except MansetError as exc:
        messages.error(request, _("Haber oluşturulamadı: %(reason)s") % {"reason": exc})
        return redirect(item_url)
    article = conversion.article
    if not conversion.created:
        messages.warning(request, _("Bu ajans haberi zaten kullanıldı."))
    elif conversion.published:
        messages.success(
            request,
            _("Yayımlandı: “%(title)s”") % {"title": article.title},
            buttons=[messages.button(article.full_url or article.url, _("Sitede gör"), True)],
        )
    elif publish and article.go_live_at:
        messages.success(
            request,
            _("Ambargo bitince yayımlanacak: “%(title)s”, %(when)s")
            % {"title": article.title, "when": turkish.format_long(article.go_live_at)},
        )
    else:
        messages.success(request, _("Taslak oluşturuldu: “%(title)s”") % {"title": article.title})
    for note in conversion.notes:
        messages.warning(request, _("Aktarılamadı: %(note)s") % {"note": note})
    return redirect("wagtailadmin_pages:edit", article.id)


# Quarantine: files and items that could not be taken.


@desk_user_required
def rejection_list(request):
    page = Paginator(selectors.rejection_list(), PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request, "wires/admin/rejections.html", {"page": page, "header_title": _("Karantina")}
    )


@desk_user_required
def rejection_detail(request, rejection_id: int):
    """One refusal, with the first bytes of the file as escaped text (never as markup)."""
    rejection = selectors.rejection_get(rejection_id=rejection_id)
    if rejection is None:
        raise Http404(_("Bu karantina kaydı yok."))
    head = selectors.rejection_head_text(rejection)
    context = {
        "rejection": rejection,
        "head": head,
        "head_bytes": min(len(rejection.head), selectors.HEAD_SHOWN),
        "header_title": rejection.name,
    }
    return render(request, "wires/admin/rejection.html", context)


# Keyword alerts: each user's own words.


@desk_user_required
def keyword_alerts(request):
    form = KeywordAlertForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        alert = form.save()
        messages.success(request, _("“%(keyword)s” eklendi.") % {"keyword": alert.keyword})
        return redirect("wires_admin:keywords")
    context = {
        "form": form,
        "alerts": selectors.keyword_alert_list(user=request.user),
        "header_title": _("Uyarı sözcüklerim"),
    }
    return render(request, "wires/admin/keywords.html", context)


@require_POST
@desk_user_required
def keyword_alert_delete(request, alert_id: int):
    alert = KeywordAlert.objects.filter(pk=alert_id, user=request.user).first()
    if alert is None:
        raise Http404(_("Bu uyarı sözcüğü sizin listenizde yok."))
    alert.delete()
    messages.success(request, _("“%(keyword)s” silindi.") % {"keyword": alert.keyword})
    return redirect("wires_admin:keywords")


# The banner on every admin page.


@never_cache
def alerts(request):
    """JSON for the admin's alert banner: agency copy and sources only, never reader data."""
    user = request.user
    if not selectors.is_desk_user(user):
        return JsonResponse({"alerts": []})
    found = selectors.wire_alerts(user=user, with_sources=user.has_perm("wires.change_wiresource"))
    urgent_ids = {item.id for item in found.urgent}
    rows = [
        _item_alert(
            item, f"item-{item.id}", URGENCY_BANNERS[item.urgency], found.also_from.get(item.id)
        )
        for item in found.urgent
    ]
    rows += [
        _item_alert(item, f"kw-{item.id}", f"“{keyword}”")
        for item, keyword in found.keyword_hits
        if item.id not in urgent_ids
    ]
    sources_url = reverse("wires_sources:index")
    for source in found.paused:
        mark = hashlib.sha256(source.paused_reason.encode()).hexdigest()[:12]
        rows.append(
            {
                "id": f"paused-{source.id}-{mark}",
                "kind": "paused",
                "text": _("Kaynak durduruldu: %(name)s — %(reason)s")
                % {"name": source.name, "reason": source.paused_reason},
                "url": sources_url,
            }
        )
    for source, since in found.idle:
        rows.append(
            {
                "id": f"idle-{source.id}-{int(since.timestamp())}",
                "kind": "idle",
                "text": _("Kaynak sessiz: %(name)s — son haber %(when)s")
                % {"name": source.name, "when": turkish.format_short(since)},
                "url": sources_url,
            }
        )
    return JsonResponse({"alerts": rows, "checked_at": clock(timezone.now(), seconds=True)})


def _item_alert(item, key: str, label: str, also_from=()) -> dict:
    agency = selectors.agency_name(item.provider)
    text = f"{label}: {item.headline} — {agency}, {clock(item.received_at)}"
    if also_from:
        others = ", ".join(selectors.agency_name(provider) for provider in also_from)
        text += " " + _("(ayrıca %(agencies)s)") % {"agencies": others}
    return {
        "id": key,
        "kind": item.urgency if key.startswith("item-") else "keyword",
        "text": text,
        "url": reverse("wires_admin:item", args=[item.id]),
    }
