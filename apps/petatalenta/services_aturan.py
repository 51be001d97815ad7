"""Writes of the rule-set pages: new draf versions (clone, import), editing a draf, activation
with its bulk recompute, deleting a draf, the talent settings.

Concurrency: every write that numbers or switches versions locks the instansi row first
(services.instansi_lock, also taken by aturan_aktif_get before it creates version 1), so two clerks
cloning at once get v4 and v5, never a clash, and two activations run one after the other. Editing locks the version's row,
so an edit and an activation of the same draf cannot interleave.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record
from apps.instansi.models import Instansi

from .aturan.diff import konfigurasi_perubahan_nilai
from .aturan.json_io import NAMA_MAKS, aturan_impor_baca
from .aturan.talenta import PRESET, PRESET_LABEL, TALENTA, preset_konfigurasi
from .aturan.validasi import konfigurasi_periksa
from .labels import PENYEBAB_AKTIVASI, PENYEBAB_MANUAL
from .models import AturanTalenta, HitungUlang, PengaturanTalenta
from .periode import periode_sekarang
from .selectors import hitung_ulang_progress
from .selectors_aturan import aturan_alasan_terkunci
from .services import aturan_versi_next, hitung_ulang_start, instansi_lock


def _aturan_terkunci(*, instansi: Instansi, aturan_id: int) -> AturanTalenta:
    aturan = AturanTalenta.objects.select_for_update().filter(instansi=instansi, pk=aturan_id).first()
    if aturan is None:
        raise AturanTalenta.DoesNotExist
    return aturan


def _nama_bersih(nama: str) -> str:
    nama = (nama or "").strip()
    if not nama:
        raise ValidationError({"nama": _("Nama versi wajib diisi.")})
    if len(nama) > NAMA_MAKS:
        raise ValidationError({"nama": _("Nama versi paling panjang %(n)s karakter.") % {"n": NAMA_MAKS}})
    return nama


def _konfigurasi_sah(konfigurasi: Any) -> None:
    masalah = konfigurasi_periksa(konfigurasi, katalog=TALENTA)
    if masalah:
        raise ValidationError([m.teks() for m in masalah])


def _aturan_buat(
    *, instansi: Instansi, actor, nama: str, catatan: str, konfigurasi: dict, asal: dict
) -> AturanTalenta:
    nama = _nama_bersih(nama)
    _konfigurasi_sah(konfigurasi)
    versi = aturan_versi_next(instansi=instansi)
    aturan = AturanTalenta.objects.create(
        instansi=instansi,
        versi=versi,
        nama=nama,
        status=AturanTalenta.Status.DRAF,
        konfigurasi=konfigurasi,
        catatan=(catatan or "").strip(),
        dibuat_oleh=actor,
    )
    audit_event_record(
        action="aturan_talenta.create",
        instansi=instansi,
        actor=actor,
        target=aturan,
        new_values={"versi": versi, "nama": nama, "status": aturan.status, **asal},
    )
    return aturan


@transaction.atomic
def aturan_salin(*, instansi: Instansi, actor, sumber: str, nama: str, catatan: str = "") -> AturanTalenta:
    """A new draf from a national preset ("preset:berbobot", "preset:kategoris") or from one of
    the instansi's own versions ("versi:<pk>"). A preset is stored with every setting written out,
    so the draf's form and export show all of them; a version is copied exactly."""
    jenis, _titik, nilai = (sumber or "").partition(":")
    if jenis == "preset" and nilai in PRESET:
        konfigurasi = preset_konfigurasi(nilai)
        asal = {"sumber": f"preset:{nilai}", "sumber_label": str(PRESET_LABEL[nilai])}
    elif jenis == "versi" and nilai.isdigit():
        asli = AturanTalenta.objects.filter(instansi=instansi, pk=int(nilai)).first()
        if asli is None:
            raise ValidationError({"sumber": _("Versi sumber tidak ditemukan.")})
        konfigurasi = asli.konfigurasi
        asal = {"sumber": f"versi:{asli.versi}", "sumber_label": str(asli)}
    else:
        raise ValidationError({"sumber": _("Pilih sumber salinan.")})
    return _aturan_buat(
        instansi=instansi, actor=actor, nama=nama, catatan=catatan, konfigurasi=konfigurasi, asal=asal
    )


