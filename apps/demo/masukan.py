"""Demo data of the two inputs issue #13 adds (`manage.py seed_demo` runs it after the talent
map): kesesuaian bidang pendidikan judged by the demo verifier for most pegawai, and 360° feedback
for many of them (a few expired), then this year's placements recomputed, so the talent pages
show both in the explanation, in the missing-data list and in the next steps.

Everything goes through the services (pendidikan_kesesuaian_set, umpan_balik_write), deterministic
per NIP and idempotent (same judgement or row again: nothing written). The ASN demo account (Siti
Rahmawati) is left without either, so her page shows both as missing and as next steps."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.instansi.models import Instansi
from apps.kinerja.models import Sumber
from apps.kinerja.services_360 import UmpanBalikData, umpan_balik_write
from apps.pegawai.models import Pegawai, RiwayatPendidikan, StatusVerifikasi
from apps.pegawai.services_kesesuaian import pendidikan_kesesuaian_set
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.services import penempatan_flush

from .pegawai import demo_verifikator

NIP_ASN_DEMO = "199003152015032002"


@dataclass
class HasilDemoMasukan:
    sesuai: int = 0
    tidak_sesuai: int = 0
    umpan_balik: int = 0


def _angka(nip: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{nip}".encode()).hexdigest()[:8], 16)


def masukan_demo_seed(*, instansi: Instansi) -> HasilDemoMasukan:
    hasil = HasilDemoMasukan()
    verifikator = demo_verifikator(instansi)
    if verifikator is None:
        return hasil
    hari_ini = timezone.localdate()
    pegawai = {
        p.pk: p.nip
        for p in Pegawai.objects.filter(instansi=instansi, aktif=True)
        .exclude(user=verifikator)
        .order_by("pk")
    }
    pendidikan = RiwayatPendidikan.objects.filter(
        instansi=instansi,
        status=StatusVerifikasi.DISETUJUI,
        pegawai_id__in=pegawai,
        sesuai_jabatan__isnull=True,
    ).values_list("pk", "pegawai_id")
    sesuai, tidak = [], []
    for pk, pegawai_id in pendidikan:
        nip = pegawai[pegawai_id]
        if nip == NIP_ASN_DEMO:
            continue
        bucket = _angka(nip, "kesesuaian") % 10
        if bucket < 7:
            sesuai.append(pk)
        elif bucket < 8:
            tidak.append(pk)  # the rest stay "belum dinilai" for the verifier's page
    rows = []
    for pegawai_id, nip in pegawai.items():
        if nip == NIP_ASN_DEMO:
            continue
        n = _angka(nip, "360")
        if n % 10 >= 6:
            continue
        umur = 40 + n % 500 if n % 10 else 800 + n % 100  # one in six is older than 24 months
        rows.append(
            UmpanBalikData(
                pegawai_id=pegawai_id,
                tanggal=hari_ini - dt.timedelta(days=umur),
                skor=Decimal(55 + (n // 10) % 45),
                penyelenggara="BKD",
            )
        )
    with transaction.atomic():
        if sesuai:
            hasil.sesuai = pendidikan_kesesuaian_set(
                instansi=instansi, ids=sesuai, sesuai=True, actor=verifikator
            )
        if tidak:
            hasil.tidak_sesuai = pendidikan_kesesuaian_set(
                instansi=instansi, ids=tidak, sesuai=False, actor=verifikator
            )
        hasil.umpan_balik = umpan_balik_write(
            instansi=instansi, actor=None, rows=rows, sumber=Sumber.IMPOR, penyebab="demo"
        ).baru
    # The workers would recompute within seconds; the demo should not wait for them.
    penempatan_flush(instansi=instansi, periode=periode_sekarang())
    return hasil
