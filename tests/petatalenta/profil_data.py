"""Data for the explanation / Profil Talenta tests: SKP through the real service (its change
announcement marks the placement dirty), asesmen rows from AsesmenFactory, placements through the
real flush, and the engine's own answer for the same inputs to compare with."""

from __future__ import annotations

from django.utils import timezone

from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.petatalenta.engine import PRESET_KATEGORIS, Aturan, penempatan_compute
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.petatalenta.periode import tanggal_acuan_periode
from apps.petatalenta.services import aturan_aktif_get, penempatan_flush
from tests.factories import RATINGS_OF_PREDIKAT, AturanTalentaFactory

TAHUN_LALU = timezone.localdate().year - 1
PERIODE = timezone.localdate().year


def skp_buat(instansi, pegawai, predikat="Baik", tahun=TAHUN_LALU):
    hasil, perilaku = RATINGS_OF_PREDIKAT[predikat]
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
        return AturanTalentaFactory(
            instansi=instansi, nama="Preset kategoris", status="aktif",
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


def engine_inputs(instansi, pegawai):
    """The engine's inputs for this pegawai's data now (the next steps are computed from them)."""
    with instansi_scope(instansi):
        aturan = Aturan.from_config(aturan_aktif_get(instansi=instansi).konfigurasi)
        return penempatan_inputs_load(
            instansi=instansi,
            pegawai_ids=[pegawai.pk],
            tanggal_acuan=tanggal_acuan_periode(periode=PERIODE),
            aturan=aturan,
        )[pegawai.pk]


def penempatan(instansi, pegawai) -> Penempatan:
    with instansi_scope(instansi):
        return Penempatan.objects.get(instansi=instansi, pegawai=pegawai, periode=PERIODE)
