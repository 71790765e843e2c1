"""`manset articles import/export`: a verdict per line, bad lines rejected, the rest imported."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from manset.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db


def line(external_id, **changes):
    data = {
        "external_id": external_id,
        "headline": f"Ankara’da toplantı {external_id}",
        "lead": "Spot.",
        "body": [{"type": "paragraph", "text": "Metin."}],
        "desk": "gundem",
        "tags": ["Ankara"],
        "authors": ["Ayşe Kaya"],
        "agency": "DHA",
        "dateline": "Ankara",
        "published_at": "2024-06-19T10:15:00+03:00",
        "breaking": False,
        **changes,
    }
    return json.dumps(data, ensure_ascii=False)


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("articles", *args, stdout=out, stderr=err)
        error = None
    except CommandError as exc:
        error = str(exc)
    return out.getvalue(), err.getvalue(), error


def test_import_reports_each_line_and_rejects_bad_ones_keeping_the_rest(desks, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join([line("a"), "{broken", line("b", desk="yok"), line("c")]) + "\n", encoding="utf-8"
    )
    out, err, error = run("import", str(path))
    assert "line 1: created a (published)" in out
    assert "line 2: rejected: not valid JSON" in err
    assert "line 3: rejected: unknown desk 'yok'" in err
    assert "line 4: created c (published)" in out
    assert "4 lines: 2 created, 2 rejected" in out
    assert error == "2 line(s) rejected; the rest were imported"
    assert set(ArticlePage.objects.values_list("external_id", flat=True)) == {"a", "c"}


def test_a_second_import_updates_and_never_duplicates(desks, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(line("a") + "\n", encoding="utf-8")
    run("import", str(path))
    out, _, error = run("import", str(path))
    assert "line 1: unchanged a" in out and error is None
    path.write_text(line("a", headline="Yeni başlık") + "\n", encoding="utf-8")
    out, _, _ = run("import", str(path))
    assert "line 1: updated a" in out
    assert ArticlePage.objects.get().title == "Yeni başlık"


def test_export_then_import_round_trips(desks, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([line("a"), line("b", desk="dunya")]) + "\n", encoding="utf-8")
    run("import", str(path))
    out, _, _ = run("export")
    exported = [json.loads(row) for row in out.splitlines()]
    assert [row["external_id"] for row in exported] == ["a", "b"]
    assert exported[0]["published_at"] == "2024-06-19T10:15:00+03:00"
    assert exported[0]["agency"] == "DHA" and exported[0]["authors"] == ["Ayşe Kaya"]
    only_dunya, _, _ = run("export", "--desk", "dunya")
    assert [json.loads(row)["external_id"] for row in only_dunya.splitlines()] == ["b"]
    path.write_text(out, encoding="utf-8")
    again, _, error = run("import", str(path))
    assert "2 lines: 2 unchanged" in again and error is None


def test_import_of_a_missing_file_is_a_clear_error(db):
    _, _, error = run("import", "/no/such/file.jsonl")
    assert error.startswith("cannot read /no/such/file.jsonl")


def test_export_of_an_unknown_desk_is_a_clear_error(desks):
    _, _, error = run("export", "--desk", "yok")
    assert error == "unknown desk 'yok'"


def test_each_bad_line_is_rejected_on_its_own_and_the_rest_imported(desks, tmp_path):
    """Lines that once stopped the whole import (or, with NUL on PostgreSQL, blamed the
    database server) are each refused with their reason; every good line is imported."""
    from manset.newsroom.models import Author, Tag

    nested = "[" * 100_000 + "]" * 100_000
    lines = [
        line("a").encode(),
        line("b", lead="Bozuk \udcff bayt").encode("utf-8", "surrogateescape"),
        line("c").encode(),
        line("d")[:-1].encode() + b', "x": ' + nested.encode() + b"}",
        line("e")[:-1].encode() + b', "breaking": ' + b"7" * 5000 + b"}",
        line("f", published_at="0001-01-01T00:00:00+14:00").encode(),
        json.dumps(
            json.loads(line("g", lead="Spot \x00", authors=["Yeni Yazar"], tags=["Yeni Etiket"]))
        ).encode(),  # ASCII JSON: NUL as \u0000
        line("h", lead="x" * 10_000_000).encode(),
        line("i", tags=["Ankara", "Kuzey\x0bKore"]).encode(),
        line("j").encode(),
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out, err, error = run("import", str(path))
    rejected = dict(row.split(": rejected: ") for row in err.splitlines())
    assert rejected == {
        "line 2": f"not UTF-8: byte 0xff at column {lines[1].index(0xFF) + 1}",
        "line 4": "nested too deeply (more than Python can read)",
        "line 5": "a number of 5000 digits; no field takes a number",
        "line 6": "'published_at' '0001-01-01T00:00:00+14:00' is not between the years 2 and 9998",
        "line 7": "'lead' contains NUL (\\u0000), which the database cannot store",
        "line 8": "'lead' is longer than 1000 characters",
        "line 9": "'tags'[1] contains the control character U+000B",
    }
    for created in ("a", "c", "j"):
        assert f"created {created} (published)" in out
    assert "10 lines: 3 created, 7 rejected" in out
    assert error == "7 line(s) rejected; the rest were imported"
    assert set(ArticlePage.objects.values_list("external_id", flat=True)) == {"a", "c", "j"}
    assert not Author.objects.filter(name="Yeni Yazar").exists()
    assert not Tag.objects.filter(name="Yeni Etiket").exists()


def test_a_line_the_database_refuses_leaves_nothing_half_written(desks, tmp_path):
    """Each line is one transaction: when the database refuses the revision, the article,
    its new author and its new tag go with it, and the next line is still imported."""
    from django.db import connection

    from manset.newsroom.models import Author, Tag

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.object_str = 'Reddedilecek' THEN RAISE EXCEPTION 'reddedildi' "
                "USING ERRCODE = '22000'; END IF; RETURN NEW; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON wagtailcore_revision "
                "FOR EACH ROW EXECUTE FUNCTION refuse_revision()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON wagtailcore_revision "
                "WHEN NEW.object_str = 'Reddedilecek' BEGIN SELECT RAISE(ABORT, 'reddedildi'); END"
            )
    path = tmp_path / "in.jsonl"
    refused = line("r", headline="Reddedilecek", authors=["Yeni Yazar"], tags=["Yeni Etiket"])
    path.write_text("\n".join([refused, line("s")]) + "\n", encoding="utf-8")
    out, err, error = run("import", str(path))
    assert err.startswith("line 1: rejected: the database refused it: ")
    assert "reddedildi" in err
    assert "line 2: created s (published)" in out
    assert error == "1 line(s) rejected; the rest were imported"
    assert list(ArticlePage.objects.values_list("external_id", flat=True)) == ["s"]
    assert not Author.objects.filter(name="Yeni Yazar").exists()
    assert not Tag.objects.filter(name="Yeni Etiket").exists()


def test_import_reads_stdin_as_bytes(desks, monkeypatch):
    import io
    import sys

    raw = line("a").encode() + b"\n\xff\n" + line("b").encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    out, err, _ = run("import", "-")
    assert "line 2: rejected: not UTF-8" in err
    assert "created a" in out and "created b" in out
