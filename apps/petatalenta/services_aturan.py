"""Writes of the talent rule-set pages: the talent kind of rule set (`JENIS_TALENTA`, which the
generic services in `aturan.services` and the pages in `aturan.views` are driven by), "hitung
ulang sekarang" and the talent settings.

Activation archives the old version, activates the new one and starts a bulk recompute of every
active pegawai's placement in one transaction; the flush runs after commit.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy

from apps.core.services import audit_event_record
from apps.instansi.models import Instansi

from .aturan.jenis import Aktivasi, JenisAturan
from .aturan.talenta import PRESET, PRESET_LABEL, TALENTA, preset_konfigurasi
from .labels import PENYEBAB_AKTIVASI, PENYEBAB_MANUAL
from .models import AturanTalenta, HitungUlang, PengaturanTalenta
from .periode import periode_sekarang
from .pratinjau import pratinjau_talenta_hitung, pratinjau_talenta_konteks, pratinjau_talenta_xlsx
from .selectors import hitung_ulang_progress
from .services import hitung_ulang_start, instansi_lock


def _aktivasi(*, instansi: Instansi, actor, aturan, lama, periode: int | None = None) -> Aktivasi:
    """A new talent rule set recomputes every active pegawai's placement (one bulk job)."""
    job = hitung_ulang_start(instansi=instansi, penyebab=PENYEBAB_AKTIVASI, actor=actor, periode=periode)
    return Aktivasi(hasil=job, audit={"hitung_ulang": str(job.uuid), "periode": job.periode})


JENIS_TALENTA = JenisAturan(
    kode="talenta",
    model=AturanTalenta,
    katalog=TALENTA,
    preset={nama: partial(preset_konfigurasi, nama) for nama in PRESET},
    preset_label=PRESET_LABEL,
    preset_awal="berbobot",
    audit_awalan="aturan_talenta",
    namespace="petatalenta",
    url_awalan="aturan_",
    izin_lihat="aturan.view",
    izin_kelola="aturan.manage",
    aktivasi=_aktivasi,
    judul=gettext_lazy("Aturan talenta"),
    nama=gettext_lazy("aturan talenta"),
    hasil=gettext_lazy("penempatan"),
    alasan_digunakan=gettext_lazy(
        "Versi ini sudah dipakai untuk menghitung penempatan talenta. Agar setiap penempatan dapat "
        "ditelusuri kembali, isinya tidak boleh berubah lagi. Salin versi ini menjadi draf baru untuk "
        "menyusun perubahan."
    ),
    alasan_aktif=gettext_lazy(
        "Versi ini sedang aktif: penempatan talenta dihitung dengannya. Salin versi ini menjadi draf "
        "baru, ubah drafnya, lalu aktifkan."
    ),
    alasan_arsip=gettext_lazy(
        "Versi ini sudah diarsipkan dan disimpan apa adanya sebagai catatan. Salin versi ini menjadi "
        "draf baru untuk menyusun perubahan."
    ),
    template_folder="petatalenta/aturan",
    pratinjau_hitung=pratinjau_talenta_hitung,
    pratinjau_konteks=pratinjau_talenta_konteks,
    pratinjau_xlsx=pratinjau_talenta_xlsx,
)


@transaction.atomic
def hitung_ulang_manual(*, instansi: Instansi, actor) -> tuple[HitungUlang, bool]:
    """Recompute everyone with the current rules. If a recompute of this period is still running,
    that job is returned instead of starting another (False): a double click starts one job."""
    instansi_lock(instansi=instansi)
    periode = periode_sekarang()
    berjalan = (
        HitungUlang.objects.filter(instansi=instansi, periode=periode, selesai_pada__isnull=True)
        .order_by("-dimulai_pada")
        .first()
    )
    if berjalan is not None and not hitung_ulang_progress(job=berjalan).selesai:
        return berjalan, False
    job = hitung_ulang_start(instansi=instansi, penyebab=PENYEBAB_MANUAL, actor=actor, periode=periode)
    return job, True


@transaction.atomic
def pengaturan_talenta_ubah(*, instansi: Instansi, actor, asn_boleh_lihat_kotak: bool) -> PengaturanTalenta:
    """Save the talent settings; the row is created the first time (get_or_create absorbs a
    concurrent first save through the unique constraint), then locked while it changes."""
    PengaturanTalenta.objects.get_or_create(instansi=instansi)
    pengaturan = PengaturanTalenta.objects.select_for_update().get(instansi=instansi)
    lama = pengaturan.asn_boleh_lihat_kotak
    if lama != asn_boleh_lihat_kotak:
        pengaturan.asn_boleh_lihat_kotak = asn_boleh_lihat_kotak
        pengaturan.save(update_fields=["asn_boleh_lihat_kotak"])
        audit_event_record(
            action="pengaturan_talenta.update",
            instansi=instansi,
            actor=actor,
            target=pengaturan,
            old_values={"asn_boleh_lihat_kotak": lama},
            new_values={"asn_boleh_lihat_kotak": asn_boleh_lihat_kotak},
        )
    return pengaturan
