"""A reader comment is a small state machine: pending → published | rejected | spam; deleted."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Onay bekliyor")
        PUBLISHED = "published", _("Yayında")
        REJECTED = "rejected", _("Reddedildi")
        SPAM = "spam", _("İstenmeyen")
        # Kept as a placeholder while replies still point at it.
        DELETED = "deleted", _("Silindi")

    article = models.ForeignKey(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("haber"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("yanıtlanan yorum"),
    )
    name = models.CharField(_("ad"), max_length=80)
    # Never shown to readers: only moderators see it, in the admin.
    email = models.EmailField(_("e-posta"))
    website = models.URLField(_("web sitesi"), blank=True)
    text = models.TextField(_("yorum"), max_length=5000)
    status = models.CharField(
        _("durum"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("gönderilme zamanı"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP adresi"), null=True, blank=True)

    class Meta:
        verbose_name = _("yorum")
        verbose_name_plural = _("yorumlar")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx")
        ]

    def __str__(self):
        return f"{self.name}: {self.text[:40]}"
