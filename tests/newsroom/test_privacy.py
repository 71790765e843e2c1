"""Wagtail's page privacy still holds although the check is skipped while no restriction exists."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_a_password_on_the_desk_protects_its_articles_at_once(client, article, desks):
    assert "Kuzey Kore’de" in client.get(article.url).content.decode()
    restriction = PageViewRestriction.objects.create(
        page=desks["dunya"], restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    protected = client.get(article.url).content.decode()
    assert "Kuzey Kore’de" not in protected and 'name="password"' in protected
    restriction.delete()
    assert "Kuzey Kore’de" in client.get(article.url).content.decode()
