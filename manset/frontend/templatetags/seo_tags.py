"""Article metadata tags: JSON-LD, OpenGraph, Twitter cards, canonical URL."""

from django import template
from django.utils.safestring import mark_safe

from manset.frontend import seo

register = template.Library()


@register.inclusion_tag("frontend/article_meta.html", takes_context=True)
def article_meta(context, article):
    request = context["request"]
    return {
        "article": article,
        "canonical": request.build_absolute_uri(article.url),
        "image": seo.article_image_url(request, article),
        "description": article.search_description or article.lead,
        "desk": article.get_parent(),
        "news_article": mark_safe(seo.json_ld(seo.news_article(request, article))),  # noqa: S308
        "breadcrumbs": mark_safe(seo.json_ld(seo.breadcrumbs(request, article))),  # noqa: S308
    }
