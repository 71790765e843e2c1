import pytest


@pytest.fixture(autouse=True)
def _fresh_spam_model():
    from manset.comments import spam_store

    spam_store.forget()
    yield
    spam_store.forget()


@pytest.fixture
def post_comment(client):
    """POST the article's comment form as a browser on this site would (no JavaScript)."""
    from manset.comments.forms import make_stamp

    def post(article, *, json=False, stamp_age=30, origin="http://testserver", **fields):
        import time
        from unittest import mock

        with mock.patch("time.time", return_value=time.time() - stamp_age):
            stamp = make_stamp(article.id)
        data = {
            "name": "Ayşe Yılmaz",
            "email": "ayse@example.com",
            "website": "",
            "text": "Çok yerinde bir haber, teşekkürler.",
            "stamp": stamp,
            **fields,
        }
        headers = {"Origin": origin} if origin else {}
        if json:
            headers["Accept"] = "application/json"
        return client.post(f"/yorum/{article.id}/", data, headers=headers)

    return post


@pytest.fixture
def approved_reader(desks, make_record, make_comment):
    """An e-mail address a moderator has approved: a trusted author with a published
    comment (on another article). Returns the ids a reader's browser holding that comment
    presents (what the signed cookie of their own comments carries)."""
    from datetime import timedelta

    from django.utils import timezone

    from manset.comments.models import CommentAuthor
    from manset.newsroom.services import article_upsert

    def approve(email="ayse@example.com") -> list[int]:
        record = make_record(external_id="onceki-haber", headline="Önceki haber")
        earlier = article_upsert(record=record).article
        comment = make_comment(
            earlier,
            email=email,
            text="Onaylanmış önceki yorum.",
            created_at=timezone.now() - timedelta(days=2),
        )
        CommentAuthor.objects.update_or_create(email=email, defaults={"trusted": True})
        return [comment.id]

    return approve


@pytest.fixture
def trusted(client, approved_reader):
    """Make the test client an approved commenter: the address is trusted and the
    browser holds the cookie of its approved comment."""

    from tests.comments.cookies import hold_own_comments

    def trust(email="ayse@example.com"):
        hold_own_comments(client, approved_reader(email))

    return trust


@pytest.fixture
def staff(desks):
    """A member of a newsroom role: staff("Editör — Gündem", "gundem-editoru")."""
    from django.contrib.auth.models import Group, User

    from manset.newsroom.roles import newsroom_roles_ensure

    newsroom_roles_ensure()

    def make(group: str, username: str) -> User:
        user = User.objects.create_user(username, password="parola-123")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def gundem_article(desks, make_record):
    """An article on Gündem (the `article` fixture is on Dünya)."""
    from manset.newsroom.services import article_upsert

    record = make_record(external_id="gundem-1", desk="gundem", headline="Ankara’da toplantı")
    return article_upsert(record=record).article
