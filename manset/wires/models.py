"""Agency copy as stored: sources, files, items with their versions, stories, rules.

The wire copy is never edited: an editor's article is a separate ArticlePage
linked back to the item (Superdesk's lesson: ingest apart from the editable copy).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from manset.newsroom.agencies import Agency
from manset.wires.items import Urgency


class Transport(models.TextChoices):
    HTTP = "http", _("HTTP(S) akışı")
    FOLDER = "folder", _("Klasör (FTP teslimi)")
    AA = "aa", _("AA abone API")


class WireSource(models.Model):
    """One feed, folder or API account, with its schedule and its fetch state."""

    name = models.CharField(_("ad"), max_length=120, unique=True)
    agency = models.CharField(
        _("ajans"),
        max_length=10,
        choices=Agency.choices,
        blank=True,
        help_text=_("Boşsa ajans dosyanın kendisinden okunur."),
    )
    transport = models.CharField(_("taşıma"), max_length=10, choices=Transport.choices)
    format = models.CharField(
        _("biçim"), max_length=20, blank=True, help_text=_("Boşsa biçim dosyadan anlaşılır.")
    )
    url = models.URLField(_("adres"), max_length=1000, blank=True)
    path = models.CharField(_("klasör"), max_length=500, blank=True)
    username = models.CharField(_("kullanıcı adı"), max_length=200, blank=True)
    password = models.TextField(
        _("parola"), blank=True, editable=False, help_text=_("Şifreli saklanır; hiç gösterilmez.")
    )
    options = models.JSONField(_("ek ayarlar"), default=dict, blank=True)
    interval_seconds = models.PositiveIntegerField(_("çekme aralığı (saniye)"), default=300)
    idle_alert_minutes = models.PositiveIntegerField(
        _("sessizlik uyarısı (dakika)"),
        default=180,
        help_text=_("Bu süre boyunca haber gelmezse uyarı verilir; 0 ise hiç."),
    )
    max_failures = models.PositiveIntegerField(_("art arda hata sınırı"), default=5)
    enabled = models.BooleanField(_("etkin"), default=True)

    state = models.JSONField(default=dict, blank=True, editable=False)
    next_fetch_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_fetch_at = models.DateTimeField(_("son çekme"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("son başarılı"), null=True, blank=True, editable=False)
    last_item_at = models.DateTimeField(_("son haber"), null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("art arda hata"), default=0, editable=False)
    last_error = models.TextField(_("son hata"), blank=True, editable=False)
    paused_reason = models.TextField(_("durdurulma nedeni"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ajans kaynağı")
        verbose_name_plural = _("ajans kaynakları")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def paused(self) -> bool:
        return bool(self.paused_reason)


class WireFile(models.Model):
    """The bytes of one delivery, kept once however many items it holds."""

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField()
    data = models.BinaryField()  # the whole file, or its first MAX_KEPT_BYTES when refused
    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("ajans dosyası")
        verbose_name_plural = _("ajans dosyaları")

    def __str__(self):
        return self.name


class WireStory(models.Model):
    """One event as several agencies (or versions) report it."""

    headline = models.CharField(max_length=500)
    item_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("haber öbeği")
        verbose_name_plural = _("haber öbekleri")

    def __str__(self):
        return self.headline


class WireItem(models.Model):
    """The latest version of one agency item; earlier versions are WireItemVersion rows."""

    provider = models.CharField(_("ajans"), max_length=60)
    guid = models.CharField(max_length=300)
    version = models.BigIntegerField(_("sürüm"), default=1)
    format = models.CharField(_("biçim"), max_length=20)
    headline = models.CharField(_("başlık"), max_length=500)
    slugline = models.CharField(max_length=300, blank=True)
    abstract = models.TextField(_("spot"), blank=True)
    body = models.TextField(_("metin"))
    byline = models.CharField(_("imza"), max_length=300, blank=True)
    dateline = models.CharField(_("haber yeri"), max_length=200, blank=True)
    city = models.CharField(_("il"), max_length=100, blank=True)
    category = models.CharField(_("kategori"), max_length=200, blank=True)
    language = models.CharField(_("dil"), max_length=20, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    media = models.JSONField(default=list, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    urgency = models.CharField(
        _("öncelik"), max_length=10, choices=[(u.value, u.value) for u in Urgency], default="normal"
    )
    embargo_until = models.DateTimeField(_("ambargo"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajansta oluşturulma"), null=True, blank=True)
    versioned_at = models.DateTimeField(_("sürüm zamanı"), null=True, blank=True)
    received_at = models.DateTimeField(_("geliş"), db_index=True)
    updated_at = models.DateTimeField(_("güncelleme"))
    content_hash = models.CharField(max_length=64)
    # For story grouping (manset.wires.stories): hashes of the terms, and their MinHash.
    terms = models.BinaryField(default=b"")
    signature = models.BinaryField(default=b"")

    source = models.ForeignKey(
        WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    file = models.ForeignKey(WireFile, null=True, blank=True, on_delete=models.SET_NULL)
    story = models.ForeignKey(
        WireStory, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    desk = models.ForeignKey(
        "newsroom.DeskPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("servis"),
    )
    route_pending = models.BooleanField(default=False)
    route_note = models.TextField(blank=True)
    # A newer version arrived after the item became an article (see wire_article_refresh).
    refresh_pending = models.BooleanField(default=False)
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_items",
        verbose_name=_("haber"),
    )
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ajans haberi")
        verbose_name_plural = _("ajans haberleri")
        constraints = [
            models.UniqueConstraint(fields=["provider", "guid"], name="wire_item_provider_guid")
        ]
        indexes = [
            models.Index(fields=["urgency", "received_at"], name="wire_item_urgency_idx"),
            models.Index(fields=["route_pending"], name="wire_item_route_idx"),
            models.Index(fields=["refresh_pending"], name="wire_item_refresh_idx"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.headline}"

    @property
    def used(self) -> bool:
        return self.article_id is not None


class WireItemVersion(models.Model):
    """An earlier version of an item, kept when a newer one replaced it."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="versions")
    version = models.BigIntegerField()
    headline = models.CharField(max_length=500)
    abstract = models.TextField(blank=True)
    body = models.TextField()
    urgency = models.CharField(max_length=10)
    versioned_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    file = models.ForeignKey(WireFile, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["item", "content_hash"], name="wire_version_content")
        ]

    def __str__(self):
        return f"{self.headline} (v{self.version})"


