"""An agency item becomes a credited article: body blocks, lead, pictures, the link back."""

import io
import time

import pytest
from django.db import transaction
from PIL import Image

from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticlePage
from manset.wires import articles, pictures
from manset.wires.articles import wire_item_to_article
from manset.wires.ingest import wire_file_ingest
from manset.wires.models import WireItem
from manset.wires.pictures import MediaError, fetch_media
from tests import servers
from tests.wires.factories import ninjs

server = servers.server  # a fixture

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Toplantıda <strong>üç</strong> karar alındı.</p>"
    "<h3>Takvim</h3>"
    "<ul><li>Ocak: ilk aşama</li><li>Mart: ikinci aşama</li></ul>"
    '<p>Ayrıntılar <a href="https://example.com/rapor" rel="nofollow">raporda</a>.</p>'
    "<blockquote>Bu düzenleme herkes için.</blockquote>"
)


def stored(**fields) -> WireItem:
    wire_file_ingest(data=ninjs(**fields), name="x")
    return WireItem.objects.get()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 16, 46)).save(out, format="JPEG")
    return out.getvalue()


def test_the_article_carries_headline_lead_body_blocks_and_agency(desks):
    item = stored(body=BODY, urgency=2)
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    article = conversion.article
    assert conversion.created and not conversion.published and not article.live
    # The headline's apostrophe is typographic, as every saved headline's is (issue 13).
    assert article.title == "Ankara’da yeni düzenleme açıklandı" != item.headline
    assert article.lead == item.abstract
    assert [block.block_type for block in article.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "quote",
    ]
    assert "<b>üç</b>" in article.body[0].value.source
    assert article.body[1].value == "Takvim"
    assert '<a href="https://example.com/rapor">raporda</a>' in article.body[2].value.source
    assert "<li>Ocak: ilk aşama</li>" in article.body[2].value.source
    assert article.body[3].value["text"] == "Bu düzenleme herkes için."
    assert article.source_agency == "AA" and article.breaking
    assert article.external_id == "wire:AA:urn:test:aa:1"


