"""The image upload and edit form: it asks for a description, the reader's alt text."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class NewsImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the description required.

    An image uploaded in a batch waits on the upload page until it has one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Açıklama (alternatif metin)")
            field.help_text = _(
                "Görmeyen okurlara görselde ne olduğunu anlatan kısa bir cümle, "
                'örnek: "Putin ve Kim Jong Un Pyongyang havalimanında el sıkışıyor". '
                "Dosya adı yazmayın."
            )
