"""Filters of the home page's lists (Son Dakika, Son haberler)."""

from django import template
from django.utils import timezone

from manset import turkish

register = template.Library()


@register.filter
def clock(value):
    """ "14:20" for a time of today (Istanbul), "18.06 14:20" for an earlier one."""
    if not value:
        return ""
    local = turkish.to_istanbul(value)
    if local.date() == turkish.to_istanbul(timezone.now()).date():
        return f"{local:%H:%M}"
    return f"{local:%d.%m %H:%M}"
