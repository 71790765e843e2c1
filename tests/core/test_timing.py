"""Every response says how long the app spent on it (Server-Timing), cached or not."""

import re

import pytest

pytestmark = pytest.mark.django_db

TIMING = re.compile(r"^app;dur=\d+\.\d, cpu;dur=\d+\.\d$")


def test_a_rendered_page_carries_the_apps_time(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert TIMING.match(response["Server-Timing"])


def test_a_page_served_from_the_page_cache_carries_its_own_fresh_time(client, article):
    client.get(article.url)
    response = client.get(article.url)
    assert TIMING.match(response["Server-Timing"])
    assert response["Server-Timing"].count("app;dur=") == 1


def test_errors_carry_it_too(client, home):
    response = client.get("/yok-boyle-bir-servis/")
    assert response.status_code == 404
    assert TIMING.match(response["Server-Timing"])
