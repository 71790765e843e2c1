"""`manset backup` and `manset restore`: a round trip gives the same counts, media and page bytes;
a damaged archive or a database that is not empty is refused before anything changes."""

import io
import json
import tarfile
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from manset.comments.models import Comment
from manset.core import dbdump, generation
from manset.core.errors import BackupError
from manset.newsroom.images import NewsImage
from manset.newsroom.models import ArticlePage
from manset.wires.models import WireItem

pytestmark = pytest.mark.django_db(transaction=True)
RENDERED_AT = timezone.now() + timedelta(minutes=5)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def newsroom(article, make_comment, media):
    """An article with two comments, a wire item and a picture on disk."""
    make_comment(article)
    make_comment(article, text="İkinci yorum: çok güzel.")
    WireItem.objects.create(
        provider="AA",
        guid="urn:test:aa:1",
        format="ninjs",
        headline="Ankara'da yeni düzenleme",
        body="<p>Metin.</p>",
        received_at=timezone.now(),
        updated_at=timezone.now(),
        content_hash="0" * 64,
    )
    picture = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 16, 46)).save(picture, format="JPEG")
    NewsImage.objects.create(title="Kare", file=ContentFile(picture.getvalue(), name="kare.jpg"))
    return article


def counts() -> tuple[int, int, int]:
    return ArticlePage.objects.count(), Comment.objects.count(), WireItem.objects.count()


def page_html(client, article) -> bytes:
    """The article's page, uncached, at one fixed moment (the comment form signs the time)."""
    cache.clear()
    generation.forget()
    with time_machine.travel(RENDERED_AT, tick=False):
        response = client.get(article.url)
    assert response.status_code == 200
    return response.content


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@contextmanager
def database_swapped(name: str):
    """The default connection pointed at another database, then back at the test database.

    The test database's own connection is kept aside, not closed: SQLite's in-memory
    test database would die with it."""
    kept_name, kept_connection = connection.settings_dict["NAME"], connection.connection
    connection.connection = None
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = kept_name
        connection.connection = kept_connection


