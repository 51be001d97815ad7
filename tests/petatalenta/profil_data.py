"""Data for the explanation / Profil Talenta tests: inputs through the real services, placements
through the real flush, and the engine's own answer for the same inputs to compare with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.engine import PRESET_KATEGORIS, Aturan, penempatan_compute
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.petatalenta.periode import tanggal_acuan_periode
from apps.petatalenta.services import aturan_aktif_get, penempatan_flush

TAHUN_LALU = timezone.localdate().year - 1
PERIODE = timezone.localdate().year
# (hasil kerja, perilaku kerja) giving each predikat (apps/kinerja/predikat.py).
RATINGS = {
    "Sangat Baik": ("di_atas", "di_atas"),
    "Baik": ("sesuai", "sesuai"),
    "Butuh Perbaikan": ("di_bawah", "sesuai"),
    "Kurang/Misconduct": ("sesuai", "di_bawah"),
    "Sangat Kurang": ("di_bawah", "di_bawah"),
}


def asesmen_buat(instansi, pegawai, *, potensi="70", jpm="80", berlaku_hari=700, umur_hari=30):
    today = timezone.localdate()
    with instansi_scope(instansi):
        return Asesmen.objects.create(
            instansi=instansi, pegawai=pegawai, tanggal=today - dt.timedelta(days=umur_hari),
            lembaga="UPT Asesmen", metode="assessment_center", nilai_potensi=Decimal(potensi),
            jpm=Decimal(jpm), berlaku_sampai=today + dt.timedelta(days=berlaku_hari),
        )  # fmt: skip


def skp_buat(instansi, pegawai, predikat="Baik", tahun=TAHUN_LALU):
    hasil, perilaku = RATINGS[predikat]
    with instansi_scope(instansi):
        skp_write(
            instansi=instansi,
            actor=None,
            rows=[SkpData(pegawai.pk, tahun, "tahunan", hasil, perilaku, predikat)],
        )


def aturan_kategoris(instansi, **extra) -> AturanTalenta:
    """Make a categorical rule set the active one (before anything is placed)."""
    with instansi_scope(instansi):
        AturanTalenta.objects.filter(instansi=instansi, status="aktif").update(status="arsip")
        versi = AturanTalenta.objects.filter(instansi=instansi).count() + 1
        return AturanTalenta.objects.create(
            instansi=instansi, versi=versi, nama="Preset kategoris", status="aktif",
            konfigurasi={**PRESET_KATEGORIS, **extra}, diaktifkan_pada=timezone.now(),
        )  # fmt: skip


def flush(instansi, penyebab: str = "") -> None:
    with instansi_scope(instansi):
        # Rows written straight to the ORM (asesmen) announce nothing: mark every pegawai dirty,
        # with `penyebab` as the cause the history records.
        from apps.petatalenta.services import penempatan_mark_all_dirty

        penempatan_mark_all_dirty(instansi=instansi, penyebab=penyebab)
        penempatan_flush(instansi=instansi)


def engine_penempatan(instansi, pegawai):
    """What the engine itself says for this pegawai's data now, with the active rule set."""
    with instansi_scope(instansi):
        aturan_obj = aturan_aktif_get(instansi=instansi)
        aturan = Aturan.from_config(aturan_obj.konfigurasi)
        inputs = penempatan_inputs_load(
            instansi=instansi,
            pegawai_ids=[pegawai.pk],
            tanggal_acuan=tanggal_acuan_periode(periode=PERIODE),
            aturan=aturan,
        )[pegawai.pk]
    return penempatan_compute(inputs=inputs, aturan=aturan, konfigurasi=aturan_obj.konfigurasi), aturan


def penempatan(instansi, pegawai) -> Penempatan:
    with instansi_scope(instansi):
        return Penempatan.objects.get(instansi=instansi, pegawai=pegawai, periode=PERIODE)
