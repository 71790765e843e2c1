"""Admin hooks: thin, each calls one service."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.models import register_snippet

from manset.newsroom import admin_schedule  # noqa: F401  (its hooks: Zamanla, embargo time)
from manset.newsroom.embargo import embargo_admin_refusal
from manset.newsroom.models import ArticlePage, Author, DeskPage
from manset.newsroom.roles import desk_roles_ensure

register_snippet(Author)


@hooks.register("after_create_page")
def desk_roles_for_a_new_desk(request, page):
    """A desk made in the admin gets its Muhabir and Editör groups and its workflow."""
    if isinstance(page.specific, DeskPage):
        desk_roles_ensure(desk=page.specific)


@hooks.register("before_publish_page")
def refuse_publishing_during_the_embargo(request, page):
    """The admin's net under the form's check: no "publish" before the embargo (see embargo)."""
    if not isinstance(page, ArticlePage):
        return None
    refusal = embargo_admin_refusal(page=page)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("insert_editor_js")
def headline_counter():
    """A live character count under the headline in the page editor."""
    return format_html('<script src="{}"></script>', static("newsroom/headline-counter.js"))
