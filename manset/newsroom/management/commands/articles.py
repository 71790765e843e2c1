"""`manset articles import FILE.jsonl` and `manset articles export [--desk D]`."""

import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError

from manset.importers.jsonl import parse_stream
from manset.newsroom.models import ArticlePage, DeskPage
from manset.newsroom.services import ArticleInputError, article_to_record, article_upsert


class Command(BaseCommand):
    help = "Import or export articles as JSON Lines (one article per line; schema in README)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import a JSON Lines file ('-' for stdin)")
        importer.add_argument("file")
        exporter = sub.add_parser("export", help="write articles as JSON Lines to stdout")
        exporter.add_argument("--desk", help="only this desk (slug)")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self.import_file(options["file"])
        return self.export(options.get("desk"))

    def import_file(self, path: str):
        # Bytes: each line is decoded on its own, so a bad byte costs only its line.
        try:
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        counts = Counter()
        with stream:
            for line in parse_stream(stream):
                verdict = self.import_line(line)
                counts[verdict] += 1
        summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        self.stdout.write(f"{sum(counts.values())} lines: {summary or 'nothing to import'}")
        if counts["rejected"]:
            raise CommandError(f"{counts['rejected']} line(s) rejected; the rest were imported")

    def import_line(self, line) -> str:
        if line.record is None:
            self.stderr.write(f"line {line.number}: rejected: {line.error}")
            return "rejected"
        try:
            result = article_upsert(record=line.record)
        except ArticleInputError as exc:
            self.stderr.write(f"line {line.number}: rejected: {exc}")
            return "rejected"
        except (DataError, IntegrityError) as exc:
            # The line's transaction is rolled back; an unreachable database still stops us.
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.stderr.write(f"line {line.number}: rejected: the database refused it: {reason}")
            return "rejected"
        state = "published" if result.published else "not published"
        self.stdout.write(
            f"line {line.number}: {result.verdict} {line.record.external_id} ({state})"
        )
        return result.verdict

    def export(self, desk_slug: str | None):
        articles = ArticlePage.objects.all()
        if desk_slug:
            desk = DeskPage.objects.filter(slug=desk_slug).first()
            if desk is None:
                raise CommandError(f"unknown desk {desk_slug!r}")
            articles = articles.child_of(desk)
        for article in articles.order_by("first_published_at", "id").iterator(chunk_size=500):
            record = article_to_record(article)
            self.stdout.write(json.dumps(record.as_json(), ensure_ascii=False))
