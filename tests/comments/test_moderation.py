"""Moderation, reports, replies with notifications, and the reader's data rights."""

import pytest
from django.core import mail

from manset.comments import services
from manset.comments.models import Comment, CommentAuthor

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(article):
    def make(**fields):
        values = {"text": "Katılıyorum, iyi haber.", "name": "Ayşe", "email": "ayse@example.com"}
        values.update(fields)
        return services.comment_submit(article=article, form_seconds=30, **values).comment

    return make


def test_approving_a_held_author_trusts_them(submit, django_capture_on_commit_callbacks):
    first = submit()
    assert first.status == Comment.Status.PENDING
    services.comment_moderate(comment=first, action="approve")
    assert CommentAuthor.objects.get(email="ayse@example.com").trusted
    from django.core.cache import cache

    cache.clear()  # past the flood window
    # From the browser that holds the approved comment (its signed cookie lists it).
    assert submit(text="İkinci yorumum.", own_comment_ids=[first.id]).status == (
        Comment.Status.PUBLISHED
    )
    cache.clear()
    assert submit(text="Başka tarayıcıdan.").status == Comment.Status.PENDING


def test_an_often_rejected_author_goes_back_to_premoderation(submit):
    from django.core.cache import cache

    CommentAuthor.objects.create(email="ayse@example.com", trusted=True)
    for n in range(3):
        cache.clear()
        comment = submit(text=f"Yorum {n}")
        services.comment_moderate(comment=comment, action="reject")
    assert not CommentAuthor.objects.get(email="ayse@example.com").trusted


def test_moderation_is_in_wagtails_audit_log(submit, admin_user):
    from wagtail.models import ModelLogEntry

    comment = submit()
    services.comment_moderate(comment=comment, action="spam", user=admin_user)
    entry = ModelLogEntry.objects.get(action="manset.comment.spam")
    assert entry.user == admin_user and entry.object_id == str(comment.id)


def test_enough_reports_hide_a_comment_until_a_moderator_looks(submit, approved_reader):
    comment = submit(own_comment_ids=approved_reader())
    assert comment.is_public
    assert services.comment_report(comment=comment, ip="192.0.2.1")
    assert not services.comment_report(comment=comment, ip="192.0.2.1")  # once a reader
    services.comment_report(comment=comment, ip="192.0.2.2")
    services.comment_report(comment=comment, ip="192.0.2.3")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.flagged


