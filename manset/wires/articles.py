"""Agency copy into a credited article: "Habere dönüştür" and "Doğrudan yayınla".

The article is a new ArticlePage on the chosen desk, its body built from the
item's sanitised HTML, the agency in its "Kaynak" field, linked back to the item
(which is marked used). The wire copy itself is never changed.
"""

import io
import logging
import re
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from manset.newsroom.agencies import Agency
from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticleCorrection, ArticlePage, DeskPage
from manset.wires.items import URGENT
from manset.wires.models import ReplaceRule, WireItem, WirePicture
from manset.wires.pictures import Picture, pictures_for_article
from manset.wires.text import clean_text

logger = logging.getLogger(__name__)

LEAD_LIMIT = 600
_INLINE_RENAMES = {"strong": "b", "em": "i"}


@dataclass(frozen=True)
class Conversion:
    article: ArticlePage
    created: bool
    published: bool
    notes: tuple[str, ...] = ()  # what could not be carried over (an image that failed …)


def wire_item_to_article(
    *, item: WireItem, desk: DeskPage, user=None, publish: bool = False
) -> Conversion:
    """Create the article for `item` on `desk` (a draft, or published with the agency's credit).

    Converting an item twice gives back the first article. The pictures the worker
    fetched ahead are used as stored; the others are downloaded first, outside the
    transaction: a slow agency server must not hold the database's write lock (on
    SQLite, every reader's comment would wait for it).
    """
    item.refresh_from_db(fields=["article"])
    if item.article_id:
        return Conversion(item.article, created=False, published=item.article.live)
    pictures, notes = pictures_for_article(item)
    saved: list[NewsImage] = []
    try:
        article, published = _article_create(
            item, desk, pictures, saved, user=user, publish=publish
        )
    except BaseException:
        # The rows went with the transaction; their files must go too.
        for image in saved:
            image.file.storage.delete(image.file.name)
        raise
    if article is None:  # converted by someone else while we downloaded
        item.refresh_from_db(fields=["article"])
        return Conversion(item.article, created=False, published=item.article.live)
    return Conversion(ArticlePage.objects.get(pk=article.pk), True, published, tuple(notes))


def _article_create(item, desk, pictures, saved, *, user, publish):
    """The article and whether it went live; (None, False) when the item already has one.

    Each image saved is appended to `saved`, so that the caller can delete the
    files should the transaction roll back.
    """
    with transaction.atomic():
        item = WireItem.objects.select_for_update().get(pk=item.pk)
        if item.article_id:  # converted by someone else while we downloaded
            return None, False
        texts = _replaced(item)
        lead, body_html = _lead_and_body(texts["abstract"], texts["body"])
        images = []
        for picture in pictures:
            images.append(_image_save(picture, item))
            saved.append(images[-1][0])
        article = ArticlePage(
            title=texts["headline"],
            draft_title=texts["headline"],
            lead=lead,
            body=_blocks(body_html, images[1:]),
            main_image=images[0][0] if images else None,
            main_image_caption=images[0][1][:300] if images else "",
            source_agency=item.provider if item.provider in Agency.values else "",
            dateline=(item.dateline or item.city)[:100],
            breaking=item.urgency in URGENT,
            embargo_until=item.embargo_until,
            external_id=f"wire:{item.provider}:{item.guid}"[:200],
            live=False,
            owner=user,
        )
        desk.add_child(instance=article)
        published = False
        if publish:
            if item.embargo_until and item.embargo_until > timezone.now():
                article.go_live_at = item.embargo_until  # scheduled, not refused
            revision = article.save_revision(user=user, log_action=True)
            revision.publish(user=user)
            published = not article.go_live_at
        else:
            article.save_revision(user=user, log_action=True)
        item.article = article
        item.used_at = timezone.now()
        item.used_by = user if user is not None and user.is_authenticated else None
        item.route_pending = False
        item.save(update_fields=["article", "used_at", "used_by", "route_pending"])
        # In the article's images now; the prefetch stores none for an item with an article.
        WirePicture.objects.filter(item=item).delete()
    return article, published


@dataclass(frozen=True)
class Refresh:
    done: bool
    note: str = ""


