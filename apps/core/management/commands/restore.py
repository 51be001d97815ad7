from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, Koneksi, backup_restore


class Command(BaseCommand):
    help = (
        "Restores an archive written by `backup` into a fresh database and media directory (DATABASE_URL "
        "and MEDIA_ROOT unless given), verifies checksums before and row counts after. Refuses a "
        "non-empty database or media directory unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", help="Restore into this database instead of DATABASE_URL's.")
        parser.add_argument("--media-root", type=Path, help="Media directory to fill (MEDIA_ROOT).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Drop the database's objects and overwrite media files first.",
        )

    def handle(self, *args, **options):
        koneksi = Koneksi.from_url(options["database_url"]) if options["database_url"] else None
        try:
            manifest = backup_restore(
                arsip=options["archive"],
                koneksi=koneksi,
                media_root=options["media_root"],
                paksa=options["force"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Dipulihkan: {manifest['database']} ({manifest['dibuat_pada']}), {len(manifest['tabel'])} tabel, "
            f"{manifest['jumlah_baris']} baris, {len(manifest['media'])} berkas media; jumlah baris cocok."
        )
        if manifest["grants"]:
            self.stdout.write(f"Hak akses diterapkan ulang: {manifest['grants']}")
        else:
            self.stdout.write(
                "BACKUP_GRANTS_COMMAND tidak diatur: hak akses peran aplikasi tidak diterapkan ulang."
            )
