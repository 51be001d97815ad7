"""Demo of a rule-set change under review (`manage.py seed_demo`, after this year's placements): the
first instansi has a draf talent rule set that raises the "potensial tinggi" cut-off, with its
impact preview computed, so the Admin BKD and the Komite find on /talenta/aturan/ who would move
before anyone activates it. Idempotent: the draf is found by its name; a preview is computed only
when the draf has no current one (a demo older than the preview's validity gets a new one)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from apps.instansi.models import Instansi
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.aturan.pratinjau import pratinjau_jalankan, pratinjau_mulai, pratinjau_terkini
from apps.petatalenta.models import AturanTalenta
from apps.petatalenta.services import aturan_aktif_get
from apps.petatalenta.services_aturan import JENIS_TALENTA

DRAF_NAMA = "Usulan 2027: batas potensial tinggi 85"
DRAF_CATATAN = (
    "Usulan Komite Talenta: batas potensial tinggi dinaikkan dari 80 menjadi 85 agar kotak 8 dan 9 "
    "hanya berisi pegawai dengan potensial yang jelas menonjol. Belum berlaku sampai diaktifkan."
)


@dataclass(frozen=True)
class HasilDemoAturan:
    draf: AturanTalenta
    pindah_kotak: int


def aturan_demo_seed(*, instansi: Instansi, actor) -> HasilDemoAturan:
    """The draf and its finished preview (inside the instansi's scope)."""
    draf = AturanTalenta.objects.filter(
        instansi=instansi, nama=DRAF_NAMA, status=AturanTalenta.Status.DRAF
    ).first()
    if draf is None:
        aktif = aturan_aktif_get(instansi=instansi)
        draf = aturan_services.aturan_salin(
            jenis=JENIS_TALENTA, instansi=instansi, actor=actor, sumber=f"versi:{aktif.pk}", nama=DRAF_NAMA
        )
        konfigurasi = copy.deepcopy(draf.konfigurasi)
        if konfigurasi.get("model") == "berbobot":
            bawah = konfigurasi.get("batas_potensial", [60, 80])[0]
            konfigurasi["batas_potensial"] = [bawah, 85]
        draf = aturan_services.aturan_ubah(
            jenis=JENIS_TALENTA,
            instansi=instansi,
            actor=actor,
            aturan_id=draf.pk,
            nama=DRAF_NAMA,
            catatan=DRAF_CATATAN,
            konfigurasi=konfigurasi,
        )
    pratinjau = pratinjau_terkini(jenis=JENIS_TALENTA, instansi=instansi, aturan=draf)
    if pratinjau is None or pratinjau.status != pratinjau.Status.SELESAI:
        pratinjau, _baru = pratinjau_mulai(
            jenis=JENIS_TALENTA, instansi=instansi, actor=actor, aturan_id=draf.pk
        )
        # Computed here rather than by the worker the commit also queues (which then finds it
        # finished): the demo must not depend on a worker running.
        pratinjau = pratinjau_jalankan(instansi=instansi, uuid=str(pratinjau.uuid))
    return HasilDemoAturan(
        draf=draf, pindah_kotak=int((pratinjau.ringkasan.get("inti") or {}).get("pindah_kotak", 0))
    )
