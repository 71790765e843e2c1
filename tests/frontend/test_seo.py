"""Article pages carry JSON-LD, OpenGraph, Twitter cards and a canonical URL."""

import json
import re

import pytest
from django.core.files.images import ImageFile

from manset.demo.images import draw_illustration
from manset.newsroom.images import NewsImage
from manset.newsroom.services import article_upsert
from manset.turkish import to_istanbul

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_news_article_names_the_agency_and_the_desk(client, article):
    html = client.get(article.url).content.decode()
    news, crumbs = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "24 yıl sonra ilk: Putin, Kuzey Kore’de"
    assert news["articleSection"] == "Dünya"
    assert news["sourceOrganization"]["name"] == "Anadolu Ajansı"
    assert news["isBasedOn"]["publisher"]["name"] == "Anadolu Ajansı"
    assert news["author"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"].endswith("/static/frontend/logo.png")
    assert news["datePublished"] == to_istanbul(article.first_published_at).isoformat()
    assert news["datePublished"].endswith("+03:00")
    assert news["url"] == f"http://testserver{article.url}"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Ana Sayfa",
        "Dünya",
        article.title,
    ]


def test_authors_are_people_in_json_ld(client, desks, make_record):
    page = article_upsert(record=make_record(authors=("Ayşe Kaya",), agency="")).article
    news = json_ld(client.get(page.url).content.decode())[0]
    assert news["author"] == [
        {"@type": "Person", "name": "Ayşe Kaya", "url": "http://testserver/yazar/ayse-kaya/"}
    ]
    assert "sourceOrganization" not in news and "isBasedOn" not in news


def test_a_headline_cannot_break_out_of_the_script_element(client, desks, make_record):
    page = article_upsert(record=make_record(headline="</script><script>alert(1)</script>")).article
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_sharing_metadata_and_canonical_url(client, desks, make_record):
    image = NewsImage(title="Tören", credit="Fotoğraf: AA")
    image.file = ImageFile(__import__("io").BytesIO(draw_illustration("x", "dunya")), name="x.jpg")
    image.save()
    page = article_upsert(record=make_record(), main_image=image).article
    html = client.get(page.url).content.decode()
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="tr_TR">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/images/[^"]+">', html
    )
    assert '<meta property="article:tag" content="Kuzey Kore">' in html
    assert json_ld(html)[0]["image"][0].startswith("http://testserver/media/images/")
