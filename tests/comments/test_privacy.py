"""Reader e-mail addresses and IPs never appear in any public response.

The test builds a site with comments (published, pending, spam, replies, tombstones),
then crawls every public URL it can reach from the home page, the feeds and the
sitemaps, plus the comment endpoints and error pages, and searches every byte.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from manset.comments.models import Comment

pytestmark = pytest.mark.django_db

EMAILS = ["gizli.okur@example.com", "ikinci.okur@example.net", "spamci@example.org"]
IPS = ["198.51.100.23", "2001:db8::42", "203.0.113.77"]
LINK_RE = re.compile(rb'(?:href|src)="([^"#]+)"|<loc>([^<]+)</loc>|<link>([^<]+)</link>')


@pytest.fixture
def site_with_comments(desks, make_record, make_comment):
    from manset.comments import services
    from manset.newsroom.services import article_upsert

    articles = [
        article_upsert(
            record=make_record(external_id=f"p{n}", headline=f"Gizlilik haberi {n}")
        ).article
        for n in range(2)
    ]
    first = make_comment(
        articles[0],
        name="Okur Bir",
        email=EMAILS[0],
        ip_address=IPS[0],
        text="Yayında bir yorum",
        notify_replies=True,
    )
    make_comment(
        articles[0],
        parent=first,
        name="Okur İki",
        email=EMAILS[1],
        ip_address=IPS[1],
        website="https://okur.example",
        text="Bir yanıt",
    )
    make_comment(
        articles[1],
        name="Bekleyen",
        email=EMAILS[1],
        ip_address=IPS[1],
        text="Onay bekleyen yorum",
        status=Comment.Status.PENDING,
    )
    make_comment(
        articles[1],
        name="Spamcı",
        email=EMAILS[2],
        ip_address=IPS[2],
        text="Reklam",
        status=Comment.Status.SPAM,
    )
    services.reader_erase(email=EMAILS[0])  # leaves a tombstone over the reply
    return articles


def crawl(client, start: list[str], limit: int = 400) -> dict[str, bytes]:
    seen: dict[str, bytes] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        seen[path] = body + str(response.headers).encode()
        for match in LINK_RE.finditer(body):
            raw = next(group for group in match.groups() if group).decode()
            url = urlsplit(urljoin("http://testserver" + path, raw.replace("&amp;", "&")))
            if url.netloc == "testserver" and not url.path.startswith("/admin"):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


def test_no_public_response_holds_an_address_or_ip(client, site_with_comments):
    article = site_with_comments[0]
    start = [
        "/",
        "/rss/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/yok-boyle-bir-sayfa/",
        article.url,
        f"{article.url}?yorum=1",
        f"/yorum/{article.id}/sayfa/1/",
        f"/yorum/{article.id}/sayfa/1/?parca=1",
        f"/yorum/{article.id}/form/",
        f"/yorum/{article.id}/benim/",
        f"/yorum/sayilar/?haber={article.id}",
    ]
    pages = crawl(client, start)
    assert len(pages) > 25, sorted(pages)  # the crawl really went through the site
    assert any(b"Bir yan\xc4\xb1t" in body for body in pages.values())  # comments were shown
    stored = set(EMAILS + IPS)
    stored |= set(Comment.objects.values_list("email", flat=True))
    stored |= {ip for ip in Comment.objects.values_list("ip_address", flat=True) if ip}
    for path, body in pages.items():
        for secret in stored:
            assert secret.encode() not in body, f"{secret} leaked on {path}"


def test_the_failed_form_page_does_not_echo_other_readers_data(client, site_with_comments):
    article = site_with_comments[0]
    response = client.post(
        f"/yorum/{article.id}/",
        {"name": "", "email": "", "text": ""},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 400
    for secret in EMAILS + IPS:
        assert secret.encode() not in response.content
