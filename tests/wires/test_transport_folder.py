"""A watched folder: settled files oldest first, uploads left alone, done() moves files away."""

import os
import time
from datetime import datetime

import pytest

from manset.turkish import ISTANBUL
from manset.wires import transports
from manset.wires.errors import TransportError
from manset.wires.safexml import MAX_BYTES
from manset.wires.transports import folder
from manset.wires.transports.base import SourceConfig

NOW = 1_800_000_000.0  # 2027-01-15 08:00 UTC


def put(directory, name, *, age, data=b"<haber/>"):
    """A file in `directory` last modified `age` seconds before NOW."""
    path = directory / name
    path.write_bytes(data)
    os.utime(path, (NOW - age, NOW - age))
    return path


def fetch(directory, **options):
    config = SourceConfig(kind="folder", path=str(directory), options=options)
    return folder.fetch(config, {}, now=lambda: NOW)


def test_settled_files_come_oldest_first_with_their_bytes_and_path(tmp_path):
    put(tmp_path, "b.xml", age=60, data=b"<b/>")
    put(tmp_path, "a.xml", age=600, data=b"<a/>")
    put(tmp_path, "c.xml", age=30, data=b"<c/>")
    result = fetch(tmp_path)
    assert [d.name for d in result.deliveries] == ["a.xml", "b.xml", "c.xml"]
    assert [d.data for d in result.deliveries] == [b"<a/>", b"<b/>", b"<c/>"]
    assert result.deliveries[0].key == str(tmp_path / "a.xml")
    assert result.state == {} and not result.not_modified


def test_files_modified_within_the_settle_time_are_left_for_the_next_fetch(tmp_path):
    put(tmp_path, "old.xml", age=6)
    put(tmp_path, "uploading.xml", age=2)
    assert [d.name for d in fetch(tmp_path).deliveries] == ["old.xml"]
    assert [d.name for d in fetch(tmp_path, settle_seconds=1).deliveries] == [
        "old.xml",
        "uploading.xml",
    ]


def test_hidden_partial_and_temporary_files_sub_folders_and_links_are_skipped(tmp_path):
    put(tmp_path, "haber.xml", age=60)
    for name in (".haber.xml", "a.xml.part", "b.XML.TMP", "c.xml.filepart"):
        put(tmp_path, name, age=60)
    (tmp_path / "arsiv").mkdir()
    (tmp_path / "link.xml").symlink_to(tmp_path / "haber.xml")
    assert [d.name for d in fetch(tmp_path).deliveries] == ["haber.xml"]


def test_one_fetch_takes_at_most_a_batch(tmp_path):
    for number in range(5):
        put(tmp_path, f"{number}.xml", age=100 - number)
    assert [d.name for d in fetch(tmp_path, batch=3).deliveries] == ["0.xml", "1.xml", "2.xml"]


def test_a_huge_file_is_read_only_one_byte_past_the_limit_for_the_parser_to_refuse(tmp_path):
    huge = put(tmp_path, "huge.xml", age=60, data=b"")
    os.truncate(huge, MAX_BYTES * 2)
    os.utime(huge, (NOW - 60, NOW - 60))
    assert len(fetch(tmp_path).deliveries[0].data) == MAX_BYTES + 1


def test_done_moves_the_file_into_processed_by_istanbul_date(tmp_path):
    put(tmp_path, "haber.xml", age=60)
    config = SourceConfig(kind="folder", path=str(tmp_path))
    delivery = fetch(tmp_path).deliveries[0]
    moved = folder.done(config, delivery, now=lambda: NOW)
    day = datetime.fromtimestamp(NOW, ISTANBUL).date().isoformat()
    assert moved == tmp_path / "processed" / day / "haber.xml"
    assert moved.read_bytes() == b"<haber/>" and not (tmp_path / "haber.xml").exists()
    assert fetch(tmp_path).deliveries == ()


def test_done_adds_a_number_when_the_name_was_processed_before(tmp_path):
    config = SourceConfig(kind="folder", path=str(tmp_path))
    moved = []
    for round_ in range(3):
        put(tmp_path, "haber.xml", age=60, data=f"<r{round_}/>".encode())
        moved.append(folder.done(config, fetch(tmp_path).deliveries[0], now=lambda: NOW))
    assert [path.name for path in moved] == ["haber.xml", "haber-1.xml", "haber-2.xml"]
    assert moved[2].read_bytes() == b"<r2/>"


def test_the_dispatcher_moves_folder_deliveries_today(tmp_path):
    (tmp_path / "haber.xml").write_bytes(b"<haber/>")
    config = SourceConfig(kind="folder", path=str(tmp_path), options={"settle_seconds": 0})
    (delivery,) = transports.fetch(config, {}).deliveries
    transports.done(config, delivery)
    today = datetime.fromtimestamp(time.time(), ISTANBUL).date().isoformat()
    assert (tmp_path / "processed" / today / "haber.xml").exists()


def test_done_on_a_file_already_gone_says_what_happened(tmp_path):
    put(tmp_path, "haber.xml", age=60)
    config = SourceConfig(kind="folder", path=str(tmp_path))
    delivery = fetch(tmp_path).deliveries[0]
    (tmp_path / "haber.xml").unlink()
    with pytest.raises(TransportError, match="the file is gone before it could be moved"):
        folder.done(config, delivery)


def test_a_missing_folder_is_a_transport_error_naming_it(tmp_path):
    missing = tmp_path / "ftp" / "aa"
    with pytest.raises(TransportError, match=f"the folder {missing} does not exist"):
        fetch(missing)


def test_a_file_given_as_the_folder_is_refused(tmp_path):
    not_a_folder = put(tmp_path, "haber.xml", age=60)
    with pytest.raises(TransportError, match="is a file, not a folder"):
        fetch(not_a_folder)
