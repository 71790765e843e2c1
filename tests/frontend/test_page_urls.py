"""A page's URL from its url_path alone is the one Wagtail's get_url gives, on one site or more."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from manset.frontend.page_urls import page_url_builder

pytestmark = pytest.mark.django_db


def wagtail_url(page: Page, request) -> str | None:
    url = page.get_url(request)
    return None if url is None else request.build_absolute_uri(url)


def request_for(host: str):
    return RequestFactory().get("/sitemap.xml", HTTP_HOST=host)


def test_on_one_site_every_page_gets_the_url_wagtail_gives(article, home):
    request = request_for("testserver")
    url = page_url_builder(request)
    pages = [home, article, *home.get_children().specific()]
    for page in pages:
        assert url(page.url_path) == wagtail_url(page, request) is not None
    assert url(article.url_path) == f"http://testserver{article.url}"


def test_a_path_no_site_serves_has_no_url(article):
    request = request_for("testserver")
    orphan = Page(url_path="/baska-kok/haber/")
    assert page_url_builder(request)(orphan.url_path) is None
    assert orphan.get_url(request) is None


def test_a_path_a_slug_cannot_make_is_reversed_as_wagtail_reverses_it(article, home):
    request = request_for("testserver")
    unusual = Page(url_path=f"{home.url_path}dünya/çay saati/")
    assert page_url_builder(request)(unusual.url_path) == wagtail_url(unusual, request)


def test_with_two_sites_a_page_of_the_other_site_gets_its_host(article, desks, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "dunya.example"]
    Site.objects.create(hostname="dunya.example", port=80, root_page=desks["dunya"])
    for host in ("testserver", "dunya.example"):
        request = request_for(host)
        url = page_url_builder(request)
        for page in (article, desks["dunya"], desks["gundem"]):
            page.refresh_from_db()
            assert url(page.url_path) == wagtail_url(page, request), (host, page.url_path)
    # Under both sites' roots, an article keeps the site it is asked from.
    on_dunya = page_url_builder(request_for("dunya.example"))(article.url_path)
    assert on_dunya == f"http://dunya.example/{article.slug}/"
    on_main = page_url_builder(request_for("testserver"))(article.url_path)
    assert on_main == f"http://testserver/dunya/{article.slug}/"
