"""StreamField blocks of an article body. Block names are stored data: keep them stable."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SubheadingBlock(blocks.CharBlock):
    """Stored as typed; shown in Turkish UPPERCASE in the HTML itself."""

    class Meta:
        icon = "title"
        label = _("Ara başlık")
        template = "newsroom/blocks/subheading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Görsel"))
    caption = blocks.CharBlock(label=_("Alt yazı"), required=False)
    credit = blocks.CharBlock(
        label=_("Kredi"), required=False, help_text=_("Boşsa görselin kendi kredisi kullanılır.")
    )

    class Meta:
        icon = "image"
        label = _("Görsel")
        template = "newsroom/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Alıntı"))
    attribution = blocks.CharBlock(label=_("Kimin sözü"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Alıntı")
        template = "newsroom/blocks/quote.html"


class RelatedArticleBlock(blocks.StructBlock):
    article = blocks.PageChooserBlock(label=_("Haber"), page_type="newsroom.ArticlePage")
    label = blocks.CharBlock(label=_("Etiket"), required=False, default="İlgili haber")

    class Meta:
        icon = "link"
        label = _("İlgili haber")
        template = "newsroom/blocks/related.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Başlık"))
    body = blocks.RichTextBlock(label=_("İçerik"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ul"
        label = _("Bilgi kutusu")
        template = "newsroom/blocks/factbox.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraf"), features=PARAGRAPH_FEATURES)
    subheading = SubheadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Gömülü içerik"), icon="media")
    related = RelatedArticleBlock()
    factbox = FactBoxBlock()
