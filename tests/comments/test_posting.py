"""Posting a comment on a cached article page, with and without JavaScript."""

import pytest

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_a_first_comment_waits_for_a_moderator_and_says_so(client, article, post_comment):
    response = post_comment(article)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/yorum/{article.id}/benim/?yorum={comment.id}#yorum-durumu"
    assert comment.status == Comment.Status.PENDING
    assert "new_author" in [note["rule"] for note in comment.guard_notes]
    assert "Yorumunuz onay bekliyor" in client.get(response["Location"]).content.decode()
    assert "Çok yerinde bir haber" not in client.get(article.url).content.decode()


def test_a_trusted_reader_is_published_at_once_and_the_page_shows_it(
    client, article, post_comment, trusted
):
    trusted()
    client.get(article.url)  # the page is cached before the comment
    response = post_comment(article, text="Depremzedelere geçmiş olsun.")
    assert Comment.objects.get(article=article).status == Comment.Status.PUBLISHED
    page = client.get(article.url).content.decode()
    assert "Depremzedelere geçmiş olsun." in page
    assert "Yorumlar (1)" in page
    assert "ayse@example.com" not in page
    assert "Yorumunuz yayımlandı" in client.get(response["Location"]).content.decode()


def test_a_post_from_another_site_is_refused(article, post_comment):
    assert post_comment(article, origin="https://kotu.example").status_code == 403
    assert post_comment(article, origin=None).status_code == 403  # neither Origin nor Referer
    assert not Comment.objects.exists()


def test_a_referer_from_this_site_is_enough_without_an_origin(client, article, post_comment):
    from manset.comments.forms import make_stamp

    data = {
        "name": "Ali",
        "email": "ali@example.com",
        "text": "Katılıyorum.",
        "stamp": make_stamp(article.id),
    }
    response = client.post(
        f"/yorum/{article.id}/", data, headers={"Referer": f"http://testserver{article.url}"}
    )
    assert response.status_code == 302


def test_field_errors_are_turkish_and_the_text_is_kept(article, post_comment):
    response = post_comment(article, name="", email="gecersiz", website="javascript:alert(1)")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Adınızı yazın." in page
    assert "Geçerli bir e-posta adresi yazın" in page
    assert "Geçerli bir web sitesi adresi yazın" in page
    assert "Çok yerinde bir haber, teşekkürler." in page  # nothing the reader typed is lost
    assert not Comment.objects.exists()


def test_a_long_comment_is_refused_with_its_length(article, post_comment):
    response = post_comment(article, text="a" * 5001)
    assert "5.000 karakter" in response.content.decode()
    assert "5.001" in response.content.decode()


@pytest.mark.parametrize("stamp", [{"stamp": "sahte"}, {}], ids=["forged", "missing"])
def test_a_forged_or_missing_stamp_is_refused_but_keeps_the_text(client, article, stamp):
    response = client.post(
        f"/yorum/{article.id}/",
        {"name": "Ali", "email": "ali@example.com", "text": "Merhaba", **stamp},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 400
    assert "Formun süresi doldu" in response.content.decode()
    assert "Merhaba" in response.content.decode()
    assert not Comment.objects.exists()


def test_with_javascript_the_answer_is_json(article, post_comment, trusted):
    trusted()
    data = post_comment(article, json=True).json()
    assert data["ok"] and data["status"] == "published"
    assert 'id="yorum-' in data["html"]
    errors = post_comment(article, json=True, text="").json()
    assert errors["errors"]["text"] == ["Yorumunuzu yazın."]


def test_the_honeypot_and_a_too_quick_form_mark_spam(article, post_comment, trusted):
    trusted()
    post_comment(article, homepage="http://spam.example")
    post_comment(article, stamp_age=0.5, email="hizli@example.com", text="Başka bir yorum")
    statuses = Comment.objects.filter(article=article).values_list("status", flat=True)
    assert set(statuses) == {Comment.Status.SPAM}


def test_a_second_comment_within_the_flood_window_is_refused(article, post_comment, trusted):
    trusted()
    post_comment(article)
    response = post_comment(article, text="Bir yorum daha yazayım dedim.")
    assert response.status_code == 429
    assert "saniye" in response.content.decode()
    assert Comment.objects.filter(article=article).count() == 1


def test_the_own_pending_comment_is_shown_to_its_author_only(client, article, post_comment):
    post_comment(article)
    json = {"Accept": "application/json"}
    mine = client.get(f"/yorum/{article.id}/benim/", headers=json).json()["comments"]
    assert len(mine) == 1 and "Onay bekliyor" in mine[0]["html"] and mine[0]["editable"]
    client.cookies.clear()
    assert client.get(f"/yorum/{article.id}/benim/", headers=json).json()["comments"] == []


def test_the_author_may_edit_and_delete_within_the_window(client, article, post_comment):
    post_comment(article)
    comment = Comment.objects.get()
    origin = {"Origin": "http://testserver"}
    edited = client.post(
        f"/yorum/duzenle/{comment.id}/", {"text": "Düzeltilmiş yorum"}, headers=origin
    )
    assert edited.json()["ok"]
    comment.refresh_from_db()
    assert comment.text == "Düzeltilmiş yorum" and comment.edited_at
    Comment.objects.filter(id=comment.id).update(created_at=comment.created_at.replace(year=2020))
    late = client.post(f"/yorum/sil/{comment.id}/", headers=origin)
    assert late.status_code == 403
    assert Comment.objects.filter(id=comment.id).exists()


def test_counts_for_cards(client, article, post_comment, trusted):
    trusted()
    post_comment(article)
    assert client.get(f"/yorum/sayilar/?haber={article.id},999").json() == {
        str(article.id): 1,
        "999": 0,
    }
    assert client.get("/yorum/sayilar/?haber=abc").json() == {}


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # the first entry may be forged
        (2, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "bozuk", "127.0.0.1"),
        (2, "203.0.113.5", "127.0.0.1"),  # fewer entries than proxies
    ],
)
def test_the_readers_address_behind_proxies(rf, settings, hops, forwarded, expected):
    from manset.core.client import client_ip

    settings.MANSET_PROXY_HOPS = hops
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


