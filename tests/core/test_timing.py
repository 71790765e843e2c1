"""Server-Timing (the app's time and CPU time) is for staff only, cached page or not.

Readers, and the login page, get no timing: it would help time password checks and
tell cached from rendered pages. The decision is made when the response leaves, from
the user the request already resolved, so an anonymous request costs no session lookup.
"""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

TIMING = re.compile(r"^app;dur=\d+\.\d, cpu;dur=\d+\.\d$")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "parola-123")
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def test_staff_see_the_apps_time_on_a_page(staff_client, article):
    response = staff_client.get(article.url)
    assert response.status_code == 200
    assert TIMING.match(response["Server-Timing"])


def test_staff_see_it_on_errors_too(staff_client, home):
    response = staff_client.get("/yok-boyle-bir-servis/")
    assert response.status_code == 404
    assert TIMING.match(response["Server-Timing"])
    assert response["Server-Timing"].count("app;dur=") == 1


def test_staff_see_it_in_the_admin(staff_client, article):
    response = staff_client.get("/admin/")
    assert TIMING.match(response["Server-Timing"])


def test_readers_get_no_timing(client, article):
    assert "Server-Timing" not in client.get(article.url)
    assert "Server-Timing" not in client.get("/yok-boyle-bir-servis/")


def test_the_login_page_gives_no_timing(client, django_user_model):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "parola-123")
    assert "Server-Timing" not in client.get("/admin/login/")
    wrong = client.post("/admin/login/", {"username": "ed", "password": "yanlis"})
    assert wrong.status_code == 200 and "Server-Timing" not in wrong


def test_a_logged_in_non_staff_user_gets_no_timing(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_user("okur", "o@example.com", "p-12345"))
    assert "Server-Timing" not in client.get(article.url)


def test_pages_from_the_page_cache_give_readers_no_timing(client, article):
    with override_settings(MANSET_PAGE_CACHE=True):
        client.get(article.url)
        response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Server-Timing" not in response


def test_deciding_costs_an_anonymous_request_no_query(client, article):
    client.get(article.url)
    with override_settings(MANSET_PAGE_CACHE=True):
        client.get(article.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(article.url)
    assert len(queries) == 0


@override_settings(MANSET_SERVER_TIMING="all")
def test_the_benchmark_setting_gives_everyone_timing(client, article):
    assert TIMING.match(client.get(article.url)["Server-Timing"])
