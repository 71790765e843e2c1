"""Template filters over `manset.turkish`; Django's own casing filters get İ and ı wrong."""

from django import template

from manset import turkish

register = template.Library()


@register.filter
def tr_upper(value):
    return turkish.upper(str(value)) if value is not None else ""


@register.filter
def tr_title(value):
    return turkish.title(str(value)) if value is not None else ""


@register.filter
def date_long(value):
    """ "7 Aralık 2026 Pazartesi 13:47": an article's publication."""
    return turkish.format_long(value) if value else ""


@register.filter
def date_time(value):
    """ "7 Aralık 2026 13:48": every other moment a reader sees (updates, cards, comments)."""
    return turkish.format_datetime(value) if value else ""


@register.filter
def date_short(value):
    """ "07.12.2026 13:48": the admin's tables only."""
    return turkish.format_short(value) if value else ""


@register.filter
def iso(value):
    """ISO 8601 in Istanbul time to the second, as <time datetime> and metadata want it."""
    return turkish.to_istanbul(value).replace(microsecond=0).isoformat() if value else ""
