"""A watched folder: agencies upload files by FTP, we take the settled ones, oldest first.

A file is taken only once its modification time is a few seconds old, and never
while it carries an upload suffix, so half-written files are left alone. After
the ingest has stored a file's items, `done()` moves it to
processed/YYYY-MM-DD/: the folder itself is the state, so none is remembered.
"""

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from manset.turkish import ISTANBUL, ascii_lower
from manset.wires.errors import TransportError
from manset.wires.safexml import MAX_BYTES
from manset.wires.transports.base import Delivery, FetchResult, SourceConfig

PROCESSED = "processed"
UPLOADING_SUFFIXES = (".part", ".tmp", ".filepart")  # FTP servers and clients mid-upload


def fetch(config: SourceConfig, state: dict, *, now=time.time) -> FetchResult:
    """Up to options["batch"] (200) settled files directly in config.path, oldest first.

    A file that cannot be read is left in place and reported in state["errors"];
    the others are delivered. Each Delivery's key is the file's path, for done().
    """
    settle = float(config.options.get("settle_seconds", 5))
    batch = int(config.options.get("batch", 200))
    ready = _ready_files(Path(config.path), settled_before=now() - settle)
    deliveries, errors = [], []
    for path in ready[:batch]:
        try:
            data = _read(path)
        except FileNotFoundError:
            continue  # taken by a concurrent run between listing and reading
        except OSError as error:
            errors.append(f"{path.name}: cannot be read ({error.strerror or type(error).__name__})")
            continue
        deliveries.append(
            Delivery(name=path.name, data=data, received_at=datetime.now(UTC), key=str(path))
        )
    return FetchResult(deliveries=tuple(deliveries), state={"errors": errors} if errors else {})


def done(config: SourceConfig, delivery: Delivery, *, now=time.time) -> Path:
    """Move the delivered file to path/processed/YYYY-MM-DD/ (Istanbul date); the new path.

    A name already taken there gets a numeric suffix ("haber-1.xml"), so nothing is overwritten.
    """
    source = Path(delivery.key)
    day = datetime.fromtimestamp(now(), ISTANBUL).date().isoformat()
    target_folder = Path(config.path) / PROCESSED / day
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TransportError(
            f"cannot create {target_folder} ({error.strerror}); "
            "give the user Manşet runs as write access to the folder"
        ) from None
    target = _free_name(target_folder, source.name)
    try:
        os.replace(source, target)  # atomic within one file system
    except FileNotFoundError:
        raise TransportError(
            f"{source}: the file is gone before it could be moved to {target_folder}; "
            "was it moved by hand or by a second ingest process?"
        ) from None
    except OSError as error:
        raise TransportError(
            f"{source}: cannot be moved to {target_folder} ({error.strerror}); "
            "give the user Manşet runs as write access to the folder"
        ) from None
    return target


def _ready_files(folder: Path, *, settled_before: float) -> list[Path]:
    """Regular, visible, fully uploaded files directly in `folder`, oldest first."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        raise TransportError(
            f"the folder {folder} does not exist; create it or correct the source's path"
        ) from None
    except NotADirectoryError:
        raise TransportError(
            f"{folder} is a file, not a folder; correct the source's path"
        ) from None
    except OSError as error:
        raise TransportError(
            f"the folder {folder} cannot be read ({error.strerror}); "
            "give the user Manşet runs as read and write access to it"
        ) from None
    ready = []
    for entry in entries:
        if _skipped(entry.name) or not entry.is_file(follow_symlinks=False):
            continue  # symbolic links too: an upload never makes one, and it may point anywhere
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except FileNotFoundError:
            continue
        if modified <= settled_before:
            ready.append((modified, entry.name, Path(entry.path)))
    return [path for _modified, _name, path in sorted(ready)]


def _skipped(name: str) -> bool:
    return name.startswith(".") or ascii_lower(name).endswith(UPLOADING_SUFFIXES)


def _read(path: Path) -> bytes:
    # One byte over the limit is enough for the parser to refuse the file with its size.
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1)


def _free_name(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 0
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate
