"""Feeds, sitemaps and robots.txt (URLs are a contract: keep them stable).

Every response here is the same for every reader; PublicCacheMiddleware marks it
shareable like every public page.
"""

from django.urls import path, re_path

from manset.frontend import feeds, robots, sitemaps

urlpatterns = [
    path("rss/", feeds.ArticleFeed(), name="feed"),
    path("rss/<slug:desk_slug>/", feeds.DeskFeed(), name="feed-desk"),
    path("etiket/<slug:tag_slug>/rss/", feeds.TagFeed(), name="feed-tag"),
    path("yazar/<slug:author_slug>/rss/", feeds.AuthorFeed(), name="feed-author"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-sayfalar.xml", sitemaps.sitemap_pages, name="sitemap-pages"),
    path("sitemap-news.xml", sitemaps.sitemap_news, name="sitemap-news"),
    re_path(
        r"^sitemap-(?P<month>\d{4}-\d{2})\.xml$",
        sitemaps.sitemap_month,
        name="sitemap-month",
    ),
    path("robots.txt", robots.robots_txt, name="robots"),
]
