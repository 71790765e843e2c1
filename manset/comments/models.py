"""Reader comments and what the guard and the moderators keep about them.

A comment is a small state machine: pending → published | rejected | spam; a
published comment that readers report often enough goes back to pending until a
moderator looks. Erasing a reader's data turns a comment that has replies into a
"[silindi]" tombstone (status deleted) so the thread stays whole.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manset.comments.config import CommentSettings  # noqa: F401  (model registry)

TOMBSTONE_TEXT = "[silindi]"


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
    # The top-level comment of a reply's thread (empty on a top-level comment): pages of
    # a long discussion are pages of threads, fetched with one indexed query.
    thread_id = models.BigIntegerField(_("konu"), null=True, blank=True, db_index=True)
    depth = models.PositiveSmallIntegerField(_("derinlik"), default=0)
    name = models.CharField(_("ad"), max_length=80)
    # Never shown to readers: only moderators see it, in the admin.
    email = models.EmailField(_("e-posta"))
    website = models.URLField(_("web sitesi"), blank=True)
    text = models.TextField(_("yorum"), max_length=5000)
    status = models.CharField(
        _("durum"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("gönderilme zamanı"), default=timezone.now)
    edited_at = models.DateTimeField(_("düzenlenme zamanı"), null=True, blank=True)
    # Kept for abuse handling and Law 5651 (see CommentSettings.ip_retention_days).
    ip_address = models.GenericIPAddressField(_("IP adresi"), null=True, blank=True)
    spam_score = models.FloatField(_("spam puanı"), null=True, blank=True)
    guard_notes = models.JSONField(_("denetim notları"), default=list, blank=True)
    reports = models.PositiveIntegerField(_("şikayet sayısı"), default=0)
    flagged = models.BooleanField(_("şikayet üzerine gizlendi"), default=False)
    notify_replies = models.BooleanField(_("yanıtları e-postayla bildir"), default=False)
    consent_at = models.DateTimeField(_("aydınlatma onayı"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("denetlenme zamanı"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("denetleyen"),
    )
    # What makes a POST the same submission again (services.submission_key): a double tap
    # or a retry finds this comment instead of saving a second one; the unique index makes
    # two simultaneous posts store one. Cleared once the form stamp has expired.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # On a reply: when its parent's author was e-mailed about it. Set just before the mail
    # goes (cleared again if it fails), so a reply is announced at most once, whichever
    # task or worker runs first (notifications.reply_email_send).
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("yorum")
        verbose_name_plural = _("yorumlar")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["email"], name="comment_email_idx"),
            # The flood and duplicate rules read the database by address while Redis is down.
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_idx"),
            # The spam model's retraining counts and reads the latest decisions.
            models.Index(fields=["moderated_at"], name="comment_moderated_idx"),
        ]
        permissions = [
            ("moderate_comment", _("Yorumları denetleyebilir")),
            ("view_ip_address", _("Yorumcuların e-posta ve IP adreslerini görebilir")),
        ]

    def __str__(self):
        return f"{self.name}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        # thread_id and depth follow from the parent, kept right whoever saves.
        if self.parent_id and self.thread_id is None:
            self.thread_id = self.parent.thread_id or self.parent_id
            self.depth = self.parent.depth + 1
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CommentAuthor(models.Model):
    """What moderators have decided about an e-mail address: trusted or pre-moderated."""

    email = models.EmailField(_("e-posta"), unique=True)
    approved = models.PositiveIntegerField(_("onaylanan"), default=0)
    rejected = models.PositiveIntegerField(_("reddedilen"), default=0)
    trusted = models.BooleanField(_("güvenilir"), default=False)
    created_at = models.DateTimeField(_("ilk yorum"), default=timezone.now)

    class Meta:
        verbose_name = _("yorumcu")
        verbose_name_plural = _("yorumcular")

    def __str__(self):
        return self.email


class CommentReport(models.Model):
    """A reader's "Şikayet et": one per reader (keyed by a keyed hash, not the raw IP)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="report_set")
    reporter = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("şikayet")
        verbose_name_plural = _("şikayetler")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_a_reader")
        ]

    def __str__(self):
        return f"#{self.comment_id}"


class Ban(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("E-posta")
        IP = "ip", _("IP adresi veya aralığı")
        WORD = "word", _("Kelime")

    kind = models.CharField(_("tür"), max_length=8, choices=Kind.choices)
    value = models.CharField(
        _("değer"),
        max_length=200,
        help_text=_("E-posta adresi, IP adresi ya da 192.0.2.0/24 gibi bir aralık, ya da kelime"),
    )
    note = models.CharField(_("not"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("eklenme zamanı"), default=timezone.now)
    expires_at = models.DateTimeField(_("bitiş"), null=True, blank=True)

    class Meta:
        verbose_name = _("engel")
        verbose_name_plural = _("engeller")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class SpamModelState(models.Model):
    """The learned spam model, retrained from moderators' decisions by a background task."""

    model = models.JSONField()
    trained_at = models.DateTimeField(default=timezone.now)
    examples = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("spam modeli")
        verbose_name_plural = _("spam modelleri")
        get_latest_by = "trained_at"

    def __str__(self):
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.examples})"
