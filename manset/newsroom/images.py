"""Images with a photo credit ("Fotoğraf: AA"), shown under every use of the image."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    credit = models.CharField(
        _("fotoğraf kredisi"),
        max_length=255,
        blank=True,
        help_text=_('Örnek: "Fotoğraf: AA" ya da fotoğrafçının adı.'),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("görsel")
        verbose_name_plural = _("görseller")
        permissions = [("choose_image", "Can choose image")]


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
