"""Hostile comments are stored safely and shown as text, never executed; no input is a 500."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from manset.comments.forms import make_stamp
from manset.comments.models import Comment
from tests.comments.payloads import ALL

pytestmark = pytest.mark.django_db
ORIGIN = {"Origin": "http://testserver"}
SAFE_TAGS = {"article", "p", "strong", "time", "div", "br", "a", "button", "form", "em", "span"}


def post(client, article, **fields):
    data = {
        "name": "Okur",
        "email": "okur@example.com",
        "text": "Sıradan bir yorum.",
        "stamp": make_stamp(article.id),
    }
    data.update(fields)
    return client.post(f"/yorum/{article.id}/", data, headers=ORIGIN)


@pytest.fixture
def open_article(article, trusted):
    from manset.comments.config import CommentSettings

    trusted("okur@example.com")
    config = CommentSettings.load()
    config.min_fill_seconds = 0
    config.save()
    return article


def test_there_are_at_least_fifty_payloads():
    assert len(ALL) >= 50


@pytest.mark.parametrize(
    ("field", "payload"), ALL, ids=[f"{f}-{n}" for n, (f, _) in enumerate(ALL)]
)
def test_a_hostile_field_never_breaks_the_server_or_the_page(client, open_article, field, payload):
    cache.clear()  # no flood window between payloads
    response = post(client, open_article, **{field: payload})
    assert response.status_code in (302, 400), response.status_code
    page = client.get(open_article.url)
    assert page.status_code == 200
    document = lxml_html.fromstring(page.content)
    for element in document.xpath('//div[@class="comment-list"]//*'):
        assert element.tag in SAFE_TAGS, f"{element.tag} came from a comment"
        assert not [a for a in element.attrib if a.startswith("on")]
        href = element.get("href", "")
        assert not href or href.startswith(("https://", "http://", "?", "/")), href
    stored = Comment.objects.first()
    if field == "text" and len(payload) <= 5000:
        assert stored is not None  # kept, as text
        if stored.status == Comment.Status.PUBLISHED and "<" in stored.text:
            assert "&lt;" in page.content.decode()  # shown escaped
    if stored is not None:
        assert "\x00" not in stored.text + stored.name
        assert "\u202e" not in stored.name
        assert not stored.website or stored.website.startswith(("http://", "https://"))


def test_invalid_utf8_is_not_a_server_error(client, open_article):
    body = (
        b"name=%FF%FEOkur&email=okur%40example.com&text=%C3%28%A0%A1&stamp="
        + make_stamp(open_article.id).encode()
    )
    response = client.post(
        f"/yorum/{open_article.id}/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=ORIGIN,
    )
    assert response.status_code in (302, 400)


printable = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=printable, email=printable, website=printable, text=printable, parent=printable)
def test_no_form_input_is_a_server_error(client, open_article, name, email, website, text, parent):
    cache.clear()
    response = post(
        client, open_article, name=name, email=email, website=website, text=text, parent=parent
    )
    assert response.status_code in (302, 400, 429)
