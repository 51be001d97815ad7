"""The succession rule set as a kind of rule set (`JENIS_SUKSESI`) on the shared machinery
(apps/petatalenta/aturan): versions per instansi cloned from the national preset or a version,
edited while draf, exported and imported as JSON, compared, activated, never changed once used.

Activation archives the active version, activates the new one and marks every active key post's
candidate list dirty (StatusSuksesi.dirty_since) in the same transaction; the workers recompute
them after commit (services.status_suksesi_mark_dirty schedules the flush).
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy

from apps.instansi.models import Instansi
from apps.petatalenta.aturan import services as umum
from apps.petatalenta.aturan.jenis import Aktivasi, JenisAturan

from .aturan import PRESET_LABEL, SUKSESI, preset_konfigurasi
from .models import AturanSuksesi
from .pratinjau import pratinjau_suksesi_hitung, pratinjau_suksesi_konteks, pratinjau_suksesi_xlsx
from .services import status_suksesi_mark_dirty

PENYEBAB_AKTIVASI = "aturan_suksesi.aktivasi"


def _aktivasi(*, instansi: Instansi, actor, aturan, lama) -> Aktivasi:
    """A new succession rule set: every active key post's candidate list is recomputed."""
    ditandai = status_suksesi_mark_dirty(
        instansi_id=instansi.id, jabatan_kunci_ids=None, penyebab=PENYEBAB_AKTIVASI
    )
    return Aktivasi(hasil=ditandai, audit={"jabatan_kunci_dihitung_ulang": ditandai})


JENIS_SUKSESI = JenisAturan(
    kode="suksesi",
    model=AturanSuksesi,
    katalog=SUKSESI,
    preset={"nasional": partial(preset_konfigurasi, "nasional")},
    preset_label=PRESET_LABEL,
    preset_awal="nasional",
    audit_awalan="aturan_suksesi",
    namespace="suksesi",
    url_awalan="aturan_",
    izin_lihat="suksesi.view",
    izin_kelola="suksesi.manage",
    aktivasi=_aktivasi,
    judul=gettext_lazy("Aturan suksesi"),
    nama=gettext_lazy("aturan suksesi"),
    hasil=gettext_lazy("daftar calon suksesor"),
    alasan_digunakan=gettext_lazy(
        "Versi ini sudah dipakai untuk menghitung daftar calon suksesor. Agar setiap daftar dapat "
        "ditelusuri kembali, isinya tidak boleh berubah lagi. Salin versi ini menjadi draf baru untuk "
        "menyusun perubahan."
    ),
    alasan_aktif=gettext_lazy(
        "Versi ini sedang aktif: daftar calon suksesor dihitung dengannya. Salin versi ini menjadi draf "
        "baru, ubah drafnya, lalu aktifkan."
    ),
    alasan_arsip=gettext_lazy(
        "Versi ini sudah diarsipkan dan disimpan apa adanya sebagai catatan. Salin versi ini menjadi "
        "draf baru untuk menyusun perubahan."
    ),
    template_folder="suksesi/aturan",
    pratinjau_hitung=pratinjau_suksesi_hitung,
    pratinjau_konteks=pratinjau_suksesi_konteks,
    pratinjau_xlsx=pratinjau_suksesi_xlsx,
)


def aturan_suksesi_aktif_get(*, instansi: Instansi) -> AturanSuksesi:
    """The instansi's active succession rule set; the first time, a copy of the national preset
    (for the workers; a page reads `aturan.selectors.aturan_aktif` and never creates one)."""
    return umum.aturan_aktif_get(jenis=JENIS_SUKSESI, instansi=instansi)
