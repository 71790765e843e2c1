"""Agency pictures are fetched ahead by a task (production's queue), with retries and
back-off, so that "Habere dönüştür" uses them at once; what is not stored is fetched then."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manset.wires import pictures
from manset.wires.articles import wire_item_to_article
from manset.wires.ingest import wire_file_ingest
from manset.wires.models import WireItem, WirePicture
from manset.wires.sources import wire_retention
from manset.wires.tasks import PICTURE_ATTEMPTS, wire_pictures_fetch_task
from tests import queue, servers
from tests.queue import run_ready_tasks
from tests.wires.factories import ninjs
from tests.wires.test_articles import jpeg, picture

server, database_queue = servers.server, queue.database_queue  # fixtures

pytestmark = pytest.mark.django_db
in_production = pytest.mark.usefixtures("database_queue")


def photos(server, *names: str) -> dict:
    """The ninjs associations of pictures served by `server` under /<name>.jpg."""
    found = {}
    for name in names:
        photo = picture(f"{server.url}/{name}.jpg")["photo"]
        found[name] = {**photo, "uri": name}
    return found


def stored(**fields) -> WireItem:
    wire_file_ingest(data=ninjs(**fields), name=f"{fields.get('guid', 'x')}.json")
    return WireItem.objects.get(guid=fields.get("guid", "urn:test:aa:1"))


def picture_rows():
    return DBTaskResult.objects.filter(task_path=wire_pictures_fetch_task.module_path).order_by(
        "enqueued_at"
    )


def run_picture_tasks():
    return run_ready_tasks(wire_pictures_fetch_task)


def serve_jpeg(server):
    server.app = lambda handler: (200, {"Content-Type": "image/jpeg"}, jpeg())


@in_production
def test_storing_an_item_with_pictures_queues_their_fetching_and_fetches_nothing_yet(server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    stored(guid="urn:test:aa:2")  # no pictures: nothing to queue
    [row] = picture_rows()
    assert row.status == TaskResultStatus.READY
    assert row.args_kwargs["kwargs"] == {"item_id": item.id}
    assert server.requests == []


def test_in_development_nothing_is_fetched_ahead_and_the_conversion_fetches(desks, server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    assert server.requests == [] and not WirePicture.objects.exists()
    assert DBTaskResult.objects.count() == 0
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.article.main_image is not None
    assert [r.path for r in server.requests] == ["/foto-1.jpg"]


@in_production
def test_the_conversion_uses_the_stored_pictures_without_asking_the_agency_again(desks, server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1", "foto-2"))
    [row] = run_picture_tasks()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == {"stored": 2, "skipped": ""}
    assert WirePicture.objects.filter(item=item).count() == 2
    asked = len(server.requests)

    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    article = conversion.article
    assert len(server.requests) == asked == 2, "no request at conversion"
    assert article.main_image is not None and article.main_image.credit == "Fotoğraf: AA"
    assert [b.block_type for b in article.body].count("image") == 1
    assert conversion.notes == ()
    assert not WirePicture.objects.exists(), "in the article's images now"


@in_production
def test_the_item_page_tells_the_editor_which_pictures_are_already_here(
    wagtail_base, admin_client, server
):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1", "foto-2"))
    pictures.wire_pictures_prefetch(item_id=item.id)
    WirePicture.objects.filter(url__endswith="/foto-2.jpg").delete()
    page = admin_client.get(f"/admin/wires/{item.id}/").content.decode()
    assert page.count('class="wire-stored">indirildi<') == 1
    assert page.index("foto-1") < page.index("indirildi") < page.index("foto-2")


@in_production
def test_a_failed_fetch_is_tried_again_30_seconds_later_and_then_stored(server):
    answers = iter([(503, {}, b"busy")])
    server.app = lambda handler: next(answers, (200, {"Content-Type": "image/jpeg"}, jpeg()))
    item = stored(associations=photos(server, "foto-1"))
    started = timezone.now()
    [first] = run_picture_tasks()
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert "HTTP 503" in first.return_value["error"]
    [retry] = picture_rows().filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"item_id": item.id, "attempt": 2}
    assert timedelta(seconds=29) < retry.run_after - started < timedelta(seconds=31)
    assert run_picture_tasks() == [], "not before its time"

    with time_machine.travel(started + timedelta(seconds=31)):
        [second] = run_picture_tasks()
    assert second.return_value == {"stored": 1, "skipped": ""}
    assert WirePicture.objects.get(item=item).url.endswith("/foto-1.jpg")


@in_production
def test_only_the_pictures_that_failed_are_fetched_again(server):
    def app(handler):
        if handler.path == "/foto-2.jpg" and len(server.requests) <= 2:
            return 502, {}, b""
        return 200, {"Content-Type": "image/jpeg"}, jpeg()

    server.app = app
    stored(associations=photos(server, "foto-1", "foto-2"))
    started = timezone.now()
    run_picture_tasks()
    assert WirePicture.objects.count() == 1
    with time_machine.travel(started + timedelta(seconds=31)):
        run_picture_tasks()
    assert WirePicture.objects.count() == 2
    assert [r.path for r in server.requests] == ["/foto-1.jpg", "/foto-2.jpg", "/foto-2.jpg"]


@in_production
def test_a_picture_failing_every_time_fails_the_task_for_good_with_its_address_and_error(
    desks, server, admin_client
):
    server.app = lambda handler: (404, {}, b"")
    item = stored(headline="Deprem bölgesinde son durum", associations=photos(server, "yok"))
    now = timezone.now()
    for delay in (0, 31, 2 * 60 + 31, 8 * 60 + 31, 32 * 60 + 31):
        now += timedelta(seconds=delay)
        with time_machine.travel(now):
            run_picture_tasks()
    rows = list(picture_rows())
    assert len(rows) == PICTURE_ATTEMPTS == 4
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 3 + [
        TaskResultStatus.FAILED
    ]
    failed = rows[-1]
    assert failed.exception_class_path == "manset.wires.pictures.WirePicturesError"
    assert f"{server.url}/yok.jpg: the server answered HTTP 404" in failed.traceback
    page = admin_client.get(f"/admin/gorevler/basarisiz/inspect/{failed.pk}/").content.decode()
    assert f"{server.url}/yok.jpg: the server answered HTTP 404" in page

    # The item is on the desk as ever, and becomes an article with a note for the editor.
    assert item.headline in admin_client.get("/admin/wires/").content.decode()
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert conversion.notes == ("yok: resim alınamadı",)


@in_production
def test_what_was_not_stored_yet_is_fetched_at_conversion(desks, server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1", "foto-2"))
    pictures.wire_pictures_prefetch(item_id=item.id)
    WirePicture.objects.filter(url__endswith="/foto-2.jpg").delete()  # still on its way
    server.requests.clear()
    conversion = wire_item_to_article(item=item, desk=desks["gundem"])
    assert [r.path for r in server.requests] == ["/foto-2.jpg"]
    assert [b.block_type for b in conversion.article.body].count("image") == 1
    assert conversion.article.main_image is not None


@in_production
def test_an_item_already_converted_is_not_fetched_for(desks, server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    wire_item_to_article(item=item, desk=desks["gundem"])
    server.requests.clear()
    [row] = run_picture_tasks()
    assert row.return_value == {"stored": 0, "skipped": "the item is already an article"}
    assert server.requests == [] and not WirePicture.objects.exists()


@in_production
def test_a_picture_arriving_after_the_conversion_is_not_stored(desks, server, monkeypatch):
    """The conversion locks the item as the store does: the picture is used, or not kept."""
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    real_fetch = pictures.fetch_media

    def fetch_while_an_editor_converts(url, **kwargs):
        data = real_fetch(url, **kwargs)
        monkeypatch.setattr(pictures, "fetch_media", real_fetch)
        wire_item_to_article(item=item, desk=desks["gundem"])
        return data

    monkeypatch.setattr(pictures, "fetch_media", fetch_while_an_editor_converts)
    [row] = run_picture_tasks()
    assert row.return_value["skipped"] == "the item became an article meanwhile"
    assert not WirePicture.objects.exists()


@in_production
def test_a_newer_version_without_a_picture_drops_it(server):
    serve_jpeg(server)
    stored(associations=photos(server, "foto-1", "foto-2"))
    run_picture_tasks()
    stored(version=2, associations=photos(server, "foto-2"))
    run_picture_tasks()
    assert [p.url.rsplit("/", 1)[1] for p in WirePicture.objects.all()] == ["foto-2.jpg"]


@in_production
def test_unfinished_pictures_and_other_media_are_not_fetched(server):
    serve_jpeg(server)
    found = photos(server, "foto-1")
    found["video"] = {"uri": "video", "type": "video", "renditions": {}}
    stored(associations=found)
    item = WireItem.objects.get()
    assert pictures.pictures_wanted(item.media) == [f"{server.url}/foto-1.jpg"]
    unfinished = [{**m, "size": 0} for m in item.media]
    assert pictures.pictures_wanted(unfinished) == []


@in_production
def test_the_retention_deletes_the_pictures_with_their_item(server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    run_picture_tasks()
    WireItem.objects.filter(pk=item.pk).update(received_at=timezone.now() - timedelta(days=30))
    assert wire_retention(days=14) == 1
    assert not WirePicture.objects.exists()


@in_production
def test_an_item_gone_before_its_task_ran_is_no_error(server):
    serve_jpeg(server)
    item = stored(associations=photos(server, "foto-1"))
    item.delete()
    [row] = run_picture_tasks()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["skipped"] == "the item is gone (expired or deleted)"