def test_long_discussions_come_in_pages_of_threads_either_way_round(client, article):
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.page_size = 2
    config.save()
    threads = [
        Comment.objects.create(
            article=article,
            name=f"Okur {n}",
            email=f"o{n}@example.com",
            text=f"Konu {n}",
            status=Comment.Status.PUBLISHED,
        )
        for n in range(5)
    ]
    Comment.objects.create(
        article=article,
        parent=threads[0],
        name="Yanıtçı",
        email="y@example.com",
        text="İlk konuya yanıt",
        status=Comment.Status.PUBLISHED,
    )
    page = client.get(article.url).content.decode()
    assert "Konu 0" in page and "İlk konuya yanıt" in page and "Konu 2" not in page
    assert "Yorumlar (6)" in page
    second = client.get(f"/yorum/{article.id}/sayfa/2/").content.decode()
    assert "Konu 2" in second and "Konu 3" in second and "Konu 0" not in second
    newest = client.get(f"/yorum/{article.id}/sayfa/1/?sira=yeni").content.decode()
    assert newest.index("Konu 4") < newest.index("Konu 3")
    assert client.get(f"/yorum/{article.id}/sayfa/9/").status_code == 404
    assert (
        client.get(f"/yorum/{article.id}/sayfa/2/?parca=1")
        .content.decode()
        .startswith('<article class="comment')
    )


def test_a_kept_comment_page_shows_a_new_or_approved_comment_at_once(
    client, article, post_comment, trusted
):
    from manset.comments import services

    url = f"/yorum/{article.id}/sayfa/1/"
    assert "Henüz" not in client.get(url).content.decode()  # rendered and kept
    post_comment(article, text="Bekleyen yorum", email="yeni@example.com")
    assert "Bekleyen yorum" not in client.get(url).content.decode()
    services.comment_moderate(comment=Comment.objects.get(), action="approve")
    assert "Bekleyen yorum" in client.get(url).content.decode()


def test_with_the_consent_box_on_a_comment_needs_it_and_records_it(article, post_comment):
    from manset.comments.config import CommentSettings

    config = CommentSettings.load()
    config.require_consent = True
    config.save()
    refused = post_comment(article)
    assert (
        refused.status_code == 400
        and "aydınlatma metnini onaylamalısınız" in refused.content.decode()
    )
    assert post_comment(article, consent="1").status_code == 302
    assert Comment.objects.get().consent_at is not None


def test_a_closed_article_shows_no_form_and_refuses_posts(client, article, post_comment):
    from manset.newsroom.models import ArticlePage

    ArticlePage.objects.filter(id=article.id).update(comments_open=False)
    page = client.get(article.url).content.decode()
    assert "Bu haber yorumlara kapalı." in page and 'id="yorum-formu"' not in page
    assert post_comment(article).status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("value", ["¹", "٣", "²³", "9" * 40])
def test_odd_digits_in_the_notice_parameters_are_ignored(client, article, value):
    """Unicode digits pass str.isdigit() but not int(): never a server error."""
    for name in ("yorum", "yanit"):
        assert client.get(article.url, {name: value}).status_code == 200
