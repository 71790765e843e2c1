"""`manset backup` and `manset restore`: one tar file with the database, the media and a manifest.

The archive holds `database.pgdump` (PostgreSQL) or `database.sqlite3` (SQLite),
every file under MEDIA_ROOT as `media/…` (renditions too: the database's rendition
rows point at them, and Wagtail does not remake a rendition whose row exists),
`manifest.json` with the SHA-256 of every file, and `manifest.json.sha256`.

The database is dumped first, the media copied after: a picture uploaded meanwhile
is in the archive without its row (the hourly orphan sweep removes it after a
restore); one deleted meanwhile is skipped.
"""

import hashlib
import importlib.metadata
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

from manset.core import dbdump, generation
from manset.core.errors import BackupError

FORMAT = "manset-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
MEDIA = "media"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: dict
    counts: dbdump.Counts
    media_files: int


class _Hashing:
    """A file read once: into the archive and through SHA-256 at the same time."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add_file(archive: tarfile.TarFile, source: Path, name: str) -> dict | None:
    """Add one file; None when it vanished before we could open it."""
    try:
        file = source.open("rb")
    except FileNotFoundError:
        return None
    with file:
        info = archive.gettarinfo(fileobj=file, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(file)
        archive.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, PurePosixPath(MEDIA, *path.relative_to(root).parts).as_posix()


def backup_create(*, path: Path) -> BackupSummary:
    """Write the archive to `path` (a new file); a failure leaves no file behind."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; give a new file name")
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    vendor = dbdump.vendor()
    files: dict[str, dict] = {}
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".manset-backup-") as work:
            dump_name = dbdump.DUMP_NAMES[vendor]
            dump_path = Path(work) / dump_name
            counts = dbdump.dump(dump_path)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                files[dump_name] = _add_file(archive, dump_path, dump_name)
                for source, name in _media_files(Path(settings.MEDIA_ROOT)):
                    entry = _add_file(archive, source, name)
                    if entry is not None:
                        files[name] = entry
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "manset_version": importlib.metadata.version("manset"),
                    "database_vendor": vendor,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "counts": {
                        "articles": counts.articles,
                        "comments": counts.comments,
                        "wire_items": counts.wire_items,
                    },
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"
                _add_bytes(archive, MANIFEST, data)
                _add_bytes(archive, MANIFEST_SUM, f"{hashlib.sha256(data).hexdigest()}\n".encode())
        partial.replace(path)
    except OSError as exc:
        raise BackupError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    media_count = sum(1 for name in files if name.startswith(f"{MEDIA}/"))
    return BackupSummary(path=path, manifest=manifest, counts=counts, media_files=media_count)


def _safe_member(member: tarfile.TarInfo) -> bool:
    parts = PurePosixPath(member.name).parts
    return (
        (member.isfile() or member.isdir())
        and bool(parts)
        and not member.name.startswith("/")
        and ".." not in parts
    )


def _unpack(path: Path, into: Path) -> None:
    try:
        with tarfile.open(path, "r:") as archive:
            members = archive.getmembers()
            bad = next((m.name for m in members if not _safe_member(m)), None)
            if bad is not None:
                raise BackupError(f"{path}: refused the entry {bad!r} (not a plain file)")
            archive.extractall(into, members=members, filter="data")
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist") from None
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path} is not a readable backup archive: {exc}") from None


def _manifest_read(path: Path, root: Path) -> dict:
    manifest_path, sum_path = root / MANIFEST, root / MANIFEST_SUM
    if not manifest_path.is_file() or not sum_path.is_file():
        raise BackupError(f"{path} is not a Manşet backup: it has no {MANIFEST}")
    if sum_path.read_text(errors="replace").strip() != _sha256(manifest_path):
        raise BackupError(f"{path} is damaged: {MANIFEST} does not match its checksum")
    try:
        manifest = json.loads(manifest_path.read_bytes())
    except ValueError:
        raise BackupError(f"{path} is damaged: {MANIFEST} is not valid JSON") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is not a backup this Manşet can read "
            f"(format {manifest.get('format')!r} version {manifest.get('format_version')!r})"
        )
    return manifest


def _files_verify(path: Path, root: Path, manifest: dict) -> None:
    listed = manifest["files"]
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {
        MANIFEST,
        MANIFEST_SUM,
    }
    extra = sorted(present - listed.keys())
    if extra:
        raise BackupError(f"{path} is damaged: {extra[0]} is not in the manifest")
    for name, entry in sorted(listed.items()):
        if name not in present:
            raise BackupError(f"{path} is damaged: {name} is missing")
        if _sha256(root / name) != entry["sha256"]:
            raise BackupError(f"{path} is damaged: {name} does not match its SHA-256")


def backup_restore(*, path: Path, force: bool = False) -> BackupSummary:
    """Check the archive whole, then replace the database and add the media files."""
    path = Path(path)
    vendor = dbdump.vendor()
    tables = dbdump.table_count()
    if tables and not force:
        raise BackupError(
            f"the database is not empty ({tables} tables); restore into a new empty "
            "database, or pass --force to replace its contents"
        )
    with tempfile.TemporaryDirectory(prefix="manset-restore-") as work:
        root = Path(work)
        _unpack(path, root)
        manifest = _manifest_read(path, root)
        _files_verify(path, root, manifest)
        if manifest["database_vendor"] != vendor:
            raise BackupError(
                f"{path} holds a {manifest['database_vendor']} database; "
                f"DATABASE_URL points at {vendor}"
            )
        dump_name = dbdump.DUMP_NAMES[vendor]
        if dump_name not in manifest["files"]:
            raise BackupError(f"{path} is damaged: {dump_name} is missing")
        dbdump.load(root / dump_name)
        media_root = Path(settings.MEDIA_ROOT)
        media = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
        for name in media:
            target = media_root.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(root / name, target)
    with connection.cursor() as cursor:
        counts = dbdump.counts_read(cursor)
    generation.bump()  # pages cached from the old contents are stale now
    expected = dbdump.Counts(**manifest["counts"])
    if counts != expected:
        raise BackupError(
            f"the restore finished but counted {counts.describe()}; "
            f"the manifest of {path} says {expected.describe()}"
        )
    return BackupSummary(path=path, manifest=manifest, counts=counts, media_files=len(media))
