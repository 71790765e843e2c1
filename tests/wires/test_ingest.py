"""Storing agency files: upsert by (provider, guid), versions kept, bad input quarantined."""

import pytest

from manset.wires.ingest import wire_file_ingest
from manset.wires.models import WireFile, WireItem, WireItemVersion, WireRejection, WireSource
from tests.wires.factories import ninjs, ninjs_item

pytestmark = pytest.mark.django_db


def ingest(data: bytes, name: str = "test.json", **kwargs):
    return wire_file_ingest(data=data, name=name, **kwargs)


def snapshot():
    return sorted(
        WireItem.objects.values_list("provider", "guid", "version", "headline", "updated_at")
    )


def test_a_new_item_is_stored_with_its_fields():
    report = ingest(ninjs(urgency=1, category="Gündem"))
    assert report.verdict == "imported" and report.count("created") == 1
    item = WireItem.objects.get()
    assert (item.provider, item.guid, item.version) == ("AA", "urn:test:aa:1", 1)
    assert item.headline == "Ankara'da yeni düzenleme açıklandı"
    assert item.urgency == "flash" and item.category == "Gündem"
    assert "<h3>Takvim belli oldu</h3>" in item.body
    assert item.story is not None and item.route_pending
    assert WireFile.objects.get().data == ninjs(urgency=1, category="Gündem")


def test_the_same_file_again_changes_nothing():
    data = ninjs()
    ingest(data)
    before = snapshot()
    report = ingest(data, name="again.json")
    assert report.verdict == "already imported"
    assert snapshot() == before
    assert WireFile.objects.count() == 1 and WireItemVersion.objects.count() == 0


def test_the_same_item_in_other_bytes_is_unchanged():
    ingest(ninjs())
    before = snapshot()
    report = ingest(ninjs(ninjs_item(), ninjs_item(guid="urn:test:aa:2", headline="Başka haber")))
    assert [o.verdict for o in report.outcomes] == ["unchanged", "created"]
    assert [row for row in snapshot() if row[1] == "urn:test:aa:1"] == before


def test_a_newer_version_replaces_the_item_and_the_old_one_is_kept():
    ingest(ninjs())
    report = ingest(
        ninjs(
            version=2,
            headline="GÜNCELLEME - Yeni düzenleme yürürlükte",
            versioned="2026-11-29T11:00:00Z",
        )
    )
    assert report.outcomes[0].verdict == "updated"
    item = WireItem.objects.get()
    assert (item.version, item.headline) == (2, "GÜNCELLEME - Yeni düzenleme yürürlükte")
    [old] = item.versions.all()
    assert (old.version, old.headline) == (1, "Ankara'da yeni düzenleme açıklandı")


def test_an_older_version_arriving_late_goes_to_history_only():
    ingest(ninjs(version=3, headline="Üçüncü sürüm", versioned="2026-11-29T12:00:00Z"))
    report = ingest(ninjs(version=2, headline="İkinci sürüm", versioned="2026-11-29T11:00:00Z"))
    assert report.outcomes[0].verdict == "older"
    item = WireItem.objects.get()
    assert item.headline == "Üçüncü sürüm"
    assert [v.headline for v in item.versions.all()] == ["İkinci sürüm"]


def test_the_source_agency_overrides_what_the_file_says():
    source = WireSource.objects.create(name="İHA klasörü", agency="IHA", transport="folder")
    ingest(ninjs(provider="Bilinmeyen Ajans"), source=source)
    assert WireItem.objects.get().provider == "IHA"


def test_a_file_that_cannot_be_parsed_is_quarantined_and_harms_nothing():
    ingest(ninjs())
    before = snapshot()
    report = ingest(b"<nitf><head><title>Yar", name="kesik.xml")
    assert report.verdict == "refused"
    assert "malformed XML" in report.reason and "line 1" in report.reason
    rejection = WireRejection.objects.get()
    assert (rejection.name, rejection.reason) == ("kesik.xml", report.reason)
    assert rejection.head == b"<nitf><head><title>Yar"
    assert snapshot() == before


def test_a_file_nested_too_deeply_is_quarantined_with_the_reason_not_a_parser_error():
    report = ingest(b"[" * 100_000 + b"]" * 100_000, name="derin.json")
    assert report.verdict == "refused" and "nested too deeply" in report.reason
    assert WireRejection.objects.get().reason == report.reason


