"""Reader pages that are not Wagtail pages: tags, authors, the date archive."""

urlpatterns = []
