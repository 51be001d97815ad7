"""`manage.py mutasi_pegawai`: the operator moves a pegawai to another instansi (mutasi).

A transfer touches two tenants at once, so this command works across instansi through the reviewed
reason `Lintas.MUTASI` (it is an operator tool run on the server, never reachable from a request) and hands the work to
`pegawai_transfer`, which audits it on both sides.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.core.tenancy import Lintas, lintas_instansi
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import STATUS_PPPK
from apps.pegawai.services import pegawai_transfer


class Command(BaseCommand):
    help = (
        "Mutasi: memindahkan pegawai ke instansi lain (riwayatnya ikut, jejak audit tetap di instansi asal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pegawai-id", type=int, required=True, help="id internal pegawai")
        parser.add_argument(
            "--ke", required=True, metavar="KODE_INSTANSI", help="kode Kemendagri instansi tujuan"
        )
        parser.add_argument("--unit", metavar="KODE_UNIT", help="kode unit kerja di instansi tujuan")
        parser.add_argument("--nip-baru", metavar="NIP", help="NIP/NI PPPK baru (wajib untuk PPPK)")

    def handle(self, *args, **options):
        with lintas_instansi(alasan=Lintas.MUTASI):
            pegawai = Pegawai.objects.select_related("instansi").filter(pk=options["pegawai_id"]).first()
            if pegawai is None:
                raise CommandError(f"Pegawai dengan id {options['pegawai_id']} tidak ditemukan.")
            ke = Instansi.objects.filter(kode=options["ke"]).first()
            if ke is None:
                raise CommandError(f"Instansi dengan kode {options['ke']} tidak ditemukan.")
            if not ke.aktif:
                raise CommandError(f"Instansi {ke.nama} tidak aktif.")
            unit = None
            if options["unit"]:
                unit = UnitKerja.objects.filter(instansi=ke, kode=options["unit"]).first()
                if unit is None:
                    raise CommandError(f"Unit kerja {options['unit']} tidak ada di {ke.nama}.")
            nip_baru = options["nip_baru"] or None
            if pegawai.status_kepegawaian in STATUS_PPPK and not nip_baru:
                raise CommandError(
                    "PPPK yang pindah instansi mendapat NI PPPK baru dari perjanjian kerja barunya: isi --nip-baru."
                )
            dari = pegawai.instansi
            try:
                pegawai_transfer(
                    pegawai=pegawai, ke_instansi=ke, unit_kerja=unit, actor=None, nip_baru=nip_baru
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{pegawai.nama_lengkap} ({pegawai.nip}) dipindahkan dari {dari.nama} ke {ke.nama}"
            + (f", unit {unit.nama}" if unit else "")
            + "."
        )