def test_a_reply_mails_the_parent_author_who_asked_with_one_click_unsubscribe(
    client, submit, approved_reader, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    parent = submit(notify_replies=True, own_comment_ids=approved_reader("ayse@example.com"))
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = submit(
            text="Size katılmıyorum.",
            name="Can",
            email="can@example.com",
            parent_id=parent.id,
            own_comment_ids=approved_reader("can@example.com"),
        )
    assert reply.parent_id == parent.id and reply.depth == 1
    (message,) = mail.outbox
    assert message.to == ["ayse@example.com"]
    assert "Size katılmıyorum." in message.body
    assert "can@example.com" not in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + link.split("/", 3)[3]
    assert client.post(path).status_code == 200
    parent.refresh_from_db()
    assert not parent.notify_replies


def test_replies_stop_nesting_at_the_configured_depth(submit, approved_reader):
    from django.core.cache import cache

    held = approved_reader("a@example.com") + approved_reader("b@example.com")
    parent = submit(email="a@example.com", own_comment_ids=held)
    for n in range(4):
        cache.clear()
        text = f"Haklısınız, {n}. maddede ben de aynı şeyi düşünüyorum."
        parent = submit(email="b@example.com", text=text, parent_id=parent.id, own_comment_ids=held)
    assert parent.depth == 2  # default depth 3: levels 0, 1, 2


def test_export_holds_everything_and_erase_leaves_a_tombstone(submit, admin_user, approved_reader):
    from django.core.cache import cache
    from wagtail.models import ModelLogEntry

    (earlier,) = ayse = approved_reader("ayse@example.com")  # on another article
    can = approved_reader("can@example.com")
    mine = submit(ip="198.51.100.7", own_comment_ids=ayse)
    cache.clear()
    reply = submit(
        name="Can", email="can@example.com", text="Yanıt", parent_id=mine.id, own_comment_ids=can
    )
    cache.clear()
    alone = submit(text="Tek başına yorum", own_comment_ids=ayse)

    data = services.reader_export(email="AYSE@example.com")
    assert [c["id"] for c in data["comments"]] == [earlier, mine.id, alone.id]
    assert data["comments"][1]["ip_address"] == "198.51.100.7"

    assert services.reader_erase(email="ayse@example.com", user=admin_user) == 3
    mine.refresh_from_db()
    assert mine.status == Comment.Status.DELETED and mine.text == "[silindi]"
    assert mine.ip_address is None and "ayse" not in mine.email
    assert not Comment.objects.filter(id=alone.id).exists()
    assert Comment.objects.get(id=reply.id).text == "Yanıt"  # the thread stays whole
    assert not CommentAuthor.objects.filter(email="ayse@example.com").exists()
    assert ModelLogEntry.objects.filter(action="manset.comment.erase").exists()
    assert services.reader_export(email="ayse@example.com")["comments"] == []


def test_ip_addresses_are_forgotten_after_the_retention_period(submit):
    from datetime import timedelta

    from django.utils import timezone

    comment = submit(ip="203.0.113.9")
    Comment.objects.filter(id=comment.id).update(created_at=timezone.now() - timedelta(days=731))
    assert services.ip_addresses_purge() == 1
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_comments_close_after_the_configured_days(article, submit):
    from datetime import timedelta

    from django.utils import timezone

    article.first_published_at = timezone.now() - timedelta(days=31)
    article.save()
    with pytest.raises(services.CommentError, match="30 günden eski"):
        submit()


def test_the_worker_forgets_old_ips_and_retrains_the_spam_model(submit):
    from datetime import timedelta

    from django.utils import timezone

    from manset.comments.models import SpamModelState
    from manset.core.scheduler import scheduler_tick

    comment = submit(ip="203.0.113.9")
    Comment.objects.filter(id=comment.id).update(created_at=timezone.now() - timedelta(days=800))
    for n in range(25):  # enough new decisions to retrain
        decided = Comment.objects.create(
            article=comment.article, name="x", email=f"k{n}@example.com", text=f"bonus {n}"
        )
        services.comment_moderate(comment=decided, action="spam")
    before = SpamModelState.objects.count()
    report = scheduler_tick()
    assert not report.failed
    comment.refresh_from_db()
    assert comment.ip_address is None
    assert SpamModelState.objects.count() == before + 1
    assert SpamModelState.objects.latest().examples > 600


def test_moderators_see_the_models_strongest_signals(admin_client, submit):
    comment = submit(text="Deneme bonusu veren siteler, hemen üye ol kazan!", website="")
    notes = {note["rule"]: note["detail"] for note in comment.guard_notes}
    assert "bonus" in notes["signals"]
    page = admin_client.get("/admin/yorumlar/?durum=spam").content.decode()
    page += admin_client.get("/admin/yorumlar/").content.decode()
    assert "Spam puanı yüksek" in page
    assert "bonus" in page  # in the reason's title, without weights or n-grams
    assert "(+0." not in page and "harf dizisi" not in page


def test_a_stored_model_from_an_older_version_is_retrained_not_a_crash(article):
    from manset.comments import spam_store
    from manset.comments.models import SpamModelState

    SpamModelState.objects.create(model={"format": "manset.comments.spam", "version": 0})
    spam_store.forget()
    assert 0 <= spam_store.current_model().score("Merhaba").probability <= 1
    assert SpamModelState.objects.count() == 2
