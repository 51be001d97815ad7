"""`manage.py recompute_talenta --instansi KODE | --all [--sync]`: mark every placement dirty and
flush (in the worker by default; `--sync` computes here and prints the counts)."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.petatalenta.services import placement_flush, placement_mark_all_dirty
from apps.petatalenta.tasks import placement_flush_task


class Command(BaseCommand):
    help = "Recomputes the nine-box placements of one instansi or of all."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--instansi", help="kode Kemendagri instansi, mis. 6271")
        target.add_argument("--all", action="store_true", help="semua instansi aktif")
        parser.add_argument("--sync", action="store_true", help="hitung di proses ini, bukan di worker")

    def handle(self, *args, **options):
        if options["all"]:
            daftar = list(Instansi.objects.filter(aktif=True).order_by("kode"))
        else:
            daftar = list(Instansi.objects.filter(kode=options["instansi"]))
            if not daftar:
                raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ditemukan.")
        for instansi in daftar:
            with instansi_scope(instansi):
                ditandai = placement_mark_all_dirty(instansi=instansi)
                if options["sync"]:
                    hasil = placement_flush(instansi=instansi, penyebab="hitung ulang manual")
                    self.stdout.write(
                        f"{instansi.kode} {instansi.nama}: {hasil.diproses} diproses, {hasil.berubah} berubah, "
                        f"{hasil.kotak_berubah} pindah kotak"
                    )
                else:
                    placement_flush_task.delay(instansi_id=instansi.pk)
                    self.stdout.write(f"{instansi.kode} {instansi.nama}: {ditandai} penempatan dijadwalkan")
