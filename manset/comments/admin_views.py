"""The moderators' queue and the reader-data tools in the Wagtail admin. Thin: each
action calls one service."""

import json
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from manset.comments import selectors, services
from manset.comments.reasons import moderation_reasons
from manset.newsroom.selectors import desk_list

MODERATE = "comments.moderate_comment"
# A reader's e-mail address and IP are their personal data (see the KVKK notice: only
# authorised editors see them): one permission, kept under its first codename so that
# existing grants hold. Yazı İşleri has it; a desk's editors do not.
VIEW_PERSONAL_DATA = "comments.view_ip_address"
ACTIONS = {"approve", "spam", "reject", "trash"}
DONE = {
    "approve": gettext_lazy("Onaylandı"),
    "spam": gettext_lazy("Spam sayıldı"),
    "reject": gettext_lazy("Reddedildi"),
    "trash": gettext_lazy("Çöpe atıldı"),
}
SINCE = {"bugun": 0, "hafta": 7, "ay": 30}


class QueueFilters(forms.Form):
    durum = forms.ChoiceField(
        label=gettext_lazy("Durum"),
        required=False,
        choices=[
            ("bekleyen", gettext_lazy("Onay bekleyen")),
            ("sikayet", gettext_lazy("Şikayet edilen")),
            ("yayinda", gettext_lazy("Yayında")),
            ("spam", gettext_lazy("İstenmeyen")),
            ("reddedilen", gettext_lazy("Reddedilen")),
        ],
    )
    haber = forms.IntegerField(label=gettext_lazy("Haber no"), required=False, min_value=1)
    servis = forms.ChoiceField(label=gettext_lazy("Servis"), required=False)
    zaman = forms.ChoiceField(
        label=gettext_lazy("Zaman"),
        required=False,
        choices=[
            ("", gettext_lazy("Tümü")),
            ("bugun", gettext_lazy("Bugün")),
            ("hafta", gettext_lazy("Son 7 gün")),
            ("ay", gettext_lazy("Son 30 gün")),
        ],
    )
    puan = forms.FloatField(
        label=gettext_lazy("En az spam puanı"), required=False, min_value=0, max_value=1
    )
    ara = forms.CharField(label=gettext_lazy("Ara"), required=False, max_length=100)

    def __init__(self, *args, desks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servis"].choices = [("", _("Tümü"))] + [(d.path, d.title) for d in desks]


def _since(key: str):
    if key not in SINCE:
        return None
    today = timezone.localdate() - timedelta(days=SINCE[key])
    return timezone.make_aware(datetime.combine(today, time.min))


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    desks = selectors.desks_moderated_by(user=request.user, desks=desk_list())
    filters = QueueFilters(request.GET or None, desks=desks)
    values = filters.cleaned_data if filters.is_valid() else {}
    comments = selectors.moderation_queue(
        user=request.user,
        status=values.get("durum") or "bekleyen",
        article_id=values.get("haber"),
        desk_path=values.get("servis") or None,
        since=_since(values.get("zaman") or ""),
        min_score=values.get("puan"),
        search=values.get("ara") or "",
    )
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    personal = request.user.has_perm(VIEW_PERSONAL_DATA)
    for comment in page:
        comment.reasons = moderation_reasons(
            comment.guard_notes, reports=comment.reports, can_see_ip=personal
        )
    context = {
        "filters": filters,
        "page": page,
        "can_see_personal_data": personal,
        "query": request.GET.urlencode(),
        "header_title": _("Yorumlar"),
    }
    return render(request, "comments/admin/queue.html", context)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _requested(request) -> tuple[str | None, list[int]]:
    """The action and the comment ids: a row's own button ("approve:12") wins over the
    bulk buttons and the ticked boxes."""
    action, _sep, one = request.POST.get("row", "").partition(":")
    if action:
        return action, [int(one)] if one.isascii() and one.isdigit() else []
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()]
    return request.POST.get("action"), ids


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request):
    """Approve, spam or trash comments; JSON for the queue's script, else back to the queue."""
    action, ids = _requested(request)
    if action not in ACTIONS or not ids:
        message = _("Bir işlem ve en az bir yorum seçin.")
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return _back(request)
    comments = list(selectors.comments_moderated_by(user=request.user).filter(id__in=ids))
    if len(comments) != len(set(ids)):
        # A comment on a desk this moderator does not edit (or none at all): not theirs
        # to see; nothing of the request is done.
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": _("Yorum bulunamadı.")}, status=404)
        raise Http404(_("Yorum bulunamadı."))
    for comment in comments:
        services.comment_moderate(comment=comment, action=action, user=request.user)
    message = _("%(count)s yorum güncellendi.") % {"count": len(comments)}
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "message": message,
                "ids": [c.id for c in comments],
                "status": comments[0].status,
                "label": str(DONE[action]),
            }
        )
    messages.success(request, message)
    return _back(request)


def _back(request):
    back = request.POST.get("next", "")
    return redirect(f"{_queue_url()}?{back}" if back else _queue_url())


def _queue_url() -> str:
    from django.urls import reverse

    return reverse("comments_admin:queue")


def may_answer_reader_requests(user) -> bool:
    return user.has_perm(VIEW_PERSONAL_DATA) and selectors.moderates_every_desk(
        user=user, desks=desk_list()
    )


class ReaderForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Okurun e-posta adresi"))


@permission_required(VIEW_PERSONAL_DATA, raise_exception=True)
def reader_data(request):
    """Export or erase one reader's data (KVKK requests): both audit-logged. The request
    covers the reader's comments on every desk, so only those who moderate every desk
    (Yazı İşleri) may answer it."""
    if not may_answer_reader_requests(request.user):
        raise PermissionDenied
    form = ReaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if request.POST.get("action") == "erase":
            count = services.reader_erase(email=email, user=request.user)
            messages.success(
                request, _("Okurun verileri silindi (%(count)s yorum).") % {"count": count}
            )
            return redirect("comments_admin:reader")
        data = services.reader_export(email=email, user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="okur-verisi.json"'
        return response
    return render(
        request, "comments/admin/reader.html", {"form": form, "header_title": _("Okur verisi")}
    )
