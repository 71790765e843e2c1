"""The comment rules an outlet sets in the admin (Ayarlar → Yorum kuralları)."""

from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DATA = Path(__file__).resolve().parent / "data"


def shipped_block_words() -> str:
    return _read_list("block_tr.txt")


def shipped_hold_words() -> str:
    return _read_list("hold_tr.txt")


def _read_list(name: str) -> str:
    path = DATA / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    # Threads and pages
    max_depth = models.PositiveSmallIntegerField(_("en fazla yanıt derinliği"), default=3)
    page_size = models.PositiveSmallIntegerField(_("sayfa başına konu"), default=50)
    newest_first = models.BooleanField(_("en yeniler önce"), default=False)
    close_after_days = models.PositiveSmallIntegerField(
        _("yorumlar kaç gün sonra kapansın"), default=30, help_text=_("0: hiç kapanmasın")
    )
    edit_window_minutes = models.PositiveSmallIntegerField(
        _("yazarın düzenleme/silme süresi (dakika)"), default=10
    )
    # Moderation
    premoderate_all = models.BooleanField(_("her yorum önce onaydan geçsin"), default=False)
    hold_first_comment = models.BooleanField(
        _("bir e-posta adresinin ilk yorumu onay beklesin"), default=True
    )
    untrust_after_rejections = models.PositiveSmallIntegerField(
        _("kaç ret sonrası yazar yeniden ön denetime girsin"), default=3
    )
    reports_to_hide = models.PositiveSmallIntegerField(
        _("kaç şikayette yorum gizlensin"), default=3
    )
    # Abuse
    honeypot = models.BooleanField(_("bal küpü alanı"), default=True)
    min_fill_seconds = models.PositiveSmallIntegerField(
        _("en kısa doldurma süresi (sn)"), default=3
    )
    flood_seconds = models.PositiveSmallIntegerField(
        _("aynı kişiden iki yorum arası en az (sn)"), default=15
    )
    per_ip_per_hour = models.PositiveSmallIntegerField(_("IP başına saatte yorum"), default=30)
    per_email_per_hour = models.PositiveSmallIntegerField(
        _("e-posta başına saatte yorum"), default=20
    )
    duplicate_minutes = models.PositiveSmallIntegerField(
        _("aynı metin kaç dakika içinde reddedilsin"), default=60
    )
    max_links = models.PositiveSmallIntegerField(
        _("bundan fazla bağlantı onay beklesin"), default=2
    )
    block_words = models.TextField(
        _("engellenen kelimeler (spam)"),
        blank=True,
        default=shipped_block_words,
        help_text=_("Satır başına bir kelime; # ile başlayan satırlar açıklamadır."),
    )
    hold_words = models.TextField(
        _("onaya düşüren kelimeler"), blank=True, default=shipped_hold_words
    )
    spam_threshold = models.FloatField(_("spam sayılacak öğrenilmiş puan"), default=0.9)
    hold_threshold = models.FloatField(_("onaya düşürecek öğrenilmiş puan"), default=0.5)
    # Privacy (KVKK)
    privacy_url = models.CharField(
        _("aydınlatma metni adresi"), max_length=255, default="/kvkk/", blank=True
    )
    require_consent = models.BooleanField(_("açık rıza kutusu gösterilsin"), default=False)
    consent_text = models.CharField(
        _("açık rıza metni"),
        max_length=255,
        default=(
            "Kişisel verilerimin aydınlatma metninde belirtilen amaçlarla işlenmesini "
            "kabul ediyorum."
        ),
    )
    ip_retention_days = models.PositiveSmallIntegerField(
        _("IP adresleri kaç gün saklansın"), default=730, help_text=_("5651 sayılı Kanun: 2 yıl")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("max_depth"),
                FieldPanel("page_size"),
                FieldPanel("newest_first"),
                FieldPanel("close_after_days"),
                FieldPanel("edit_window_minutes"),
            ],
            heading=_("Konular"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("premoderate_all"),
                FieldPanel("hold_first_comment"),
                FieldPanel("untrust_after_rejections"),
                FieldPanel("reports_to_hide"),
            ],
            heading=_("Denetim"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("honeypot"),
                FieldPanel("min_fill_seconds"),
                FieldPanel("flood_seconds"),
                FieldPanel("per_ip_per_hour"),
                FieldPanel("per_email_per_hour"),
                FieldPanel("duplicate_minutes"),
                FieldPanel("max_links"),
                FieldPanel("block_words"),
                FieldPanel("hold_words"),
                FieldPanel("spam_threshold"),
                FieldPanel("hold_threshold"),
            ],
            heading=_("Kötüye kullanım"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("privacy_url"),
                FieldPanel("require_consent"),
                FieldPanel("consent_text"),
                FieldPanel("ip_retention_days"),
            ],
            heading=_("Kişisel veriler (KVKK)"),
        ),
    ]

    class Meta:
        verbose_name = _("yorum kuralları")

    def __str__(self):
        return str(self._meta.verbose_name)
