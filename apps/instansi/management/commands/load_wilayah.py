"""`python manage.py load_wilayah [FILE] [--dry-run]`: load the Kemendagri region reference."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.instansi.wilayah import (
    WilayahParseError,
    wilayah_fixture_path,
    wilayah_load,
    wilayah_rows_parse,
)


class Command(BaseCommand):
    help = (
        "Memuat data wilayah Kemendagri (provinsi, kabupaten/kota) dari berkas CSV: format Talenta "
        "(kode,nama,jenis,induk) atau dump Kemendagri lengkap (kode,nama; baris kecamatan/desa dilewati)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default=None,
            help="Berkas CSV (bawaan: fixtures/wilayah.csv).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Periksa dan hitung perubahan tanpa menyimpan apa pun.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"]) if options["file"] else wilayah_fixture_path()
        dry_run: bool = options["dry_run"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = wilayah_rows_parse(lines=handle)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"Berkas {path} bukan teks UTF-8: {exc}") from exc
        except WilayahParseError as exc:
            raise CommandError(str(exc)) from exc

        provinsi = sum(1 for row in rows if row.is_provinsi)
        self.stdout.write(
            f"Berkas {path}: {len(rows)} baris wilayah ({provinsi} provinsi, "
            f"{len(rows) - provinsi} kabupaten/kota); {rows.skipped} baris kecamatan/desa dilewati."
        )

        # The dry run goes through the real upsert and rolls it back, so its counts are exact.
        with transaction.atomic():
            result = wilayah_load(rows=rows)
            if dry_run:
                transaction.set_rollback(True)

        counts = f"dibuat {result.created}, diperbarui {result.updated}, tidak berubah {result.unchanged}"
        if dry_run:
            self.stdout.write(f"Uji coba (--dry-run), tidak ada yang disimpan. Akan {counts}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Selesai: {counts}."))
