"""What the outlet says about itself on its pages (Ayarlar → Yayın kuruluşu)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class OutletSettings(BaseGenericSetting):
    """The outlet's name and its data controller under KVKK (Law 6698).

    The Press Law's imprint (künye) will add its fields here.
    """

    outlet_name = models.CharField(_("yayın adı"), max_length=120, default="Manşet")
    data_controller = models.CharField(
        _("veri sorumlusu"),
        max_length=255,
        blank=True,
        help_text=_("KVKK'daki veri sorumlusu: şirketin unvanı ya da kişinin adı soyadı."),
    )
    postal_address = models.TextField(
        _("posta adresi"),
        blank=True,
        help_text=_("Okurların KVKK başvurularını yazılı olarak gönderebileceği adres."),
    )
    kvkk_email = models.EmailField(
        _("KVKK başvuru e-postası"),
        blank=True,
        help_text=_("Kişisel verilerle ilgili başvuruların gönderileceği e-posta adresi."),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    panels = [
        FieldPanel("outlet_name"),
        MultiFieldPanel(
            [
                FieldPanel("data_controller"),
                FieldPanel("postal_address"),
                FieldPanel("kvkk_email"),
                FieldPanel("phone"),
            ],
            heading=_("Kişisel veriler (KVKK)"),
        ),
    ]

    class Meta:
        verbose_name = _("yayın kuruluşu")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def data_controller_missing(self) -> bool:
        """The KVKK notice cannot name whom to write to until both are filled in."""
        return not (self.data_controller.strip() and self.postal_address.strip())
