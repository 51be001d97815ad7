"""`python manage.py verify_keputusan --instansi KODE`: walk the instansi's chains of committee
decisions and penetapan; exit 1 naming the first row that does not match."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi

from ...integrity import rantai_periksa
from ...models import KeputusanKomite, Penetapan


class Command(BaseCommand):
    help = "Memeriksa rantai hash keputusan Komite Talenta dan penetapan PPK satu instansi."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--instansi", required=True, help="Kode instansi")

    def handle(self, *args, instansi: str, **options) -> None:
        obj = Instansi.objects.filter(kode=instansi).first()
        if obj is None:
            raise CommandError(f"Instansi dengan kode {instansi!r} tidak ditemukan.")
        with instansi_scope(obj):
            masalah = rantai_periksa(instansi=obj)
            jumlah = (
                KeputusanKomite.objects.filter(instansi=obj).count(),
                Penetapan.objects.filter(instansi=obj).count(),
            )
        if masalah:
            for m in masalah:
                self.stderr.write(f"TIDAK COCOK: {m}")
            raise CommandError(f"Rantai {obj.nama} rusak: {masalah[0]}")
        self.stdout.write(
            f"Rantai {obj.nama} utuh: {jumlah[0]} keputusan komite, {jumlah[1]} penetapan diperiksa."
        )
