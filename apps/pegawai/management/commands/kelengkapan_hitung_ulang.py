"""`manage.py kelengkapan_hitung_ulang [--instansi KODE …]`: recompute and store the data completeness
of every pegawai, one instansi at a time inside its own scope.

Completeness rows are derived data written by the service that changes a pegawai or a portfolio
item. When the rule itself changes (a release that counts only approved items and accepted
documents, docs/domain.md §7), the stored rows keep the old figures until each pegawai's next
change: run this once after such an upgrade (docs/operations.md). It uses the import's bulk path
(`kelengkapan_recompute_bulk`: one query per riwayat kind per batch, COPY-speed writes).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.pegawai.imports import LOOKUP_CHUNK, kelengkapan_recompute_bulk
from apps.pegawai.models import Pegawai

PROFIL_FIELDS = [field.attname for field in Pegawai._meta.concrete_fields]


class Command(BaseCommand):
    help = "Menghitung ulang kelengkapan data seluruh pegawai (setelah aturan kelengkapan berubah)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", nargs="*", metavar="KODE", help="kode Kemendagri; kosong: semua")

    def handle(self, *args, **options):
        daftar = Instansi.objects.order_by("kode")
        if options["instansi"]:
            daftar = daftar.filter(kode__in=options["instansi"])
            kurang = set(options["instansi"]) - set(daftar.values_list("kode", flat=True))
            if kurang:
                raise CommandError(f"Instansi tidak dikenal: {', '.join(sorted(kurang))}")
        for instansi in daftar:
            jumlah = 0
            with instansi_scope(instansi):
                ids = list(
                    Pegawai.objects.filter(instansi=instansi).order_by("pk").values_list("pk", flat=True)
                )
                for start in range(0, len(ids), LOOKUP_CHUNK):
                    chunk = ids[start : start + LOOKUP_CHUNK]
                    profiles = {
                        row["id"]: row
                        for row in Pegawai.objects.filter(instansi=instansi, pk__in=chunk).values(
                            *PROFIL_FIELDS
                        )
                    }
                    with transaction.atomic():
                        jumlah += kelengkapan_recompute_bulk(instansi=instansi, profiles=profiles)
            self.stdout.write(f"{instansi.kode} {instansi.nama}: {jumlah} pegawai dihitung ulang")
