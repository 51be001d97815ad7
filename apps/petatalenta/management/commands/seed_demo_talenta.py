"""`manage.py seed_demo_talenta`: demo asesmen, SKP and placements (this year and last) for each
demo instansi; run by `seed_demo` after the demo pegawai. Idempotent."""

from django.core.management.base import BaseCommand

from apps.core.tenancy import instansi_scope
from apps.instansi.demo import DEMO_INSTANSI
from apps.instansi.models import Instansi
from apps.petatalenta.demo import talenta_demo_seed


class Command(BaseCommand):
    help = "Seeds demo asesmen and SKP and computes this year's and last year's placements (idempotent)."

    def handle(self, *args, **options):
        for kode, _nama_bkd in DEMO_INSTANSI:
            instansi = Instansi.objects.filter(kode=kode).first()
            if instansi is None:
                self.stderr.write(f"Instansi {kode} belum ada: jalankan seed_demo lebih dulu.")
                continue
            with instansi_scope(instansi):
                hasil = talenta_demo_seed(instansi=instansi)
            ditempatkan = ", ".join(f"{periode}: {n}" for periode, n in sorted(hasil.ditempatkan.items()))
            self.stdout.write(
                f"  {instansi.nama:<45} {hasil.asesmen:>4} asesmen, {hasil.skp:>4} SKP baru; penempatan {ditempatkan}"
            )
