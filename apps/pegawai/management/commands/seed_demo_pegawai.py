"""`manage.py seed_demo_pegawai`: demo pegawai for each demo instansi (run after seed_demo)."""

from django.core.management.base import BaseCommand

from apps.core.tenancy import instansi_scope
from apps.instansi.demo import DEMO_INSTANSI
from apps.instansi.models import Instansi
from apps.nasional.services import ringkasan_refresh
from apps.pegawai.demo import pegawai_demo_seed


class Command(BaseCommand):
    help = (
        "Seeds realistic demo pegawai (with portfolio and verification states) per demo instansi; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jumlah", type=int, default=150, help="pegawai per instansi (default 150)")

    def handle(self, *args, **options):
        for kode, _nama_bkd in DEMO_INSTANSI:
            instansi = Instansi.objects.filter(kode=kode).first()
            if instansi is None:
                self.stderr.write(f"Instansi {kode} belum ada: jalankan seed_demo lebih dulu.")
                continue
            with instansi_scope(instansi):
                created = pegawai_demo_seed(instansi=instansi, jumlah=options["jumlah"])
                ringkasan_refresh(instansi=instansi)
            self.stdout.write(f"  {instansi.nama:<45} {created:>4} pegawai baru")