@transaction.atomic
def aturan_ubah(
    *, instansi: Instansi, actor, aturan_id: int, nama: str, catatan: str, konfigurasi: dict
) -> AturanTalenta:
    """Save a draf. Refused (ValidationError) once the version is aktif, arsip or used: the row is
    locked first, so a concurrent activation either happened before (refused here) or waits."""
    aturan = _aturan_terkunci(instansi=instansi, aturan_id=aturan_id)
    alasan = aturan_alasan_terkunci(aturan=aturan)
    if alasan:
        raise ValidationError(alasan)
    nama = _nama_bersih(nama)
    _konfigurasi_sah(konfigurasi)
    catatan = (catatan or "").strip()
    lama, baru = konfigurasi_perubahan_nilai(lama=aturan.konfigurasi, baru=konfigurasi, katalog=TALENTA)
    for kolom, nilai in (("nama", nama), ("catatan", catatan)):
        if getattr(aturan, kolom) != nilai:
            lama[kolom], baru[kolom] = getattr(aturan, kolom), nilai
    aturan.nama, aturan.catatan, aturan.konfigurasi = nama, catatan, konfigurasi
    aturan.save(update_fields=["nama", "catatan", "konfigurasi"])
    if baru:
        audit_event_record(
            action="aturan_talenta.update",
            instansi=instansi,
            actor=actor,
            target=aturan,
            old_values=lama,
            new_values=baru,
        )
    return aturan


@transaction.atomic
def aturan_impor(
    *, instansi: Instansi, actor, data: bytes, nama_berkas: str, nama: str = ""
) -> AturanTalenta:
    """A new draf from an exported JSON file (docs/rulesets.md). All or nothing."""
    isi = aturan_impor_baca(data=data, nama=nama, katalog=TALENTA)
    asal = f"{isi['asal_instansi']} v{isi['asal_versi']}" if isi["asal_versi"] else isi["asal_instansi"]
    jejak = _("Diimpor dari berkas %(berkas)s") % {"berkas": nama_berkas[:100]}
    if asal.strip():
        jejak += _(" (asal: %(asal)s)") % {"asal": asal.strip()}
    catatan = f"{isi['catatan']}\n\n{jejak}." if isi["catatan"] else f"{jejak}."
    return _aturan_buat(
        instansi=instansi,
        actor=actor,
        nama=isi["nama"],
        catatan=catatan,
        konfigurasi=isi["konfigurasi"],
        asal={"sumber": "impor", "berkas": nama_berkas[:100], "asal": asal.strip()},
    )


@transaction.atomic
def aturan_aktifkan(*, instansi: Instansi, actor, aturan_id: int, periode: int | None = None) -> HitungUlang:
    """Make a draf (or an archived version, to roll back) the active one: in one transaction the
    old active version is archived, this one activated, and a bulk recompute of every active
    pegawai started; the flush runs after commit."""
    instansi_lock(instansi=instansi)
    aturan = _aturan_terkunci(instansi=instansi, aturan_id=aturan_id)
    if aturan.status == AturanTalenta.Status.AKTIF:
        raise ValidationError(_("Versi %(v)s sudah aktif.") % {"v": aturan.versi})
    _konfigurasi_sah(aturan.konfigurasi)
    lama = (
        AturanTalenta.objects.select_for_update()
        .filter(instansi=instansi, status=AturanTalenta.Status.AKTIF)
        .first()
    )
    if lama is not None:
        # Archive first: at most one active row per instansi (a partial unique index).
        lama.status = AturanTalenta.Status.ARSIP
        lama.save(update_fields=["status"])
    aturan.status = AturanTalenta.Status.AKTIF
    aturan.diaktifkan_pada = timezone.now()
    aturan.save(update_fields=["status", "diaktifkan_pada"])
    job = hitung_ulang_start(instansi=instansi, penyebab=PENYEBAB_AKTIVASI, actor=actor, periode=periode)
    audit_event_record(
        action="aturan_talenta.aktifkan",
        instansi=instansi,
        actor=actor,
        target=aturan,
        old_values={"versi_aktif": lama.versi if lama else None},
        new_values={"versi_aktif": aturan.versi, "hitung_ulang": str(job.uuid), "periode": job.periode},
    )
    return job


@transaction.atomic
def aturan_hapus(*, instansi: Instansi, actor, aturan_id: int) -> None:
    """Delete a draf nobody used (an abandoned attempt); every other version is kept forever."""
    aturan = _aturan_terkunci(instansi=instansi, aturan_id=aturan_id)
    if aturan.status != AturanTalenta.Status.DRAF or aturan.digunakan:
        raise ValidationError(_("Hanya draf yang belum pernah dipakai yang dapat dihapus."))
    audit_event_record(
        action="aturan_talenta.delete",
        instansi=instansi,
        actor=actor,
        target=aturan,
        old_values={"versi": aturan.versi, "nama": aturan.nama, "konfigurasi": aturan.konfigurasi},
    )
    aturan.delete()


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
