"""`manset backup PATH`: the database and the media files in one tar archive, with a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from manset.core.backup import backup_create
from manset.core.errors import BackupError


class Command(BaseCommand):
    help = (
        "Write the database (a consistent dump) and every media file into one new tar "
        "archive at PATH, with a manifest of counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive to write, e.g. manset.tar")

    def handle(self, *args, path, **options):
        try:
            summary = backup_create(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backup written to {summary.path}: {summary.manifest['database_vendor']} database "
            f"with {summary.counts.describe()}; {summary.media_files} media files."
        )
