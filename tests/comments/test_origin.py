"""Every comment POST must come from this site: its Origin (or failing that its Referer)
must name this site's scheme and host, as Django's CSRF origin check compares them, or an
origin in CSRF_TRUSTED_ORIGINS."""

import pytest

from manset.comments.forms import make_stamp
from manset.comments.models import Comment

pytestmark = pytest.mark.django_db


def post(client, article, *, secure=True, **headers):
    data = {
        "name": "Ali",
        "email": "ali@example.com",
        "text": "Kaynağı denetlenen yorum.",
        "stamp": make_stamp(article.id),
    }
    return client.post(f"/yorum/{article.id}/", data, headers=headers, secure=secure)


def test_an_https_request_with_an_http_origin_of_the_same_host_is_refused(client, article):
    assert post(client, article, Origin="http://testserver").status_code == 403
    assert not Comment.objects.exists()


def test_an_http_request_with_an_https_origin_is_refused(client, article):
    assert post(client, article, secure=False, Origin="https://testserver").status_code == 403
    assert not Comment.objects.exists()


def test_an_https_request_from_its_own_https_origin_is_accepted(client, article):
    assert post(client, article, Origin="https://testserver").status_code == 302
    assert Comment.objects.count() == 1


def test_a_referer_with_the_wrong_scheme_is_refused(client, article):
    url = f"http://testserver{article.url}"
    assert post(client, article, Referer=url).status_code == 403
    secure_url = url.replace("http://", "https://")
    assert post(client, article, secure=False, Referer=secure_url).status_code == 403
    assert not Comment.objects.exists()


def test_a_referer_of_the_same_scheme_and_host_is_accepted(client, article):
    assert post(client, article, Referer=f"https://testserver{article.url}").status_code == 302


@pytest.mark.parametrize(
    "referer",
    [
        "https://testserver.kotu.example/",  # a longer host that starts like ours
        "https://kotu.example/?https://testserver/",
        "https://testserver@kotu.example/",  # credentials before another host
        "//testserver/",  # no scheme
        "testserver",
        "https://[bozuk/",  # unparseable
    ],
)
def test_a_referer_naming_another_or_no_site_is_refused(client, article, referer):
    assert post(client, article, Referer=referer).status_code == 403
    assert not Comment.objects.exists()


def test_trusted_origins_are_honoured_with_their_scheme(client, article, settings):
    from django.core.cache import cache

    settings.CSRF_TRUSTED_ORIGINS = ["https://haber.example.com", "https://*.manset.example"]
    assert post(client, article, Origin="https://haber.example.com").status_code == 302
    Comment.objects.all().delete()
    cache.clear()  # no flood window between the posts
    assert post(client, article, Origin="http://haber.example.com").status_code == 403
    assert post(client, article, Origin="https://m.manset.example").status_code == 302
    Comment.objects.all().delete()
    cache.clear()  # no flood window between the posts
    assert post(client, article, Origin="http://m.manset.example").status_code == 403
    referer = "https://haber.example.com/dunya/haber/"
    assert post(client, article, Referer=referer).status_code == 302


def test_the_other_reader_endpoints_check_the_scheme_too(client, article, make_comment):
    comment = make_comment(article)
    report = client.post(
        f"/yorum/sikayet/{comment.id}/", headers={"Origin": "http://testserver"}, secure=True
    )
    assert report.status_code == 403
    comment.refresh_from_db()
    assert comment.reports == 0
