"""python manage.py ringkasan_refresh [--instansi KODE ...] [--periode YYYY]

Recount the national summary rows now, each instansi inside its own tenant scope: every active
instansi, or the ones named. The workers keep the current period's rows fresh by themselves
(docs/nasional.md); this is for an operator after a restore, and for the closing row of a past
period (`--periode 2025`: that year's placements, coverage on 31 December).
"""

from django.core.management.base import BaseCommand, CommandError

from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.nasional.services import ringkasan_refresh
from apps.petatalenta.periode import periode_sekarang


class Command(BaseCommand):
    help = "Hitung ulang ringkasan nasional per instansi (periode berjalan, atau --periode tahun lalu)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--instansi", nargs="*", default=None, help="kode instansi (bawaan: semua yang aktif)"
        )
        parser.add_argument(
            "--periode", type=int, default=None, help="tahun periode (bawaan: tahun berjalan)"
        )

    def handle(self, *args, **options):
        periode = options["periode"] or periode_sekarang()
        if periode > periode_sekarang() or periode < 2000:
            raise CommandError(
                f"Periode {periode} tidak dapat dihitung: pilih tahun 2000 s.d. {periode_sekarang()}."
            )
        daftar = Instansi.objects.filter(aktif=True).order_by("kode")
        if options["instansi"]:
            daftar = daftar.filter(kode__in=options["instansi"])
            hilang = sorted(set(options["instansi"]) - set(daftar.values_list("kode", flat=True)))
            if hilang:
                raise CommandError(f"Instansi aktif dengan kode berikut tidak ada: {', '.join(hilang)}.")
        for instansi in daftar:
            with instansi_scope(instansi):
                row = ringkasan_refresh(instansi=instansi, periode=periode)
            self.stdout.write(
                f"{instansi.kode:<8} {instansi.nama:<50} periode {periode}: {row.jumlah_pegawai} pegawai"
            )
