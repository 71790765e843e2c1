"""Feeds, sitemaps and robots.txt (URLs are a contract: keep them stable)."""

urlpatterns = []
