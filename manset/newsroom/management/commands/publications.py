"""`manset publications rebuild`: index every published article again for the card lists."""

import time

from django.core.management.base import BaseCommand

from manset.newsroom.publication_bulk import publications_rebuild


class Command(BaseCommand):
    help = (
        "The publication index the card lists read: rebuild empties it and indexes every "
        "published article again, in one transaction."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("rebuild", help="index every published article again")

    def handle(self, *args, action, **options):
        started = time.perf_counter()
        indexed = publications_rebuild()
        self.stdout.write(
            f"indexed {indexed} published articles in {time.perf_counter() - started:.1f} s"
        )
