"""Admin hooks: thin, each calls one service."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.models import register_snippet

from manset.newsroom import (
    admin_schedule,  # noqa: F401  (its hooks: Zamanla, embargo time)
    dashboard,
)
from manset.newsroom.embargo import embargo_admin_refusal
from manset.newsroom.models import ArticlePage, Author, DeskPage
from manset.newsroom.roles import desk_roles_ensure, user_author_ensure

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


# Authors (H6): a newsroom user's own author profile, made with the account, so their
# stories run under their name (the article form ticks it for them: page_forms).
@hooks.register("after_create_user")
@hooks.register("after_edit_user")
def author_profile_for_a_newsroom_user(request, user):
    user_author_ensure(user=user)


# Dashboard (H6): the newsroom's panels instead of Wagtail's counters and panels; the wire
# desk and the comment desk append theirs from their own hooks. Run last (order), after the
# hooks of Wagtail's own apps have added their counters.
@hooks.register("construct_homepage_summary_items", order=1000)
def no_site_counters(request, summary_items):
    summary_items.clear()


@hooks.register("construct_homepage_panels", order=1000)
def newsroom_dashboard(request, panels):
    panels[:] = [p for p in panels if not type(p).__module__.startswith("wagtail.")]
    panels.extend(dashboard.newsroom_panels(request))