def test_a_refused_file_sent_again_is_not_quarantined_twice():
    ingest(b"not a news file", name="a.txt")
    ingest(b"not a news file", name="a.txt")
    assert WireRejection.objects.count() == 1


def test_one_bad_item_in_a_file_is_refused_and_the_others_are_stored():
    good = ninjs_item(guid="urn:test:good")
    bad = ninjs_item(guid="urn:test:bad", headline="")
    report = ingest(ninjs(good, bad))
    assert [o.verdict for o in report.outcomes] == ["created", "refused"]
    assert list(WireItem.objects.values_list("guid", flat=True)) == ["urn:test:good"]
    assert "urn:test:bad" in WireRejection.objects.get().reason
    assert "no headline" in WireRejection.objects.get().reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04" + b"\0" * 100, "zip archive"),
        (b"\x1f\x8b\x08" + b"\0" * 100, "gzip archive"),
        (b"", "empty"),
        (b"<a>" + b"x" * (11 * 1024 * 1024) + b"</a>", "11.0 MB"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<nitf><body>&lol2;</body></nitf>",
            "declares entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title></item></channel></rss>",
            "declares entities",
        ),
        (
            b'<?xml version="1.0" encoding="utf-8"?><nitf><head><title>\xfe</title></head></nitf>',
            "byte 0xFE is not valid utf-8",
        ),
        (b"<html><body>hello</body></html>", "not one of the wire formats"),
        (b'{"hello": "world"}', "not a ninjs item"),
    ],
    ids=[
        "zip",
        "gzip",
        "empty",
        "50mb",
        "entity-bomb",
        "external-entity",
        "wrong-encoding",
        "html",
        "json",
    ],
)
def test_bad_files_are_quarantined_with_a_precise_reason(data, reason):
    report = ingest(data, name="kotu")
    assert report.verdict == "refused"
    assert reason in report.reason
    assert WireRejection.objects.get().reason == report.reason
    assert len(WireRejection.objects.get().head) <= 64 * 1024


def test_an_absurd_date_refuses_the_item_with_the_field_named():
    report = ingest(ninjs(versioned="1066-10-14T09:00:00Z"))
    assert report.outcomes[0].verdict == "refused"
    assert "versioncreated" in report.outcomes[0].reason
    assert "1066" in report.outcomes[0].reason


def test_windows_1254_without_a_declaration_is_read_as_turkish():
    data = (
        "<nitf><head><title>Şırnak'ta kış</title><docdata><doc-id id-string='dha-77'/>"
        "</docdata></head><body><body.head><hedline>"
        "<hl1>Şırnak'ta kış erken geldi</hl1></hedline></body.head><body.content>"
        "<p>Yüksek kesimlerde kar kalınlığı 40 santimetreyi aştı; köy yolları kapandı.</p>"
        "</body.content></body></nitf>"
    ).encode("cp1254")
    report = ingest(data, name="sirnak.xml")
    assert report.count("created") == 1
    assert WireItem.objects.get().headline == "Şırnak'ta kış erken geldi"


def test_media_and_links_that_are_not_web_addresses_are_dropped():
    from manset.wires.items import MediaRef
    from manset.wires.parsers.base import build_item

    item = build_item(
        guid="x",
        headline="Başlık",
        body="<p>Metin</p>",
        format="ninjs",
        provider="AA",
        link="javascript:alert(1)",
        media=(
            MediaRef("a", url="data:image/png;base64,AAAA"),
            MediaRef("b", url="https://e.com/b.jpg"),
        ),
    )
    assert item.link == ""
    assert [m.url for m in item.media] == ["", "https://e.com/b.jpg"]


def test_a_parser_bug_quarantines_the_file_and_the_batch_goes_on(monkeypatch):
    from manset.wires import ingest as ingest_module

    def broken(data, **kwargs):
        raise KeyError("beklenmedik")

    monkeypatch.setattr(ingest_module, "parse", broken)
    report = ingest(ninjs(), name="tuhaf.json")
    assert report.verdict == "refused" and "parser error: KeyError" in report.reason
    assert WireRejection.objects.get().name == "tuhaf.json"


def test_a_dateline_naming_a_province_fills_the_city():
    ingest(ninjs(located="ERZURUM"))
    item = WireItem.objects.get()
    assert (item.dateline, item.city) == ("ERZURUM", "Erzurum")
