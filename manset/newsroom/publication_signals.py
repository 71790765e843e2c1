"""The signals that keep the publication index in step (see publication_sync): every
way an article changes what the lists show passes through one of these."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published

from manset.newsroom.models import ArticlePage, ArticleTag
from manset.newsroom.publication_sync import (
    Authorship,
    Kind,
    link_added,
    link_removed,
    month_lastmod_raise,
    publication_sync,
)
from manset.newsroom.publications import (
    Publication,
    PublicationDay,
    PublicationMonth,
    PublicationTag,
)

# What a save must touch for the index to change (a draft's save touches none of these).
INDEXED_FIELDS = frozenset(
    {"live", "first_published_at", "path", "breaking", "main_image", "embargo_until"}
)


def _on_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_FIELDS.intersection(update_fields)):
        return
    if sender is Page and instance.content_type_id != _article_type_id():
        return  # a desk or the home page; an article saved as a plain Page (a move) goes on
    publication_sync(article_id=instance.pk)


def _on_article_published(sender, instance, **kwargs):
    # A republished article changes its month's lastmod in the sitemap index without
    # changing what the lists hold.
    if instance.first_published_at is not None:
        month_lastmod_raise(instance.first_published_at, instance.last_published_at)


def _on_article_deleted(sender, instance, **kwargs):
    publication_sync(article_id=instance.pk)  # its row is gone: the article leaves the index


def _on_tagging_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    if created:
        link_added(Kind.TAG, article_id=instance.content_object_id, link_id=instance.tag_id)
    else:  # publishing saves every link again; one pointed elsewhere needs a full look
        indexed = PublicationTag.objects.filter(
            article_id=instance.content_object_id, tag_id=instance.tag_id
        )
        lacking = Publication.objects.filter(article_id=instance.content_object_id)
        if lacking.exclude(Exists(indexed)).exists():
            publication_sync(article_id=instance.content_object_id)


def _on_tagging_deleted(sender, instance, **kwargs):
    article_id, tag_id = instance.content_object_id, instance.tag_id
    if not ArticleTag.objects.filter(content_object_id=article_id, tag_id=tag_id).exists():
        link_removed(Kind.TAG, article_id=article_id, link_id=tag_id)  # no twin link left


def _on_authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":  # an author's articles all cleared: which ones
        instance._publication_cleared = list(instance.articles.values_list("pk", flat=True))
    if action == "post_clear":
        cleared = getattr(instance, "_publication_cleared", []) if reverse else [instance.pk]
        for article_id in cleared:
            publication_sync(article_id=article_id)
    elif action in ("post_add", "post_remove"):
        change = link_added if action == "post_add" else link_removed
        for other_id in sorted(pk_set or ()):
            article_id, author_id = (other_id, instance.pk) if reverse else (instance.pk, other_id)
            change(Kind.AUTHOR, article_id=article_id, link_id=author_id)


def _on_list_owner_deleted(sender, instance, **kwargs):
    """A desk, tag or author gone: its rows went with it (cascade), its counts go here."""
    kind = {"DeskPage": Kind.DESK, "Tag": Kind.TAG, "Author": Kind.AUTHOR}[sender.__name__]
    PublicationDay.objects.filter(kind=kind, scope_id=instance.pk).delete()
    PublicationMonth.objects.filter(kind=kind, scope_id=instance.pk).delete()


def _on_image_deleting(sender, instance, **kwargs):
    # Its articles lose the picture by an UPDATE (SET_NULL) that sends no signal.
    pictured = ArticlePage.objects.filter(main_image=instance).values("pk")
    Publication.objects.filter(article_id__in=pictured).update(pictured=False)


def _article_type_id() -> int:
    return ContentType.objects.get_for_model(ArticlePage).id


def connect() -> None:
    """Called from NewsroomConfig.ready()."""
    from manset.newsroom.images import NewsImage
    from manset.newsroom.models import Author, DeskPage, Tag

    uid = "manset-publications"
    for sender in (ArticlePage, Page):
        post_save.connect(_on_page_saved, sender=sender, dispatch_uid=f"{uid}-{sender.__name__}")
    post_delete.connect(_on_article_deleted, sender=ArticlePage, dispatch_uid=f"{uid}-delete")
    page_published.connect(
        _on_article_published, sender=ArticlePage, dispatch_uid=f"{uid}-published"
    )
    post_save.connect(_on_tagging_saved, sender=ArticleTag, dispatch_uid=f"{uid}-tag-save")
    post_delete.connect(_on_tagging_deleted, sender=ArticleTag, dispatch_uid=f"{uid}-untag")
    m2m_changed.connect(_on_authors_changed, sender=Authorship, dispatch_uid=f"{uid}-authors")
    for sender in (DeskPage, Tag, Author):
        post_delete.connect(
            _on_list_owner_deleted, sender=sender, dispatch_uid=f"{uid}-{sender.__name__}-gone"
        )
    pre_delete.connect(_on_image_deleting, sender=NewsImage, dispatch_uid=f"{uid}-image")
