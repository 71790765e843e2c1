"""The moderation queue: reasons a moderator can read, per-row buttons that work without
JavaScript, and JSON answers for the queue's script."""

import doctest

import pytest

from manset.comments import reasons
from manset.comments.models import Comment
from manset.comments.reasons import Reason, moderation_reasons

NOTES = [
    {"rule": "new_author", "action": "hold", "detail": "ilk yorum"},
    {"rule": "too_many_links", "action": "hold", "detail": "4"},
    {"rule": "block_words", "action": "spam", "detail": "salakça"},
    {"rule": "learned_score", "action": "spam", "detail": "0.97"},
    {
        "rule": "signals",
        "action": "info",
        "detail": "kelime: bonusu (+0.55); harf dizisi: «nizi» (+0.05); "
        "kelime çifti: üye ol (+0.45); kelime: haber (-0.31)",
    },
]


def test_the_reasons_doctests_pass():
    assert doctest.testmod(reasons).failed == 0


def test_rules_become_a_few_readable_reasons_spam_first():
    found = moderation_reasons(NOTES, can_see_ip=False)
    assert [r.label for r in found] == [
        "Küfür/hakaret",
        "Spam puanı yüksek",
        "Yeni okur",
        "Bağlantı",
    ]
    score = found[1]
    assert score.detail == "puan 0.97; öne çıkanlar: bonusu, üye ol"


def test_a_readers_report_comes_first_and_rules_that_read_alike_merge():
    notes = [
        {"rule": "flood", "action": "reject", "detail": "x"},
        {"rule": "rate_limit", "action": "reject", "detail": "y"},
    ]
    assert moderation_reasons(notes, reports=2, can_see_ip=True) == [
        Reason("Okur şikayeti (2)"),
        Reason("Çok sık yorum", "x; y"),
    ]


def test_a_banned_range_is_named_only_for_those_who_may_see_ips():
    notes = [{"rule": "banned_ip", "action": "spam", "detail": "198.51.100.0/24"}]
    assert moderation_reasons(notes, can_see_ip=False) == [Reason("Engellenmiş IP")]
    assert moderation_reasons(notes, can_see_ip=True) == [
        Reason("Engellenmiş IP", "198.51.100.0/24")
    ]


@pytest.mark.django_db
def test_the_queue_never_shows_the_models_internals(admin_client, article, make_comment):
    make_comment(
        article,
        text="Hemen üye olun, bonusunuzu alın",
        status=Comment.Status.SPAM,
        spam_score=0.97,
        guard_notes=NOTES,
    )
    page = admin_client.get("/admin/yorumlar/?durum=spam").content.decode()
    assert "Hemen üye olun" in page
    assert "Küfür/hakaret" in page and "Spam puanı yüksek" in page and "Bağlantı" in page
    assert "harf dizisi" not in page and "«nizi»" not in page
    assert "(+0." not in page and "(-0." not in page
    assert "learned_score" not in page and "new_author" not in page


@pytest.fixture
def queue(article, make_comment):
    return [
        make_comment(article, text=f"Bekleyen {n}", status=Comment.Status.PENDING) for n in range(3)
    ]


@pytest.mark.django_db
def test_each_row_has_its_own_buttons(admin_client, queue):
    page = admin_client.get("/admin/yorumlar/").content.decode()
    for comment in queue:
        for action in ("approve", "spam", "trash"):
            assert f'name="row" value="{action}:{comment.id}"' in page


@pytest.mark.django_db
def test_a_row_button_without_javascript_acts_on_that_row_only(admin_client, queue):
    ticked = queue[0]  # a box ticked before pressing another row's button is not acted on
    response = admin_client.post(
        "/admin/yorumlar/islem/",
        {"row": f"trash:{queue[1].id}", "ids": [ticked.id], "next": "durum=bekleyen"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/yorumlar/?durum=bekleyen"
    statuses = dict(Comment.objects.values_list("id", "status"))
    assert statuses == {
        queue[0].id: Comment.Status.PENDING,
        queue[1].id: Comment.Status.REJECTED,
        queue[2].id: Comment.Status.PENDING,
    }


@pytest.mark.django_db
def test_the_queue_script_gets_json(admin_client, queue):
    response = admin_client.post(
        "/admin/yorumlar/islem/",
        {"action": "approve", "ids": [queue[0].id, queue[2].id]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "2 yorum güncellendi.",
        "ids": [queue[0].id, queue[2].id],
        "status": "published",
        "label": "Onaylandı",
    }
    assert Comment.objects.get(id=queue[1].id).status == Comment.Status.PENDING


@pytest.mark.django_db
def test_a_json_request_without_a_choice_is_a_turkish_400(admin_client, queue):
    response = admin_client.post(
        "/admin/yorumlar/islem/", {"action": "approve"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "Bir işlem ve en az bir yorum seçin."}


@pytest.mark.django_db
def test_the_json_action_needs_the_csrf_token(article, make_comment, admin_user):
    from django.test import Client

    comment = make_comment(article, status=Comment.Status.PENDING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/yorumlar/islem/",
        {"action": "approve", "ids": [comment.id]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
