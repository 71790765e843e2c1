"""Trust belongs to the reader's browser, not to an e-mail address anyone can type: an
approved reader publishes at once only while presenting the signed cookie of one of
their published comments; anyone else typing the address waits for a moderator."""

import pytest
from django.core.cache import cache
from django.test import Client

from manset.comments import services
from manset.comments.models import Comment, CommentAuthor
from manset.comments.views import OWN_COOKIE
from tests.comments.cookies import hold_own_comments

pytestmark = pytest.mark.django_db
ADDRESS = "ayse@example.com"


def _post(client, article, text, email=ADDRESS):
    from manset.comments.forms import make_stamp

    data = {"name": "Ayşe", "email": email, "text": text, "stamp": make_stamp(article.id)}
    cache.clear()  # no flood window between the posts of a test
    client.post(f"/yorum/{article.id}/", data, headers={"Origin": "http://testserver"})
    return Comment.objects.get(text=text)


@pytest.fixture
def quick(db):
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.min_fill_seconds = 0
    config.save()


@pytest.fixture
def approved_browser(article, quick):
    """A reader whose first comment, posted from this browser, a moderator approved."""
    browser = Client()
    first = _post(browser, article, "İlk yorumum, onay bekleyecek.")
    assert first.status == Comment.Status.PENDING
    services.comment_moderate(comment=first, action="approve")
    assert CommentAuthor.objects.get(email=ADDRESS).trusted
    return browser


def test_the_approved_reader_publishes_at_once_from_their_browser(article, approved_browser):
    second = _post(approved_browser, article, "İkinci yorumum hemen yayımlanmalı.")
    assert second.status == Comment.Status.PUBLISHED


def test_someone_else_typing_the_approved_address_is_held(article, approved_browser):
    impostor = _post(Client(), article, "Onun adına yazıyorum, hemen yayımlanır sanıyorum.")
    assert impostor.status == Comment.Status.PENDING
    assert "new_author" in [note["rule"] for note in impostor.guard_notes]


def test_the_impostor_is_held_with_javascript_too(article, approved_browser):
    from manset.comments.forms import make_stamp

    cache.clear()
    response = Client().post(
        f"/yorum/{article.id}/",
        {
            "name": "Ayşe",
            "email": ADDRESS,
            "text": "JSON ile taklit",
            "stamp": make_stamp(article.id),
        },
        headers={"Origin": "http://testserver", "Accept": "application/json"},
    )
    assert response.json()["status"] == "pending"


def test_a_cookie_of_another_addresses_published_comment_does_not_trust(article, approved_browser):
    """The impostor's browser holds a published comment of their own address: that
    trusts their address, not the one they type now."""
    impostor = Client()
    own = _post(impostor, article, "Kendi adresimle yazdım.", email="kotu@example.com")
    services.comment_moderate(comment=own, action="approve")
    again = _post(impostor, article, "Kendi adresimle yine.", email="kotu@example.com")
    assert again.status == Comment.Status.PUBLISHED
    stolen = _post(impostor, article, "Şimdi Ayşe'nin adresiyle.", email=ADDRESS)
    assert stolen.status == Comment.Status.PENDING


def test_a_forged_cookie_is_ignored(article, approved_browser):
    first = Comment.objects.get(text="İlk yorumum, onay bekleyecek.")
    forger = Client()
    forger.cookies[OWN_COOKIE] = f"[{first.id}]"  # unsigned
    assert _post(forger, article, "Sahte çerezle.").status == Comment.Status.PENDING


def test_a_trusted_reader_on_a_new_browser_is_held_once_then_trusted_there(
    article, approved_browser
):
    laptop = Client()
    held = _post(laptop, article, "Dizüstünden ilk yorum.")
    assert held.status == Comment.Status.PENDING
    services.comment_moderate(comment=held, action="approve")
    assert _post(laptop, article, "Dizüstünden ikinci yorum.").status == Comment.Status.PUBLISHED


def test_readers_trusted_before_keep_publishing_when_their_browser_holds_a_comment(
    article, quick, make_comment
):
    """The upgrade path: a reader trusted by address before this change, whose browser
    kept the cookie of their comments (set on every comment since), is not held."""
    earlier = make_comment(article, email=ADDRESS, text="Eskiden yayımlanmış yorum.")
    CommentAuthor.objects.create(email=ADDRESS, trusted=True, approved=1)
    browser = Client()
    hold_own_comments(browser, [earlier.id])
    assert _post(browser, article, "Yükseltmeden sonra.").status == Comment.Status.PUBLISHED


def test_an_often_rejected_reader_is_held_even_with_the_cookie(article, approved_browser):
    CommentAuthor.objects.filter(email=ADDRESS).update(trusted=False)
    assert _post(approved_browser, article, "Reddedilmiş biri.").status == Comment.Status.PENDING


def test_the_cookie_is_signed_httponly_and_kept_a_year(article, quick):
    from manset.comments.forms import make_stamp

    browser = Client()
    response = browser.post(
        f"/yorum/{article.id}/",
        {
            "name": "Ayşe",
            "email": ADDRESS,
            "text": "Çerez denemesi",
            "stamp": make_stamp(article.id),
        },
        headers={"Origin": "http://testserver"},
    )
    cookie = response.cookies[OWN_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert ":" in cookie.value  # signed
