"""Writes of any rule-set kind (a `jenis.JenisAturan`): new draf versions (clone, import), editing
a draf, activation, deleting a draf, and the active version created from the preset on first use.

Concurrency: every write that numbers or switches versions locks the instansi row first
(petatalenta.services.instansi_lock), so two clerks cloning at once get v4 and v5, never a clash,
and two activations run one after the other. Editing locks the version's row, so an edit and an
activation of the same draf cannot interleave.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record
from apps.instansi.models import Instansi

from ..services import instansi_lock
from .diff import konfigurasi_perubahan_nilai
from .jenis import JenisAturan
from .json_io import NAMA_MAKS, aturan_impor_baca
from .pratinjau import pratinjau_audit, pratinjau_untuk_aktivasi
from .selectors import aturan_aktif, aturan_alasan_terkunci
from .validasi import konfigurasi_periksa


def aturan_versi_next(*, jenis: JenisAturan, instansi: Instansi) -> int:
    """The number of the instansi's next version of this kind, the instansi locked first."""
    instansi_lock(instansi=instansi)
    return (jenis.model.objects.filter(instansi=instansi).aggregate(v=Max("versi"))["v"] or 0) + 1


@transaction.atomic
def aturan_aktif_get(*, jenis: JenisAturan, instansi: Instansi):
    """The instansi's active version; the first time, a copy of the kind's national preset (the
    workers call this, never a page view)."""
    aktif = aturan_aktif(jenis=jenis, instansi=instansi)
    if aktif is not None:
        return aktif
    versi = aturan_versi_next(jenis=jenis, instansi=instansi)
    aktif = aturan_aktif(jenis=jenis, instansi=instansi)
    if aktif is not None:  # created while we waited for the lock
        return aktif
    aturan = jenis.model.objects.create(
        instansi=instansi,
        versi=versi,
        nama=str(jenis.preset_label[jenis.preset_awal]),
        status=jenis.model.Status.AKTIF,
        konfigurasi=jenis.preset_konfigurasi(jenis.preset_awal),
        diaktifkan_pada=timezone.now(),
    )
    audit_event_record(
        action=f"{jenis.audit_awalan}.create",
        instansi=instansi,
        actor=None,
        target=aturan,
        new_values={"versi": versi, "status": aturan.status, "sumber": f"preset:{jenis.preset_awal}"},
    )
    return aturan


def _aturan_terkunci(*, jenis: JenisAturan, instansi: Instansi, aturan_id: int):
    aturan = jenis.model.objects.select_for_update().filter(instansi=instansi, pk=aturan_id).first()
    if aturan is None:
        raise jenis.model.DoesNotExist
    return aturan


def _nama_bersih(nama: str) -> str:
    nama = (nama or "").strip()
    if not nama:
        raise ValidationError({"nama": _("Nama versi wajib diisi.")})
    if len(nama) > NAMA_MAKS:
        raise ValidationError({"nama": _("Nama versi paling panjang %(n)s karakter.") % {"n": NAMA_MAKS}})
    return nama


def _konfigurasi_sah(jenis: JenisAturan, konfigurasi: Any) -> None:
    masalah = konfigurasi_periksa(konfigurasi, katalog=jenis.katalog)
    if masalah:
        raise ValidationError([m.teks() for m in masalah])


def _aturan_buat(
    *, jenis: JenisAturan, instansi: Instansi, actor, nama: str, catatan: str, konfigurasi: dict, asal: dict
):
    nama = _nama_bersih(nama)
    _konfigurasi_sah(jenis, konfigurasi)
    versi = aturan_versi_next(jenis=jenis, instansi=instansi)
    aturan = jenis.model.objects.create(
        instansi=instansi,
        versi=versi,
        nama=nama,
        status=jenis.model.Status.DRAF,
        konfigurasi=konfigurasi,
        catatan=(catatan or "").strip(),
        dibuat_oleh=actor,
    )
    audit_event_record(
        action=f"{jenis.audit_awalan}.create",
        instansi=instansi,
        actor=actor,
        target=aturan,
        new_values={"versi": versi, "nama": nama, "status": aturan.status, **asal},
    )
    return aturan


@transaction.atomic
def aturan_salin(*, jenis: JenisAturan, instansi: Instansi, actor, sumber: str, nama: str, catatan: str = ""):
    """A new draf from a national preset ("preset:<name>") or from one of the instansi's own
    versions ("versi:<pk>"). A preset is stored with every setting written out, so the draf's form
    and export show all of them; a version is copied exactly."""
    asal_jenis, _titik, nilai = (sumber or "").partition(":")
    if asal_jenis == "preset" and nilai in jenis.preset:
        konfigurasi = jenis.preset_konfigurasi(nilai)
        asal = {"sumber": f"preset:{nilai}", "sumber_label": str(jenis.preset_label[nilai])}
    elif asal_jenis == "versi" and nilai.isdigit():
        asli = jenis.model.objects.filter(instansi=instansi, pk=int(nilai)).first()
        if asli is None:
            raise ValidationError({"sumber": _("Versi sumber tidak ditemukan.")})
        konfigurasi = asli.konfigurasi
        asal = {"sumber": f"versi:{asli.versi}", "sumber_label": str(asli)}
    else:
        raise ValidationError({"sumber": _("Pilih sumber salinan.")})
    return _aturan_buat(
        jenis=jenis,
        instansi=instansi,
        actor=actor,
        nama=nama,
        catatan=catatan,
        konfigurasi=konfigurasi,
        asal=asal,
    )


