"""`manage.py recompute_talenta --instansi KODE | --all [--periode TAHUN] [--sync]`: start a bulk
recompute (every active pegawai marked dirty, the job visible with its progress bar in the
rule-set pages) and let the worker flush it; `--sync` computes here and prints the counts."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.petatalenta.services import hitung_ulang_start, penempatan_flush


class Command(BaseCommand):
    help = "Recomputes the nine-box placements of one instansi or of all."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--instansi", help="kode Kemendagri instansi, mis. 6271")
        target.add_argument("--all", action="store_true", help="semua instansi aktif")
        parser.add_argument("--periode", type=int, help="tahun periode (bawaan: tahun berjalan)")
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
                job = hitung_ulang_start(
                    instansi=instansi, penyebab="hitung_ulang.perintah", periode=options["periode"]
                )
                if options["sync"]:
                    hasil = penempatan_flush(instansi=instansi, periode=job.periode)
                    self.stdout.write(
                        f"{instansi.kode} {instansi.nama} ({job.periode}): {hasil.diproses} diproses, "
                        f"{hasil.berubah} berubah, {hasil.kotak_berubah} pindah kotak"
                    )
                else:
                    self.stdout.write(
                        f"{instansi.kode} {instansi.nama} ({job.periode}): {job.total} penempatan dijadwalkan"
                    )
