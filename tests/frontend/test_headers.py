"""Security headers: a Content-Security-Policy and a Permissions-Policy on every response.

The public site runs no inline script (JSON-LD is data, not script); the admin has its
own, looser policy because Wagtail's editor writes inline scripts and styles. The headers are on
pages served from the app's page cache too.
"""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/dunya/",
    "/etiket/kuzey-kore/",
    "/arsiv/2024/6/19/",
    "/arama/?q=putin",
    "/kvkk/",
    "/robots.txt",
    "/sitemap.xml",
    "/rss/",
    "/yok-boyle-bir-sayfa/",
    "/api/v1/search/?q=putin",
]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_public_policy(response):
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'self'" in policy["img-src"]
    assert "'self'" in policy["connect-src"]


def assert_permissions_policy(response):
    permissions = response["Permissions-Policy"]
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_response_carries_the_strict_policy(client, article, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    assert_strict_public_policy(response)
    assert_permissions_policy(response)


def test_the_article_page_has_the_policy(client, article):
    response = client.get(article.url)
    assert_strict_public_policy(response)
    assert_permissions_policy(response)


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def test_public_pages_run_no_inline_script_and_no_inline_style(client, article):
    for path in ("/", "/dunya/", article.url, "/etiket/kuzey-kore/", "/arama/?q=putin"):
        html = client.get(path).content.decode()
        for attrs, body in SCRIPT_TAG.findall(html):
            if 'type="application/ld+json"' in attrs:
                continue
            assert "src=" in attrs and not body.strip(), f"inline script on {path}: {body[:80]}"
        assert not re.search(r"\son[a-z]+=", html), f"event handler attribute on {path}"
        assert " style=" not in html, f"style attribute on {path}"


def test_the_read_beacon_is_a_file_that_knows_the_article(client, article):
    html = client.get(article.url).content.decode()
    assert "sendBeacon" not in html
    script = f'<script src="/static/frontend/read.js" data-article="{article.id}" defer></script>'
    assert script in html


def test_the_read_beacon_script_posts_to_the_articles_address(client):
    from django.contrib.staticfiles import finders

    script = open(finders.find("frontend/read.js"), encoding="utf-8").read()
    assert "navigator.sendBeacon" in script and '"/okundu/"' in script
    assert len(script.encode()) < 400  # page weight stays tiny


def test_headers_are_on_page_cache_hits_too(client, article):
    with override_settings(MANSET_PAGE_CACHE=True):
        client.get(article.url)
        hit = client.get(article.url)
    assert hit["X-Page-Cache"] == "hit"
    assert_strict_public_policy(hit)
    assert_permissions_policy(hit)
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "same-origin"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_has_its_own_enforced_policy(client, django_user_model):
    """Looser: Wagtail's widgets write inline scripts; still no script from elsewhere."""
    response = client.get("/admin/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's preview frames the page
    assert "'unsafe-inline'" in policy["style-src"]
    assert_permissions_policy(response)


def test_the_comment_reader_page_in_the_admin_runs_no_inline_script(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.com", "p-1234"))
    response = client.get("/admin/yorumlar/okur-verisi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-confirm="' in html
    assert "/static/core/confirm.js" in html
    assert 'document.querySelectorAll("[data-confirm]")' not in html


def test_a_preview_in_the_admin_may_be_framed_by_the_admin(client, article, django_user_model):
    """Wagtail renders previews through the page's own URL; the editor shows it in a frame."""
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.com", "p-1234"))
    revision = article.latest_revision
    response = client.get(f"/admin/pages/{article.id}/revisions/{revision.id}/view/")
    assert response.status_code == 200 and article.title in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_an_editors_preview_does_not_count_as_a_read(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.com", "p-1234"))
    revision = article.latest_revision
    preview = client.get(f"/admin/pages/{article.id}/revisions/{revision.id}/view/")
    assert article.title in preview.content.decode()
    assert "read.js" not in preview.content.decode()
    client.logout()
    assert "read.js" in client.get(article.url).content.decode()