@transaction.atomic
def aturan_ubah(
    *,
    jenis: JenisAturan,
    instansi: Instansi,
    actor,
    aturan_id: int,
    nama: str,
    catatan: str,
    konfigurasi: dict,
):
    """Save a draf. Refused (ValidationError) once the version is aktif, arsip or used: the row is
    locked first, so a concurrent activation either happened before (refused here) or waits."""
    aturan = _aturan_terkunci(jenis=jenis, instansi=instansi, aturan_id=aturan_id)
    alasan = aturan_alasan_terkunci(jenis=jenis, aturan=aturan)
    if alasan:
        raise ValidationError(alasan)
    nama = _nama_bersih(nama)
    _konfigurasi_sah(jenis, konfigurasi)
    catatan = (catatan or "").strip()
    lama, baru = konfigurasi_perubahan_nilai(lama=aturan.konfigurasi, baru=konfigurasi, katalog=jenis.katalog)
    for kolom, nilai in (("nama", nama), ("catatan", catatan)):
        if getattr(aturan, kolom) != nilai:
            lama[kolom], baru[kolom] = getattr(aturan, kolom), nilai
    aturan.nama, aturan.catatan, aturan.konfigurasi = nama, catatan, konfigurasi
    aturan.save(update_fields=["nama", "catatan", "konfigurasi"])
    if baru:
        audit_event_record(
            action=f"{jenis.audit_awalan}.update",
            instansi=instansi,
            actor=actor,
            target=aturan,
            old_values=lama,
            new_values=baru,
        )
    return aturan


@transaction.atomic
def aturan_impor(
    *, jenis: JenisAturan, instansi: Instansi, actor, data: bytes, nama_berkas: str, nama: str = ""
):
    """A new draf from an exported JSON file (docs/rulesets.md). All or nothing."""
    isi = aturan_impor_baca(data=data, nama=nama, katalog=jenis.katalog)
    asal = f"{isi['asal_instansi']} v{isi['asal_versi']}" if isi["asal_versi"] else isi["asal_instansi"]
    jejak = _("Diimpor dari berkas %(berkas)s") % {"berkas": nama_berkas[:100]}
    if asal.strip():
        jejak += _(" (asal: %(asal)s)") % {"asal": asal.strip()}
    catatan = f"{isi['catatan']}\n\n{jejak}." if isi["catatan"] else f"{jejak}."
    return _aturan_buat(
        jenis=jenis,
        instansi=instansi,
        actor=actor,
        nama=isi["nama"],
        catatan=catatan,
        konfigurasi=isi["konfigurasi"],
        asal={"sumber": "impor", "berkas": nama_berkas[:100], "asal": asal.strip()},
    )


@transaction.atomic
def aturan_aktifkan(
    *, jenis: JenisAturan, instansi: Instansi, actor, aturan_id: int, pratinjau_uuid, **opsi
) -> Any:
    """Make a draf (or an archived version, to roll back) the active one: in one transaction the
    old active version is archived, this one activated, the kind's recompute started
    (`jenis.aktivasi`, given `opsi`) and the switch audited. Returns what the recompute returned.

    `pratinjau_uuid`: the impact preview the activation form showed (aturan/pratinjau.py). For a
    kind with previews it must be finished and still current, or nothing happens
    (ValidationError); the audit event records which preview was shown and its headline figures.
    Only internal callers (commands, tests) pass None: the event then records that none was."""
    instansi_lock(instansi=instansi)
    aturan = _aturan_terkunci(jenis=jenis, instansi=instansi, aturan_id=aturan_id)
    Status = jenis.model.Status
    if aturan.status == Status.AKTIF:
        raise ValidationError(_("Versi %(v)s sudah aktif.") % {"v": aturan.versi})
    _konfigurasi_sah(jenis, aturan.konfigurasi)
    dibaca: dict[str, Any] = {"pratinjau": None}
    if pratinjau_uuid is not None and jenis.pratinjau_hitung is not None:
        pratinjau = pratinjau_untuk_aktivasi(
            jenis=jenis, instansi=instansi, aturan=aturan, pratinjau_uuid=pratinjau_uuid
        )
        dibaca = pratinjau_audit(pratinjau)
    lama = jenis.model.objects.select_for_update().filter(instansi=instansi, status=Status.AKTIF).first()
    if lama is not None:
        # Archive first: at most one active row per instansi (a partial unique index).
        lama.status = Status.ARSIP
        lama.save(update_fields=["status"])
    aturan.status = Status.AKTIF
    aturan.diaktifkan_pada = timezone.now()
    aturan.save(update_fields=["status", "diaktifkan_pada"])
    hasil = jenis.aktivasi(instansi=instansi, actor=actor, aturan=aturan, lama=lama, **opsi)
    audit_event_record(
        action=f"{jenis.audit_awalan}.aktifkan",
        instansi=instansi,
        actor=actor,
        target=aturan,
        old_values={"versi_aktif": lama.versi if lama else None},
        new_values={"versi_aktif": aturan.versi, **hasil.audit, **dibaca},
    )
    return hasil.hasil


@transaction.atomic
def aturan_hapus(*, jenis: JenisAturan, instansi: Instansi, actor, aturan_id: int) -> None:
    """Delete a draf nobody used (an abandoned attempt); every other version is kept forever."""
    aturan = _aturan_terkunci(jenis=jenis, instansi=instansi, aturan_id=aturan_id)
    if aturan.status != jenis.model.Status.DRAF or aturan.digunakan:
        raise ValidationError(_("Hanya draf yang belum pernah dipakai yang dapat dihapus."))
    audit_event_record(
        action=f"{jenis.audit_awalan}.delete",
        instansi=instansi,
        actor=actor,
        target=aturan,
        old_values={"versi": aturan.versi, "nama": aturan.nama, "konfigurasi": aturan.konfigurasi},
    )
    aturan.delete()
