"""python manage.py import_pegawai FILE --instansi KODE [--dry-run]

The same import as the /pegawai/impor/ page: the same guards on the file, the same validation of
every row, all or nothing. Runs inside the instansi's tenant scope; exits non-zero on any error.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.spreadsheets import Limits, SpreadsheetError
from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.pegawai.imports import pegawai_import, pegawai_import_read


class Command(BaseCommand):
    help = "Impor data pegawai dari berkas .xlsx atau .csv ke satu instansi (semua baris atau tidak sama sekali)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv (format: docs/imports.md)")
        parser.add_argument("--instansi", required=True, help="Kode Kemendagri instansi, mis. 6201")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya periksa dan tampilkan hasilnya; tidak menyimpan apa pun.",
        )

    def handle(self, *args, **options):
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ditemukan.")
        if not instansi.aktif:
            raise CommandError(f"Instansi {instansi.nama} tidak aktif.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        limits = Limits.from_settings()
        if path.stat().st_size > limits.max_bytes:
            raise CommandError(
                f"Berkas terlalu besar ({path.stat().st_size / 1024 / 1024:.1f} MB); "
                f"maksimal {limits.max_bytes // (1024 * 1024)} MB."
            )
        data = path.read_bytes()
        dry_run = options["dry_run"]

        with instansi_scope(instansi):
            try:
                sheet = pegawai_import_read(data)
            except SpreadsheetError as error:
                raise CommandError("Berkas ditolak: " + " ".join(error.messages)) from None
            result = pegawai_import(
                instansi=instansi, actor=None, rows=sheet, dry_run=dry_run, berkas=path.name
            )

        self.stdout.write(f"Instansi:          {instansi.kode} {instansi.nama}")
        self.stdout.write(f"Berkas:            {path.name} ({sheet.format.upper()})")
        self.stdout.write(f"Baris data:        {result.total}")
        self.stdout.write(f"Pegawai baru:      {result.new}")
        self.stdout.write(f"Diubah:            {result.updated}")
        self.stdout.write(f"Tidak berubah:     {result.unchanged}")
        self.stdout.write(f"Baris bermasalah:  {result.error_rows}")
        for warning in result.warnings:
            self.stderr.write(f"Peringatan: {warning}")
        for error in result.errors:
            where = f"Baris {error.row}" if error.row else "Berkas"
            column = f", kolom {error.column}" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        if result.errors:
            raise CommandError(f"{result.error_rows} baris bermasalah; tidak ada data yang disimpan.")
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): semua baris valid; tidak ada data yang disimpan.")
        elif result.committed:
            self.stdout.write(self.style.SUCCESS(f"Tersimpan dalam {result.seconds:.1f} detik."))
        else:
            self.stdout.write("Tidak ada perubahan; tidak ada data yang disimpan.")
