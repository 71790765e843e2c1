"""A comment while the shared cache (Redis) is down: the reader gets the normal answer,
the comment is saved once, and a retry does not save it twice."""

import logging

import pytest

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_a_published_comment_without_javascript_gets_the_normal_answer(
    client, article, post_comment, trusted, redis_down
):
    trusted()
    response = post_comment(article, text="Redis yokken yazılan yorum.")
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PUBLISHED
    assert response.status_code == 302
    assert response["Location"] == f"/yorum/{article.id}/benim/?yorum={comment.id}#yorum-durumu"
    assert "Redis yokken yazılan yorum." in client.get(article.url).content.decode()


def test_a_published_comment_with_javascript_gets_the_normal_answer(
    article, post_comment, trusted, redis_down
):
    trusted()
    response = post_comment(article, json=True, text="Redis yokken yazılan yorum.")
    assert response.status_code == 200
    assert response.json()["ok"] and response.json()["status"] == "published"
    assert Comment.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("json", [False, True])
def test_a_retry_while_redis_is_down_is_not_saved_twice(
    article, post_comment, trusted, redis_down, json, caplog
):
    trusted()
    first = post_comment(article, json=json, text="Aynı yorumu iki kez gönderdim.")
    assert first.status_code in (200, 302)
    # From a form loaded again (another stamp): the guard's rules, not the stamp, stop it.
    retry = post_comment(article, json=json, stamp_age=90, text="Aynı yorumu iki kez gönderdim.")
    assert retry.status_code in (400, 429)
    assert Comment.objects.filter(text="Aynı yorumu iki kez gönderdim.").count() == 1


def test_a_retry_past_the_flood_window_is_still_a_duplicate(
    article, post_comment, redis_down, settings
):
    """Past the flood window the duplicate rule alone stops the copy, from the database."""
    from datetime import timedelta

    from django.utils import timezone

    post_comment(article, text="Bekleyen yorumumu yeniden gönderiyorum.")
    saved = Comment.objects.get()
    Comment.objects.filter(id=saved.id).update(created_at=timezone.now() - timedelta(minutes=5))
    retry = post_comment(article, text="Bekleyen yorumumu yeniden gönderiyorum!")
    assert retry.status_code == 400
    assert "kısa süre önce gönderildi" in retry.content.decode()
    assert Comment.objects.count() == 1


def test_a_pending_comment_is_saved_and_the_outage_logged(
    article, post_comment, redis_down, caplog
):
    with caplog.at_level(logging.WARNING):
        response = post_comment(article)
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "unavailable" in caplog.text or "unreachable" in caplog.text


def test_approving_while_redis_is_down_publishes(article, make_comment, redis_down):
    from manset.comments import services

    comment = make_comment(article, status=Comment.Status.PENDING)
    services.comment_moderate(comment=comment, action="approve")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_hourly_limits_still_count_in_the_workers_memory(article, post_comment, redis_down):
    """Decided: while Redis is down the hourly limits count in each worker's memory."""
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.per_ip_per_hour = 2
    config.flood_seconds = 0
    config.save()
    answers = [
        post_comment(article, email=f"okur{n}@example.com", text=f"Ayrı bir yorum {n}").status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]
    assert Comment.objects.count() == 2