@pytest.fixture
def empty_database(tmp_path):
    """A new database with no tables: a file on SQLite, wt_…_restore on PostgreSQL."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = connection.settings_dict["NAME"].removeprefix("test_") + "_restore"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection._nodb_cursor() as cursor:  # CI makes a new test database each run
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_into_an_empty_database_gives_the_same_counts_media_and_page_bytes(
    newsroom, media, client, tmp_path, empty_database
):
    before = counts()
    html = page_html(client, newsroom)
    files = media_files(media)
    archive = tmp_path / "yedek.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "1 articles, 2 comments, 1 wire items; 1 media files" in out.getvalue()

    new_media = tmp_path / "new-media"
    with database_swapped(empty_database):
        assert dbdump.table_count() == 0
        out = io.StringIO()
        with override_settings(MEDIA_ROOT=new_media):
            call_command("restore", str(archive), stdout=out)
            assert counts() == before
            again = page_html(client, newsroom)
            assert again == html
        assert "Restored" in out.getvalue()
    assert media_files(new_media) == files


def test_the_manifest_lists_the_counts_the_vendor_and_every_files_sha256(newsroom, tmp_path):
    archive = tmp_path / "yedek.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"] == {"articles": 1, "comments": 2, "wire_items": 1}
    assert set(manifest["files"]) == names - {"manifest.json", "manifest.json.sha256"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


def flip_byte(archive: Path, member_name: str) -> None:
    """Change one byte in the middle of one member's data."""
    with tarfile.open(archive) as tar:
        member = tar.getmember(member_name)
    offset = member.offset_data + member.size // 2
    with archive.open("r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0x01]))


@pytest.mark.parametrize("member", ["database", "manifest.json", "media"])
def test_an_archive_with_one_byte_changed_is_refused_and_nothing_changes(
    newsroom, media, tmp_path, member, make_comment
):
    archive = tmp_path / "yedek.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        name = next(n for n in tar.getnames() if n.startswith(member))
    flip_byte(archive, name)
    make_comment(newsroom, text="Yedekten sonra yazıldı.")
    (media / "sonra.txt").write_text("yedekten sonra")
    before, files = counts(), media_files(media)

    with pytest.raises(CommandError, match=r"is damaged: .* (does not match|checksum)"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert counts() == before
    assert media_files(media) == files


def test_a_database_that_is_not_empty_is_refused_without_force(newsroom, tmp_path):
    archive = tmp_path / "yedek.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    Comment.objects.all().delete()
    with pytest.raises(CommandError, match="not empty .*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Comment.objects.count() == 0


def test_force_replaces_the_contents_of_a_database_that_is_not_empty(newsroom, tmp_path):
    archive = tmp_path / "yedek.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    Comment.objects.all().delete()
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert counts() == (1, 2, 1)


def test_a_backup_never_overwrites_an_existing_file(newsroom, tmp_path):
    archive = tmp_path / "yedek.tar"
    archive.write_bytes(b"eski")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"eski"


def test_a_file_that_is_not_an_archive_is_refused_in_one_line(wagtail_base, tmp_path):
    archive = tmp_path / "yedek.tar"
    archive.write_bytes(b"not a tar file at all" * 100)
    with pytest.raises(CommandError, match="not a readable backup archive") as caught:
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert "\n" not in str(caught.value)


@pytest.mark.django_db(transaction=False)
def test_missing_postgresql_client_tools_fail_with_one_line_naming_the_package(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="install Debian's postgresql-client") as caught:
        dbdump.pg_tool("pg_dump")
    assert "\n" not in str(caught.value)


def hostile_archive(path: Path, member: tarfile.TarInfo, data: bytes = b"") -> None:
    with tarfile.open(path, "w") as tar:
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data) if data else None)


@pytest.mark.parametrize(
    "member",
    [
        ("../../kacak.txt", tarfile.REGTYPE),
        ("/kacak.txt", tarfile.REGTYPE),
        ("media/../../kacak.txt", tarfile.REGTYPE),
        ("media/bag", tarfile.SYMTYPE),
    ],
)
def test_an_archive_entry_that_would_land_outside_the_restore_is_refused(
    wagtail_base, tmp_path, member
):
    name, kind = member
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
    archive = tmp_path / "yedek.tar"
    hostile_archive(archive, info, b"" if kind == tarfile.SYMTYPE else b"x")
    with pytest.raises(CommandError, match="refused the entry"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not (tmp_path.parent / "kacak.txt").exists()


def test_a_media_file_deleted_while_the_backup_runs_is_skipped(newsroom, media, tmp_path):
    from manset.core import backup

    listed = backup._media_files

    def with_a_vanished_file(root):
        yield root / "silindi.jpg", "media/silindi.jpg"
        yield from listed(root)

    archive = tmp_path / "yedek.tar"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backup, "_media_files", with_a_vanished_file)
        call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "media/silindi.jpg" not in manifest["files"]
    assert any(name.startswith("media/original_images/") for name in manifest["files"])


def test_a_comment_written_while_pg_dump_runs_is_in_neither_the_dump_nor_its_counts(
    newsroom, make_comment, client, tmp_path, empty_database
):
    """The snapshot: the counts and the dump are of one moment, whatever is written meanwhile."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump's snapshot is PostgreSQL's")
    run = dbdump._run

    def write_then_run(argv):
        def comment():
            make_comment(newsroom, text="pg_dump çalışırken yazıldı.")
            connections.close_all()

        writer = threading.Thread(target=comment)
        writer.start()
        writer.join()
        run(argv)

    archive = tmp_path / "yedek.tar"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dbdump, "_run", write_then_run)
        call_command("backup", str(archive), stdout=io.StringIO())
    assert Comment.objects.count() == 3
    with tarfile.open(archive) as tar:
        assert json.load(tar.extractfile("manifest.json"))["counts"]["comments"] == 2
    with database_swapped(empty_database):
        call_command("restore", str(archive), stdout=io.StringIO())
        assert Comment.objects.count() == 2
