"""`manset search reindex`: rebuild the search index with a progress bar; `manset search
stats`: what the index holds and its size."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from manset.search.engines import engine_for
from manset.search.indexing import BATCH, reindex
from manset.search.models import SearchEntry, SearchTerm


class Command(BaseCommand):
    help = "Arama dizini: reindex (baştan kur), stats (durum)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        rebuild = commands.add_parser("reindex", help="index every published article again")
        rebuild.add_argument("--batch", type=int, default=BATCH)
        commands.add_parser("stats", help="entries, terms and size of the index")

    def handle(self, *args, action, **options):
        if action == "reindex":
            self._reindex(options["batch"])
        else:
            self._stats()

    def _reindex(self, batch: int) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        from manset.newsroom.models import ArticlePage

        total = ArticlePage.objects.published().count()
        bar = tqdm(total=total, unit="haber", file=self.stderr, disable=None)
        try:
            report = reindex(progress=bar.update, batch=batch)
        finally:
            bar.close()
        rate = report["indexed"] / report["seconds"] if report["seconds"] else 0
        self.stdout.write(
            f"indexed {report['indexed']} articles in {report['seconds']:.1f} s "
            f"({rate:.0f}/s), removed {report['removed']}, {report['terms']} vocabulary terms"
        )

    def _stats(self) -> None:
        with connection.cursor() as cursor:
            size = engine_for().size_bytes(cursor)
        self.stdout.write(
            f"engine {connection.vendor}: {SearchEntry.objects.count()} articles, "
            f"{SearchTerm.objects.count()} vocabulary terms, index {size / 1e6:.1f} MB"
        )
