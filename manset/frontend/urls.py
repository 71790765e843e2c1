"""Reader pages that are not Wagtail pages: tags, authors, the date archive."""

from django.urls import path

from manset.frontend import views

urlpatterns = [
    path("etiket/<slug:slug>/", views.tag_page, name="tag"),
    path("yazar/<slug:slug>/", views.author_page, name="author"),
    path("okundu/<int:article_id>/", views.read_beacon, name="read-beacon"),
    path("arsiv/<int:year>/<int:month>/<int:day>/", views.archive_day, name="archive-day"),
    path("kvkk/", views.privacy_notice, name="privacy"),
]
