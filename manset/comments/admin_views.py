"""The moderators' queue and the reader-data tools in the Wagtail admin. Thin: each
action calls one service."""

import json
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from manset.comments import selectors, services
from manset.comments.guard import IP_RULES
from manset.comments.models import Comment

MODERATE = "comments.moderate_comment"
VIEW_IP = "comments.view_ip_address"
ACTIONS = {"approve", "spam", "reject", "trash"}
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


def notes_for_moderator(notes: list[dict], *, can_see_ip: bool) -> list[dict]:
    """The guard's notes as this moderator may read them: a rule whose detail is an IP
    address or range ("Engellenmiş IP") is named without it for those who may not see IPs."""
    if can_see_ip:
        return notes
    return [{**note, "detail": ""} if note.get("rule") in IP_RULES else note for note in notes]


def _since(key: str):
    if key not in SINCE:
        return None
    today = timezone.localdate() - timedelta(days=SINCE[key])
    return timezone.make_aware(datetime.combine(today, time.min))


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    from manset.newsroom.selectors import desk_list

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
    can_see_ip = request.user.has_perm(VIEW_IP)
    for comment in page:
        comment.shown_notes = notes_for_moderator(comment.guard_notes, can_see_ip=can_see_ip)
    context = {
        "filters": filters,
        "page": page,
        "can_see_ip": can_see_ip,
        "query": request.GET.urlencode(),
        "header_title": _("Yorumlar"),
    }
    return render(request, "comments/admin/queue.html", context)


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request):
    action = request.POST.get("action")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()]
    if action not in ACTIONS or not ids:
        messages.error(request, _("Bir işlem ve en az bir yorum seçin."))
    else:
        comments = list(Comment.objects.filter(id__in=ids))
        allowed = selectors.comments_moderated_by(user=request.user).filter(id__in=ids)
        if len(comments) != allowed.count():
            # A comment on a desk this moderator does not edit: not theirs to see; nothing
            # of the request is done.
            raise Http404(_("Yorum bulunamadı."))
        for comment in comments:
            services.comment_moderate(comment=comment, action=action, user=request.user)
        messages.success(request, _("%(count)s yorum güncellendi.") % {"count": len(comments)})
    back = request.POST.get("next", "")
    return redirect(f"{_queue_url()}?{back}" if back else _queue_url())


def _queue_url() -> str:
    from django.urls import reverse

    return reverse("comments_admin:queue")


class ReaderForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Okurun e-posta adresi"))


@permission_required(VIEW_IP, raise_exception=True)
def reader_data(request):
    """Export or erase one reader's data (KVKK requests): both audit-logged."""
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
