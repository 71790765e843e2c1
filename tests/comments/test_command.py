"""`manset comments …`: the guard as a dry run, and the reader's data from the shell."""

import json

import pytest
from django.core.management import CommandError, call_command

from manset.comments.models import Comment, CommentAuthor

pytestmark = pytest.mark.django_db


def run_check(tmp_path, rows, *args):
    from io import StringIO

    path = tmp_path / "yorumlar.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
        encoding="utf-8",
    )
    out = StringIO()
    try:
        call_command("comments", "check", str(path), *args, stdout=out)
    except CommandError as error:
        return [json.loads(line) for line in out.getvalue().splitlines()], error
    return [json.loads(line) for line in out.getvalue().splitlines()], None


def test_check_gives_a_verdict_per_line_and_saves_nothing(tmp_path):
    ham = {"name": "Ayşe", "email": "ayse@example.com", "text": "Emeğinize sağlık, güzel haber."}
    spam = {
        "name": "Bonus",
        "email": "bonus@example.com",
        "website": "http://bahis.example",
        "text": "Deneme bonusu veren siteler burada! http://a.example http://b.example http://c.example",
    }
    results, error = run_check(tmp_path, [ham, spam, ham], "--trusted")
    assert error is None
    assert [r["line"] for r in results] == [1, 2, 3]
    assert results[0]["verdict"] == "publish" and 0 <= results[0]["score"] <= 1
    assert results[1]["verdict"] == "spam"
    assert "too_many_links" in results[1]["rules"]
    assert not Comment.objects.exists() and not CommentAuthor.objects.exists()


def test_check_without_trusted_holds_first_comments_and_catches_repeats(tmp_path):
    ham = {"name": "Ayşe", "email": "ayse@example.com", "text": "Emeğinize sağlık."}
    results, _ = run_check(tmp_path, [ham, ham])
    assert results[0]["verdict"] == "hold" and results[0]["rules"] == ["new_author"]
    assert results[1]["verdict"] == "reject" and results[1]["rules"][0] in ("flood", "duplicate")


def test_check_reports_bad_lines_and_carries_on(tmp_path):
    rows = ["{bozuk", {"name": "A", "email": "gecersiz", "text": "x"}, {"text": 5}]
    results, error = run_check(tmp_path, rows, "--trusted")
    assert "not JSON" in results[0]["error"]
    assert results[1]["verdict"] == "reject" and "e-posta" in results[1]["message"]
    assert "must be strings" in results[2]["error"]
    assert error is not None and "2 line(s)" in str(error)


def test_check_judges_each_line_on_its_own_even_undecodable_or_deep_ones(tmp_path):
    ham = json.dumps({"name": "Ayşe", "email": "ayse@example.com", "text": "Güzel haber."})
    path = tmp_path / "yorumlar.jsonl"
    path.write_bytes(
        ham.encode()
        + b"\n"
        + b'{"text": "bozuk \xff bayt"}\n'
        + b"[" * 100_000
        + b"\n"
        + b'{"n": '
        + b"9" * 5000
        + b"}\n"
        + ham.encode()
    )
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError, match="3 line"):
        call_command("comments", "check", str(path), "--trusted", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5]
    assert results[0]["verdict"] == "publish" and results[4]["verdict"] == "publish"
    assert "not UTF-8" in results[1]["error"]
    assert "error" in results[2] and "error" in results[3]


def test_export_and_erase_from_the_shell(article, capsys):
    from io import StringIO

    Comment.objects.create(article=article, name="Ali", email="ali@example.com", text="Merhaba")
    out = StringIO()
    call_command("comments", "export", "--email", "ALI@example.com", stdout=out)
    assert json.loads(out.getvalue())["comments"][0]["text"] == "Merhaba"
    call_command("comments", "erase", "--email", "ali@example.com", stdout=StringIO())
    assert not Comment.objects.exists()
