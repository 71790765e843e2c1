"""Article metadata tags: JSON-LD, OpenGraph, Twitter cards, canonical URL."""

from django import template
from django.utils.safestring import mark_safe

from manset.frontend import seo

register = template.Library()


@register.inclusion_tag("frontend/article_meta.html", takes_context=True)
def article_meta(context, article, desk, tags, authors):
    """Metadata from what the page already read (desk, tags, authors): no more queries."""
    request = context["request"]
    news = seo.news_article(request, article, desk=desk, tags=tags, authors=authors)
    return {
        "article": article,
        "canonical": request.build_absolute_uri(article.get_url(request)),
        "image": news.get("image", [""])[0],
        "description": article.search_description or article.lead,
        "desk": desk,
        "tags": tags,
        "news_article": mark_safe(seo.json_ld(news)),  # noqa: S308  (escaped by json_ld)
        "breadcrumbs": mark_safe(seo.json_ld(seo.breadcrumbs(request, article, desk))),  # noqa: S308
    }
