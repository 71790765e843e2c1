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
def trusted(db):
    """Mark an e-mail address as an approved commenter."""
    from manset.comments.models import CommentAuthor

    def trust(email="ayse@example.com"):
        CommentAuthor.objects.update_or_create(email=email, defaults={"trusted": True})

    return trust