def test_the_item_is_marked_used_and_linked_to_the_article(desks, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    item = stored()
    article = wire_item_to_article(item=item, desk=desks["gundem"], user=user).article
    item.refresh_from_db()
    assert item.used and item.article_id == article.id and item.used_by == user
    assert article.get_latest_revision().user == user


def test_converting_twice_gives_back_the_first_article(desks):
    item = stored()
    first = wire_item_to_article(item=item, desk=desks["gundem"])
    second = wire_item_to_article(item=item, desk=desks["dunya"])
    assert not second.created and second.article.id == first.article.id
    assert ArticlePage.objects.count() == 1


def test_without_an_abstract_the_first_paragraph_becomes_the_lead(desks):
    item = stored(abstract="", body="<p>İlk paragraf spot olur.</p><p>İkinci paragraf metinde.</p>")
    article = wire_item_to_article(item=item, desk=desks["gundem"]).article
    assert article.lead == "İlk paragraf spot olur."
    assert [b.value.source for b in article.body] == ["<p>İkinci paragraf metinde.</p>"]


def test_publishing_directly_puts_the_article_live_with_its_credit(desks):
    item = stored()
    conversion = wire_item_to_article(item=item, desk=desks["gundem"], publish=True)
    assert conversion.published and conversion.article.live
    assert conversion.article.attribution == "Kaynak: AA"


def picture(url, **extra):
    return {
        "photo": {
            "uri": "foto-1",
            "type": "picture",
            "headline": "Toplantıdan bir kare",
            "renditions": {"original": {"href": url, "mimetype": "image/jpeg"}},
            **extra,
        }
    }


def test_pictures_are_downloaded_with_caption_and_credit(desks, server):
    server.app = lambda handler: (200, {"Content-Type": "image/jpeg"}, jpeg())
    item = stored(associations=picture(f"{server.url}/foto.jpg"))
    assert item.media and item.media[0]["url"].endswith("/foto.jpg")
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    image = conversion.article.main_image
    assert image is not None and image.credit == "Fotoğraf: AA"
    assert conversion.notes == ()


def test_a_picture_that_fails_is_noted_and_the_article_still_made(desks, server):
    server.app = lambda handler: (404, {}, b"")
    item = stored(associations=picture(f"{server.url}/yok.jpg"))
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.article.main_image is None
    assert conversion.notes == ("foto-1: resim alınamadı",)


def test_the_editor_is_not_told_what_the_server_answered(desks, server):
    """An internal server's status or body is no business of the editor's (nor an attacker's)."""
    server.app = lambda handler: (500, {}, "<html>iç sistem hatası: redis down</html>".encode())
    item = stored(associations=picture(f"{server.url}/foto.jpg"))
    notes = wire_item_to_article(item=item, desk=desks["gundem"]).notes
    assert notes == ("foto-1: resim alınamadı",)


def test_a_picture_that_is_not_an_image_is_noted(desks, server):
    server.app = lambda handler: (200, {}, b"<html>not a picture</html>")
    item = stored(associations=picture(f"{server.url}/sahte.jpg"))
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.article.main_image is None
    assert conversion.notes == ("foto-1: resim alınamadı",)


def test_a_backslash_address_does_not_reach_the_servers_own_network(desks, server, settings):
    """The review's case: a backslash made the check see one host and the client another."""
    settings.MANSET_FETCH_ALLOWED_NETWORKS = []
    server.app = lambda handler: (200, {"Content-Type": "image/jpeg"}, jpeg())
    port = server.url.rsplit(":", 1)[1]
    url = f"http://127.0.0.1:{port}\\@nonexistent.invalid/x.png"
    item = stored(associations=picture(url))
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.article.main_image is None
    assert conversion.notes == ("foto-1: resim alınamadı",)
    assert server.requests == []


def test_private_addresses_are_not_fetched_outside_tests(settings):
    settings.MANSET_FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(MediaError, match="not a public address"):
        fetch_media("http://127.0.0.1:6379/")
    with pytest.raises(MediaError, match="only http and https"):
        fetch_media("file:///etc/passwd")


@pytest.mark.django_db(transaction=True)
def test_pictures_are_downloaded_outside_the_database_transaction(
    wagtail_base, desks, server, monkeypatch
):
    """A slow agency server must not hold the write lock every reader's comment needs."""
    server.app = lambda handler: (200, {"Content-Type": "image/jpeg"}, jpeg())
    item = stored(associations=picture(f"{server.url}/foto.jpg"))
    in_transaction = []
    real_fetch = pictures.fetch_media

    def watched_fetch(url, **kwargs):
        in_transaction.append(transaction.get_connection().in_atomic_block)
        return real_fetch(url, **kwargs)

    monkeypatch.setattr(pictures, "fetch_media", watched_fetch)
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.article.main_image is not None
    assert in_transaction == [False]


def test_all_pictures_of_an_item_share_one_deadline(desks, server, monkeypatch):
    def slow(handler):
        time.sleep(0.6)
        return 200, {"Content-Type": "image/jpeg"}, jpeg()

    server.app = slow
    monkeypatch.setattr(pictures, "PICTURES_DEADLINE", 1.0)
    photos = {f"foto-{n}": picture(f"{server.url}/{n}.jpg")["photo"] for n in range(5)}
    for n, media in enumerate(photos.values()):
        media["uri"] = f"foto-{n}"
    item = stored(associations=photos)
    started = time.monotonic()
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert time.monotonic() - started < 2.5  # five pictures would take 3 s
    assert conversion.article.main_image is not None
    assert conversion.notes == tuple(f"foto-{n}: resim alınamadı" for n in range(1, 5))
    assert len(server.requests) == 2  # no request once the time was up


def test_a_conversion_that_fails_leaves_no_picture_file_behind(desks, server, monkeypatch):
    server.app = lambda handler: (200, {"Content-Type": "image/jpeg"}, jpeg())
    item = stored(associations=picture(f"{server.url}/foto.jpg"))
    files = []
    real_save = articles._image_save

    def save_then_remember(picture, item):
        saved = real_save(picture, item)
        files.append(saved[0].file.name)
        return saved

    def broken_add_child(self, **kwargs):
        raise RuntimeError("the page tree is locked")

    monkeypatch.setattr(articles, "_image_save", save_then_remember)
    monkeypatch.setattr(type(desks["gundem"]), "add_child", broken_add_child)
    with pytest.raises(RuntimeError):
        wire_item_to_article(item=item, desk=desks["gundem"])
    assert files and not any(NewsImage.objects.all())
    storage = NewsImage._meta.get_field("file").storage
    assert not any(storage.exists(name) for name in files)
