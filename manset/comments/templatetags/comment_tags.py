from django import template

from manset.comments.rendering import comments_html

register = template.Library()


@register.simple_tag
def comment_list_html(comments, max_depth=3):
    return comments_html(comments, max_depth=max_depth)
