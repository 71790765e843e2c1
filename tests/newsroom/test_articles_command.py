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
