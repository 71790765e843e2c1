"""The moderators' queue and the reader-data tools in the Wagtail admin. Thin: each
action calls one service."""

import json
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from manset.comments import selectors, services
from manset.comments.models import Comment

MODERATE = "comments.moderate_comment"
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


def _since(key: str):
    if key not in SINCE:
        return None
    today = timezone.localdate() - timedelta(days=SINCE[key])
    return timezone.make_aware(datetime.combine(today, time.min))


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    from manset.newsroom.selectors import desk_list

    filters = QueueFilters(request.GET or None, desks=desk_list())
    values = filters.cleaned_data if filters.is_valid() else {}
    comments = selectors.moderation_queue(
        status=values.get("durum") or "bekleyen",
        article_id=values.get("haber"),
        desk_path=values.get("servis") or None,
        since=_since(values.get("zaman") or ""),
        min_score=values.get("puan"),
        search=values.get("ara") or "",
    )
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    context = {
        "filters": filters,
        "page": page,
        "can_see_ip": request.user.has_perm("comments.view_ip_address"),
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
        done = 0
        for comment in Comment.objects.filter(id__in=ids):
            services.comment_moderate(comment=comment, action=action, user=request.user)
            done += 1
        messages.success(request, _("%(count)s yorum güncellendi.") % {"count": done})
    back = request.POST.get("next", "")
    return redirect(f"{_queue_url()}?{back}" if back else _queue_url())


def _queue_url() -> str:
    from django.urls import reverse

    return reverse("comments_admin:queue")


class ReaderForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Okurun e-posta adresi"))


@permission_required("comments.view_ip_address", raise_exception=True)
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
