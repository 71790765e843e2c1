"""`manset restore PATH`: check a backup archive whole, then restore the database and media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from manset.core.backup import backup_restore
from manset.core.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore a `manset backup` archive: every checksum is verified first, then the "
        "database is replaced and the media files are written under MEDIA_ROOT. Refuses a "
        "database that already has tables unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive written by `manset backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a database that is not empty",
        )

    def handle(self, *args, path, force, **options):
        try:
            summary = backup_restore(path=path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        made = summary.manifest
        self.stdout.write(
            f"Restored {summary.path} (written {made['created_at']} by Manşet "
            f"{made['manset_version']}): database with {summary.counts.describe()}; "
            f"{summary.media_files} media files."
        )
