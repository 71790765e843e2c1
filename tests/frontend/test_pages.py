"""Readers' pages render the newsroom's content in Turkish."""

import pytest

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_latest_article(client, article):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="tr">' in html
    assert "24 yıl sonra ilk: Putin, Kuzey Kore’de" in html
    assert ">Dünya</a>" in html


def test_the_desk_page_lists_its_articles(client, article):
    response = client.get("/dunya/")
    assert response.status_code == 200
    assert "Kuzey Kore’de" in response.content.decode()


def test_a_malformed_page_number_is_a_404(client, article):
    assert client.get("/dunya/?sayfa=abc").status_code == 404
    assert client.get("/dunya/?sayfa=99999").status_code == 404


def test_the_article_page_carries_the_story(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rusya Devlet Başkanı Putin, Pyongyang&#x27;a vardı." in html
    assert '<h2 class="subheading" lang="tr">KİM: İLİŞKİLERİMİZ GÜÇLENECEK</h2>' in html
    assert "Kaynak: AA" in html
    assert "PYONGYANG (AA) –" in html
    assert "Dış Haberler Servisi" in html


def test_sub_headings_typed_in_lowercase_are_shown_in_turkish_uppercase(client, desks, make_record):
    from manset.importers.records import BodyBlock
    from manset.newsroom.services import article_upsert

    record = make_record(body=(BodyBlock("subheading", "kim: iletişimi güçlendireceğiz"),))
    page = article_upsert(record=record).article
    html = client.get(page.url).content.decode()
    assert "KİM: İLETİŞİMİ GÜÇLENDİRECEĞİZ" in html


def test_published_comments_show_and_others_do_not(client, article):
    Comment.objects.create(
        article=article,
        name="Okur",
        email="gizli@example.com",
        text="Güzel haber",
        status=Comment.Status.PUBLISHED,
    )
    Comment.objects.create(
        article=article,
        name="Spamcı",
        email="s@example.com",
        text="REKLAM",
        status=Comment.Status.SPAM,
    )
    html = client.get(article.url).content.decode()
    assert "Güzel haber" in html and "REKLAM" not in html
    assert "gizli@example.com" not in html


def test_an_unknown_address_gets_a_turkish_404(client, home):
    response = client.get("/boyle-bir-sayfa-yok/")
    assert response.status_code == 404
    assert "Aradığınız sayfa bulunamadı" in response.content.decode()
