"""The reader's comment form: Turkish messages for every field, text kept as typed.

The form travels on cached pages, so it carries nothing per reader. `stamp` is
signed data (the article and when the form was handed out) that proves the form
came from this site and lets the guard measure how fast it was filled.
"""

import re
import time

from django import forms
from django.core import signing
from django.core.validators import ProhibitNullCharactersValidator, URLValidator
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 5000
STAMP_SALT = "manset.comments.form"
STAMP_MAX_AGE = 2 * 24 * 3600  # a tab left open over a weekend still works
# Control characters and bidi overrides: never meaningful in a name or an address,
# and a right-to-left override in a name could make it read as someone else's.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def make_stamp(article_id: int) -> str:
    return signing.dumps({"a": article_id, "t": round(time.time(), 1)}, salt=STAMP_SALT)


def stamp_age(stamp: str, article_id: int) -> float | None:
    """Seconds since the stamp was made, or None when it is forged, stale or for
    another article."""
    try:
        data = signing.loads(stamp, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("a") != article_id:
        return None
    return max(0.0, time.time() - float(data.get("t", 0)))


def clean_comment_text(value: str) -> str:
    """The comment as stored: control characters and bidi overrides gone, within 5,000."""
    text = _CONTROL_IN_TEXT_RE.sub("", value).strip()
    if not text:
        raise forms.ValidationError(_("Yorumunuzu yazın."))
    if len(text) > MAX_TEXT:
        raise forms.ValidationError(
            _("Yorum en fazla 5.000 karakter olabilir; sizinki %(count)s karakter.")
            % {"count": f"{len(text):,}".replace(",", ".")}
        )
    return text


class ReaderForm(forms.Form):
    """NUL and other control characters are removed by the clean methods, not refused
    with Django's English message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]


class CommentTextForm(ReaderForm):
    """The author's edit: the text alone, checked as a new comment's is."""

    text = forms.CharField(strip=True, error_messages={"required": _("Yorumunuzu yazın.")})

    def clean_text(self):
        return clean_comment_text(self.cleaned_data["text"])


class CommentForm(ReaderForm):
    name = forms.CharField(
        label=_("Adınız"),
        max_length=80,
        error_messages={
            "required": _("Adınızı yazın."),
            "max_length": _("Ad en fazla %(limit_value)d karakter olabilir."),
        },
    )
    email = forms.EmailField(
        label=_("E-posta adresiniz"),
        max_length=254,
        error_messages={
            "required": _("E-posta adresinizi yazın; yayımlanmaz."),
            "invalid": _("Geçerli bir e-posta adresi yazın (ör. ad@ornek.com)."),
            "max_length": _("E-posta adresi en fazla %(limit_value)d karakter olabilir."),
        },
    )
    website = forms.CharField(
        label=_("Web siteniz"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Adres en fazla %(limit_value)d karakter olabilir.")},
    )
    text = forms.CharField(
        label=_("Yorumunuz"),
        strip=True,
        widget=forms.Textarea,
        error_messages={"required": _("Yorumunuzu yazın.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS, aria-hidden), filled by naive bots.
    homepage = forms.CharField(required=False, label=_("Bu alanı boş bırakın"))
    notify = forms.BooleanField(required=False, label=_("Yanıt gelince bana e-posta gönder"))
    consent = forms.BooleanField(required=False)

    def __init__(self, *args, article_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article_id = article_id  # None: no stamp needed (`manset comments check`)

    def clean_name(self):
        name = _CONTROL_RE.sub("", self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Adınızı yazın."))
        return name

    def clean_website(self):
        website = _CONTROL_RE.sub("", self.cleaned_data["website"]).strip()
        if not website:
            return ""
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator(schemes=["http", "https"])(website)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Geçerli bir web sitesi adresi yazın (http:// ya da https:// ile).")
            ) from None
        return website

    def clean_text(self):
        return clean_comment_text(self.cleaned_data["text"])

    def clean(self):
        cleaned = super().clean()
        if self.article_id is None:
            cleaned["form_seconds"] = None
            return cleaned
        cleaned["form_seconds"] = stamp_age(cleaned.get("stamp") or "", self.article_id)
        if cleaned["form_seconds"] is None:
            raise forms.ValidationError(
                _("Formun süresi doldu; yorumunuz aşağıda duruyor, lütfen yeniden gönderin."),
                code="stamp",
            )
        return cleaned
