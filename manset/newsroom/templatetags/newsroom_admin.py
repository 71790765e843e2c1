"""Template tags for the admin templates the newsroom overrides."""

from django import template
from wagtail.models import Page

from manset.newsroom import admin_schedule

register = template.Library()


@register.simple_tag
def page_status_label(page) -> str:
    """ "zamanlandı · 7 Aralık 14:00" where Wagtail would say only "zamanlandı"."""
    return admin_schedule.status_with_time(page)


@register.simple_tag(takes_context=True)
def can_schedule_here(context, page) -> bool:
    """Whether the editor may schedule this article (or, on the add form, one on its desk)."""
    request = context["request"]
    parent_page = None
    if not page.pk:
        parent_id = request.resolver_match.kwargs.get("parent_page_id")
        parent = Page.objects.filter(pk=parent_id).first()
        parent_page = parent.specific if parent else None
    return admin_schedule.can_schedule_here(user=request.user, page=page, parent_page=parent_page)
