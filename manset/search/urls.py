from django.urls import path

from manset.search import views

urlpatterns = [
    path("arama/", views.search_page, name="search"),
    path("api/v1/search/", views.search_api, name="search-api"),
    path("api/v1/search/autocomplete/", views.autocomplete_api, name="search-autocomplete"),
]