class WirePicture(models.Model):
    """A picture of an item, fetched ahead by the worker so that "Habere dönüştür" need not
    wait for the agency's server. One row holds the whole file (written whole or not at
    all, in the backup with the rest); deleted when the item becomes an article, or with
    the item by the retention."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="pictures")
    url = models.CharField(max_length=1000)  # as the item's media names it
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    fetched_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ajans görseli")
        verbose_name_plural = _("ajans görselleri")
        constraints = [
            models.UniqueConstraint(fields=["item", "url"], name="wire_picture_item_url")
        ]

    def __str__(self):
        return self.url


class WireBand(models.Model):
    """One locality-sensitive-hashing bucket of an item's signature (story grouping)."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()
    at = models.DateTimeField()  # the item's agency time, else its arrival

    class Meta:
        # Covering: candidate lookups read the index alone, never the table.
        indexes = [models.Index(fields=["key", "at", "item"], name="wire_band_key_idx")]

    def __str__(self):
        return str(self.key)


class WireRejection(models.Model):
    """A file or an item that could not be taken, with the reason, for the wire desk to see."""

    source = models.ForeignKey(
        WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="rejections"
    )
    name = models.CharField(_("dosya"), max_length=500)
    reason = models.TextField(_("neden"))
    guid = models.CharField(max_length=300, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    head = models.BinaryField(default=b"")  # the first bytes, for whoever looks into it
    received_at = models.DateTimeField(_("geliş"), db_index=True)

    class Meta:
        verbose_name = _("karantina kaydı")
        verbose_name_plural = _("karantina")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.name}: {self.reason}"


class RoutingAction(models.TextChoices):
    DESK = "desk", _("Servise yönlendir")
    DRAFT = "draft", _("Taslak haber oluştur")
    PUBLISH = "publish", _("Ajans imzasıyla yayınla")
    IGNORE = "ignore", _("Yok say")


class SourceRule(models.Model):
    """What routing and find/replace rules share: a name, an optional source, an order."""

    name = models.CharField(_("ad"), max_length=120)
    source = models.ForeignKey(
        WireSource,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("kaynak"),
        help_text=_("Boşsa her kaynak."),
    )
    priority = models.IntegerField(_("sıra"), default=100, help_text=_("Küçük sayı önce denenir."))
    enabled = models.BooleanField(_("etkin"), default=True)

    class Meta:
        abstract = True
        ordering = ["priority", "id"]

    def __str__(self):
        return self.name


class RoutingRule(SourceRule):
    """Where items of a source and category go; the first enabled rule that matches wins."""

    provider = models.CharField(
        _("ajans"),
        max_length=10,
        choices=Agency.choices,
        blank=True,
        help_text=_("Boşsa her ajans."),
    )
    category = models.CharField(
        _("kategori"),
        max_length=200,
        blank=True,
        help_text=_(
            "Ajansın kategori ya da konu adı; büyük/küçük harf ve Türkçe harf farkı gözetilmez."
        ),
    )
    urgent_only = models.BooleanField(_("yalnız flaş ve acil"), default=False)
    action = models.CharField(_("işlem"), max_length=10, choices=RoutingAction.choices)
    desk = models.ForeignKey(
        "newsroom.DeskPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("servis"),
    )

    class Meta(SourceRule.Meta):
        verbose_name = _("yönlendirme kuralı")
        verbose_name_plural = _("yönlendirme kuralları")


class ReplaceRule(SourceRule):
    """Find/replace applied to agency copy as it becomes an article (boilerplate, signatures)."""

    class Field(models.TextChoices):
        ALL = "all", _("Başlık, spot ve metin")
        HEADLINE = "headline", _("Başlık")
        ABSTRACT = "abstract", _("Spot")
        BODY = "body", _("Metin")

    field = models.CharField(_("alan"), max_length=10, choices=Field.choices, default=Field.ALL)
    find = models.CharField(_("bul"), max_length=500)
    replace = models.CharField(_("yerine"), max_length=500, blank=True)
    regex = models.BooleanField(_("düzenli ifade"), default=False)

    class Meta(SourceRule.Meta):
        verbose_name = _("bul/değiştir kuralı")
        verbose_name_plural = _("bul/değiştir kuralları")


class KeywordAlert(models.Model):
    """A word an editor wants to hear about the moment agency copy mentions it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wire_alerts"
    )
    keyword = models.CharField(_("anahtar sözcük"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anahtar sözcük uyarısı")
        verbose_name_plural = _("anahtar sözcük uyarıları")
        constraints = [
            models.UniqueConstraint(fields=["user", "keyword"], name="wire_alert_user_keyword")
        ]

    def __str__(self):
        return self.keyword
