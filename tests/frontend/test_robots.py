"""/robots.txt lets crawlers in everywhere public and points them to the sitemaps."""

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_search_only(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /arama/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
        "Sitemap: http://testserver/sitemap-news.xml\n"
    )


def test_robots_txt_names_the_sitemap_on_the_host_it_was_asked_on(client, settings):
    settings.ALLOWED_HOSTS = ["haber.example.com"]
    response = client.get("/robots.txt", HTTP_HOST="haber.example.com", secure=True)
    assert "Sitemap: https://haber.example.com/sitemap.xml\n" in response.content.decode()


def test_robots_txt_may_be_kept_by_shared_caches(client):
    response = client.get("/robots.txt")
    assert response["Cache-Control"] == (
        "public, max-age=60, s-maxage=300, stale-while-revalidate=600"
    )
