"""Structured data and sharing metadata for article pages (schema.org, OpenGraph)."""

import json

from django.templatetags.static import static

from manset.newsroom.agencies import FULL_NAMES
from manset.newsroom.models import ArticlePage
from manset.turkish import to_istanbul

PUBLISHER = "Manşet"
IMAGE_SPEC = "fill-1200x675"


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def article_image_url(request, article: ArticlePage) -> str:
    if not article.main_image:
        return ""
    return _absolute(request, article.main_image.get_rendition(IMAGE_SPEC).url)


def news_article(request, article: ArticlePage, *, desk, tags, authors) -> dict:
    """schema.org NewsArticle: who wrote it, or which agency it comes from."""
    url = _absolute(request, article.get_url(request))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.search_description or article.lead,
        "inLanguage": "tr",
        "datePublished": to_istanbul(article.first_published_at).isoformat(),
        "dateModified": to_istanbul(article.updated_at or article.first_published_at).isoformat(),
        "articleSection": desk.title,
        "keywords": [tag.name for tag in tags],
        "publisher": {
            "@type": "Organization",
            "name": PUBLISHER,
            "logo": {
                "@type": "ImageObject",
                "url": _absolute(request, static("frontend/logo.png")),
            },
        },
    }
    image = article_image_url(request, article)
    if image:
        data["image"] = [image]
    if authors:
        data["author"] = [
            {"@type": "Person", "name": a.name, "url": _absolute(request, f"/yazar/{a.slug}/")}
            for a in authors
        ]
    else:
        data["author"] = {"@type": "Organization", "name": f"{PUBLISHER} {desk.title}"}
    agency = FULL_NAMES.get(article.source_agency)
    if agency:
        organization = {"@type": "Organization", "name": agency}
        data["sourceOrganization"] = organization
        data["isBasedOn"] = {"@type": "CreativeWork", "publisher": organization}
    return data


def breadcrumbs(request, article: ArticlePage, desk) -> dict:
    items = [
        ("Ana Sayfa", "/"),
        (desk.title, desk.get_url(request)),
        (article.title, article.get_url(request)),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": _absolute(request, url)}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def json_ld(data: dict) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