def wire_article_refresh(*, item: WireItem) -> Refresh:
    """Bring an article published by a rule up to the item's newer version.

    Only articles no person has touched: an editor's draft, or an article someone has
    edited since, is left alone (the wire desk shows the new version beside it).
    """
    with transaction.atomic():
        item = WireItem.objects.select_for_update().get(pk=item.pk)
        item.refresh_pending = False
        item.save(update_fields=["refresh_pending"])
        if item.article_id is None:
            return Refresh(False)
        article = ArticlePage.objects.get(pk=item.article_id)
        if item.used_by_id is not None or article.revisions.exclude(user=None).exists():
            return Refresh(False, _("haber bir editörün elinde; yeni sürüm habere işlenmedi"))
        if not article.live or (item.embargo_until and item.embargo_until > timezone.now()):
            return Refresh(False, _("haber yayında değil; yeni sürüm işlenmedi"))
        texts = _replaced(item)
        lead, body_html = _lead_and_body(texts["abstract"], texts["body"])
        pictures = [
            (b.value["image"], b.value["caption"], b.value["credit"])
            for b in article.body
            if b.block_type == "image"
        ]
        article.title = article.draft_title = texts["headline"]
        article.lead = lead
        article.body = _blocks(body_html, pictures)
        article.breaking = item.urgency in URGENT
        article.corrections.add(ArticleCorrection(text=_("Ajansın yeni sürümüyle güncellendi.")))
        article.save_revision(log_action=True).publish()
    return Refresh(True, _("haber ajansın yeni sürümüyle güncellendi"))


def _replaced(item: WireItem) -> dict[str, str]:
    texts = {"headline": item.headline, "abstract": item.abstract, "body": item.body}
    rules = ReplaceRule.objects.filter(
        Q(source__isnull=True) | Q(source_id=item.source_id), enabled=True
    )
    for rule in rules:
        fields = texts.keys() if rule.field == ReplaceRule.Field.ALL else [rule.field]
        for name in fields:
            texts[name] = replace_text(
                texts[name], rule.find, rule.replace, regex=rule.regex, html=name == "body"
            )
    texts["headline"] = clean_text(texts["headline"]) or item.headline
    return texts


def replace_text(text: str, find: str, replacement: str, *, regex: bool, html: bool) -> str:
    """One find/replace rule on one field; in HTML the replacement is inserted as text."""
    if not find:
        return text
    if html:
        replacement = escape(replacement)
    if not regex:
        return text.replace(find, replacement)
    try:
        return re.sub(find, lambda _match: replacement, text)
    except re.error as exc:
        logger.warning("find/replace rule %r is not a valid regular expression: %s", find, exc)
        return text


def _lead_and_body(abstract: str, body: str) -> tuple[str, str]:
    """The lead is the agency's abstract, else the first paragraph (taken out of the body)."""
    lead = clean_text(abstract)
    if lead:
        return lead[:LEAD_LIMIT], body
    elements = _fragments(body)
    for index, element in enumerate(elements):
        if element.tag == "p" and clean_text(element.text_content()):
            rest = elements[:index] + elements[index + 1 :]
            return clean_text(element.text_content())[:LEAD_LIMIT], "".join(
                lxml_html.tostring(e, encoding="unicode") for e in rest
            )
    return "", body


def _fragments(body: str) -> list:
    if not body.strip():
        return []
    return [e for e in lxml_html.fragments_fromstring(body) if not isinstance(e, str)]


def _blocks(body_html: str, extra_images: list) -> list[tuple]:
    """Sanitised agency HTML as StreamField blocks: paragraphs, sub-headings, quotes."""
    blocks, pending = [], []

    def flush():
        if pending:
            blocks.append(("paragraph", RichText("".join(pending))))
            pending.clear()

    for element in _fragments(body_html):
        text = clean_text(element.text_content())
        if element.tag in ("h2", "h3", "h4"):
            flush()
            if text:
                blocks.append(("subheading", text[:255]))
        elif element.tag == "blockquote":
            flush()
            if text:
                blocks.append(("quote", {"text": text, "attribution": ""}))
        elif element.tag in ("p", "ul", "ol"):
            if text:
                pending.append(_rich_text_html(element))
        elif text:
            pending.append(f"<p>{escape(text)}</p>")
    flush()
    for image, caption, credit in extra_images:
        blocks.append(("image", {"image": image, "caption": caption[:255], "credit": credit}))
    return blocks


def _rich_text_html(element) -> str:
    """Wagtail's stored rich text: <b>/<i>, links without rel or target."""
    for node in element.iter():
        if node.tag in _INLINE_RENAMES:
            node.tag = _INLINE_RENAMES[node.tag]
        if node.tag == "a":
            for name in list(node.attrib):
                if name != "href":
                    del node.attrib[name]
    return lxml_html.tostring(element, encoding="unicode")


def _image_save(picture: Picture, item: WireItem) -> tuple[NewsImage, str, str]:
    image = NewsImage(title=(picture.caption or item.headline)[:255], credit=picture.credit[:255])
    image.file = ImageFile(io.BytesIO(picture.data), name=picture.name)
    image.save()
    return image, picture.caption, picture.credit
