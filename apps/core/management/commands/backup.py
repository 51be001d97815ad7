from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, Koneksi, backup_create


class Command(BaseCommand):
    help = (
        "Writes one dated archive (pg_dump of the database + the media files + a manifest with row "
        "counts and checksums) into var/backups/ or OUTPUT_DIR. docs/operations.md, 'Backup and restore'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output_dir", nargs="?", type=Path, help="Directory for the archive (var/backups/)."
        )
        parser.add_argument("--database-url", help="Back up this database instead of DATABASE_URL's.")
        parser.add_argument("--media-root", type=Path, help="Media directory (MEDIA_ROOT).")

    def handle(self, *args, **options):
        koneksi = Koneksi.from_url(options["database_url"]) if options["database_url"] else None
        try:
            arsip = backup_create(
                tujuan=options["output_dir"], koneksi=koneksi, media_root=options["media_root"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(arsip))
