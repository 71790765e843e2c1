"""Forms of the wire desk in the admin: list filters, conversion, sources, rules, keyword alerts."""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from manset.newsroom.models import DeskPage
from manset.turkish import fold
from manset.wires.credentials import seal
from manset.wires.items import Urgency
from manset.wires.models import KeywordAlert, ReplaceRule, WireSource
from manset.wires.parsers import FORMATS
from manset.wires.selectors import WireFilters, agency_name

PERIODS = {"1s": timedelta(hours=1), "6s": timedelta(hours=6), "24s": timedelta(hours=24)}
PERIODS["7g"] = timedelta(days=7)
URGENCY_LABELS = {
    Urgency.FLASH.value: _("Flaş"),
    Urgency.URGENT.value: _("Acil"),
    Urgency.NORMAL.value: _("Normal"),
    Urgency.LOW.value: _("Düşük"),
}


class WireFilterForm(forms.Form):
    """The wire list's filters, as GET parameters."""

    ajans = forms.ChoiceField(label=_("Ajans"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)
    servis = forms.ChoiceField(label=_("Servis"), required=False)
    oncelik = forms.ChoiceField(
        label=_("Öncelik"),
        required=False,
        choices=[("", _("Tümü")), *URGENCY_LABELS.items()],
    )
    il = forms.ChoiceField(label=_("İl"), required=False)
    zaman = forms.ChoiceField(
        label=_("Zaman"),
        required=False,
        choices=[
            ("", _("Tümü")),
            ("1s", _("Son 1 saat")),
            ("6s", _("Son 6 saat")),
            ("24s", _("Son 24 saat")),
            ("7g", _("Son 7 gün")),
        ],
    )
    durum = forms.ChoiceField(
        label=_("Kullanım"),
        required=False,
        choices=[
            ("", _("Tümü")),
            ("kullanilmadi", _("Kullanılmamış")),
            ("kullanildi", _("Kullanılmış")),
        ],
    )
    ara = forms.CharField(label=_("Başlıkta ara"), required=False, max_length=200)

    def __init__(self, *args, choices: dict[str, list[str]], desks=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tümü"))]
        self.fields["ajans"].choices = everything + [
            (p, agency_name(p)) for p in choices["provider"]
        ]
        self.fields["kategori"].choices = everything + [(c, c) for c in choices["category"]]
        self.fields["il"].choices = everything + [(c, c) for c in choices["city"]]
        self.fields["servis"].choices = everything + [(str(d.id), d.title) for d in desks]

    def filters(self) -> WireFilters:
        """The valid filters; an invalid form filters nothing."""
        if not self.is_valid():
            return WireFilters()
        data = self.cleaned_data
        period = PERIODS.get(data["zaman"])
        return WireFilters(
            provider=data["ajans"],
            category=data["kategori"],
            desk_id=int(data["servis"]) if data["servis"] else None,
            urgency=data["oncelik"],
            city=data["il"],
            since=timezone.now() - period if period else None,
            used={"kullanildi": True, "kullanilmadi": False}.get(data["durum"]),
            search=data["ara"].strip(),
        )


class DeskChoiceForm(forms.Form):
    """The desk an item becomes an article on, among those the user may use."""

    desk = forms.ModelChoiceField(
        label=_("Servis"), queryset=DeskPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, desks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = DeskPage.objects.filter(
            id__in=[d.id for d in desks]
        ).order_by("path")


class WireSourceForm(WagtailAdminModelForm):
    """A source; the password is write-only: stored sealed, never shown, empty keeps it."""

    format = forms.ChoiceField(
        label=_("biçim"),
        required=False,
        choices=[("", _("Otomatik (dosyadan anlaşılır)")), *((f, f) for f in FORMATS)],
    )
    url = forms.URLField(label=_("adres"), max_length=1000, required=False, assume_scheme="https")
    new_password = forms.CharField(
        label=_("parola"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Şifreli saklanır, gösterilmez. “env:DEĞİŞKEN” yazılırsa parola her seferinde o "
            "ortam değişkeninden okunur."
        ),
    )
    clear_password = forms.BooleanField(label=_("parolayı sil"), required=False)

    class Meta:
        model = WireSource
        fields = [
            "name",
            "agency",
            "transport",
            "format",
            "url",
            "path",
            "username",
            "new_password",
            "clear_password",
            "options",
            "interval_seconds",
            "idle_alert_minutes",
            "max_failures",
            "enabled",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.password:
            self.fields["new_password"].help_text = _(
                "Kayıtlı bir parola var. Boş bırakılırsa değişmez; yenisini yazarak "
                "değiştirebilir ya da “parolayı sil” ile kaldırabilirsiniz. Şifreli saklanır, "
                "gösterilmez."
            )

    def clean(self):
        data = super().clean()
        if data.get("clear_password") and data.get("new_password"):
            self.add_error(
                "clear_password", _("Hem yeni parola yazıp hem de parolayı silemezsiniz.")
            )
        return data

    def save(self, commit=True):
        source = super().save(commit=False)
        if self.cleaned_data.get("clear_password"):
            source.password = ""
        elif self.cleaned_data.get("new_password"):
            source.password = seal(self.cleaned_data["new_password"])
        if commit:
            source.save()
            self.save_m2m()
        return source


class ReplaceRuleForm(WagtailAdminModelForm):
    """A find/replace rule; a regular expression must compile."""

    class Meta:
        model = ReplaceRule
        fields = ["name", "source", "field", "find", "replace", "regex", "priority", "enabled"]

    def clean(self):
        data = super().clean()
        if data.get("regex") and data.get("find"):
            try:
                re.compile(data["find"])
            except re.error as exc:
                self.add_error(
                    "find", _("Geçerli bir düzenli ifade değil: %(error)s") % {"error": exc}
                )
        return data


class KeywordAlertForm(forms.ModelForm):
    """One of the user's own alert words; the same word twice (in any casing) is refused."""

    class Meta:
        model = KeywordAlert
        fields = ["keyword"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_keyword(self):
        keyword = " ".join(self.cleaned_data["keyword"].split())
        if not fold(keyword):
            raise forms.ValidationError(_("Bir sözcük yazın."))
        taken = KeywordAlert.objects.filter(user=self.user).values_list("keyword", flat=True)
        if fold(keyword) in {fold(k) for k in taken}:
            raise forms.ValidationError(_("Bu sözcük zaten listenizde."))
        return keyword

    def save(self, commit=True):
        self.instance.user = self.user
        return super().save(commit=commit)
