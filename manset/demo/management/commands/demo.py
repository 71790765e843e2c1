"""`manset demo [--articles N]`: the demo newsroom, and synthetic articles for load tests."""

import argparse
import sys
import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from manset.demo.loader import EDITOR_PASSWORD, EDITOR_USERNAME, demo_load
from manset.newsroom.roles import DEMO_PASSWORD, DEMO_USERS


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of articles")
    return number


class Command(BaseCommand):
    help = "Load the demo newsroom (safe to re-run); with --articles N add N synthetic articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=positive_int,
            metavar="N",
            help="also add N synthetic articles for load tests",
        )
        parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic text")

    def handle(self, *args, articles=None, seed=0, **options):
        report = demo_load()
        self.stdout.write(
            f"Demo newsroom: {report.created} articles added, {report.skipped} already there, "
            f"{report.comments} comments added, {report.wire_items} agency items on the wire desk."
        )
        if articles:
            self.add_synthetic(articles, seed)
        self.stdout.write(
            f"Demo editor login: {EDITOR_USERNAME} / {EDITOR_PASSWORD}"
            + ("" if report.editor_created else " (unless you changed it)")
        )
        for user in DEMO_USERS:
            self.stdout.write(
                f"  also {user.username} / {DEMO_PASSWORD} ({user.group.format(desk='Gündem')})"
            )

    def add_synthetic(self, count: int, seed: int):
        from manset.demo.bulk import BulkWriter
        from manset.newsroom.models import ArticlePage

        start = ArticlePage.objects.filter(external_id__startswith="synthetic-").count()
        writer = BulkWriter(now=timezone.now())
        started = time.perf_counter()
        with tqdm(total=count, unit="haber", file=sys.stderr, disable=None) as bar:
            written = writer.write_synthetic(
                count, seed=seed, start_index=start, progress=bar.update
            )
        elapsed = time.perf_counter() - started
        rate = written / elapsed if elapsed else 0
        self.stdout.write(
            f"Synthetic articles: {written} added in {elapsed:.1f} s ({rate:,.0f}/s). "
            "Bulk writes skip the search index: run `manset search reindex` to search them."
        )
