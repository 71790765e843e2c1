from django import template

from manset.comments.rendering import comments_html

register = template.Library()


@register.simple_tag
def comment_list_html(comments, max_depth=3):
    return comments_html(comments, max_depth=max_depth)


@register.filter
def rule_label(rule: str) -> str:
    from manset.comments.guard import RULE_LABELS

    return RULE_LABELS.get(rule, rule)
