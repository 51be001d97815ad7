"""Data completeness (kelengkapan data) of one pegawai: a pure function of the profile and riwayat.

Seven checks of equal weight. Only approved (disetujui) riwayat satisfy a check, and only a document a
verifier accepted counts as evidence (an upload waiting for verification does not raise the
percentage); items waiting for or refused verification are listed too, so the ASN knows exactly
what to do next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .models import (
    Pegawai,
    Riwayat,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikat,
    StatusVerifikasi,
)

CHECKS = ("data_pokok", "jabatan", "kontak", "pendidikan", "riwayat_jabatan", "pengembangan", "dokumen")


@dataclass
class Kekurangan:
    kode: str  # which check, or "menunggu"/"ditolak" for verification notes
    pesan: str
    jenis: str  # "kurang" (counts against the percentage), "menunggu", "ditolak"

    def as_dict(self) -> dict:
        return {"kode": self.kode, "pesan": self.pesan, "jenis": self.jenis}


@dataclass
class HasilKelengkapan:
    persen: int
    terpenuhi: list[str] = field(default_factory=list)
    kekurangan: list[Kekurangan] = field(default_factory=list)


def kelengkapan_compute(*, pegawai: Pegawai, riwayat: list[Riwayat]) -> HasilKelengkapan:
    """`riwayat`: every portfolio item of the pegawai, of every kind (hukuman disiplin excluded)."""
    kurang: list[Kekurangan] = []
    terpenuhi: list[str] = []

    def check(kode: str, missing: list[str], pesan_kurang: str) -> None:
        if missing:
            kurang.append(Kekurangan(kode, pesan_kurang % {"daftar": ", ".join(missing)}, "kurang"))
        else:
            terpenuhi.append(kode)

    pokok = []
    if not pegawai.nip:
        pokok.append(_("NIP"))
    if not pegawai.tanggal_lahir:
        pokok.append(_("tanggal lahir"))
    if not pegawai.jenis_kelamin:
        pokok.append(_("jenis kelamin"))
    if not pegawai.golongan and pegawai.status_kepegawaian != "pppk_paruh_waktu":
        pokok.append(_("golongan"))
    if not pegawai.pendidikan_terakhir:
        pokok.append(_("pendidikan terakhir"))
    check("data_pokok", pokok, _("Data pokok belum lengkap: %(daftar)s."))

    jabatan = []
    if not pegawai.nama_jabatan:
        jabatan.append(_("nama jabatan"))
    if not pegawai.unit_kerja_id:
        jabatan.append(_("unit kerja"))
    if not pegawai.tmt_jabatan:
        jabatan.append(_("TMT jabatan"))
    check("jabatan", jabatan, _("Data jabatan belum lengkap: %(daftar)s."))

    kontak = []
    if not pegawai.email:
        kontak.append(_("e-mail"))
    if not pegawai.telepon:
        kontak.append(_("nomor telepon"))
    check("kontak", kontak, _("Kontak belum lengkap: %(daftar)s."))

    approved = [item for item in riwayat if item.status == StatusVerifikasi.DISETUJUI]
    pendidikan = [item for item in approved if isinstance(item, RiwayatPendidikan)]
    if pegawai.pendidikan_terakhir:
        if any(item.jenjang == pegawai.pendidikan_terakhir for item in pendidikan):
            terpenuhi.append("pendidikan")
        else:
            kurang.append(
                Kekurangan(
                    "pendidikan",
                    _("Riwayat pendidikan %(jenjang)s (pendidikan terakhir) belum ada yang disetujui.")
                    % {"jenjang": pegawai.get_pendidikan_terakhir_display()},
                    "kurang",
                )
            )
    elif pendidikan:
        terpenuhi.append("pendidikan")
    else:
        kurang.append(Kekurangan("pendidikan", _("Riwayat pendidikan belum ada yang disetujui."), "kurang"))

    if any(isinstance(item, RiwayatJabatan) for item in approved):
        terpenuhi.append("riwayat_jabatan")
    else:
        kurang.append(Kekurangan("riwayat_jabatan", _("Riwayat jabatan belum ada yang disetujui."), "kurang"))

    if any(isinstance(item, RiwayatDiklat | Sertifikat) for item in approved):
        terpenuhi.append("pengembangan")
    else:
        kurang.append(
            Kekurangan(
                "pengembangan",
                _("Belum ada diklat/pelatihan atau sertifikat yang disetujui."),
                "kurang",
            )
        )

    # Evidence counts once a verifier accepted it: an approved item whose first document still
    # waits (dokumen_baru) is missing its evidence until the verifier approves that document.
    tanpa_dokumen = [item for item in approved if type(item).DIISI_ASN and item.dokumen_id is None]
    check(
        "dokumen",
        [f"{item._meta.verbose_name} “{item}”" for item in tanpa_dokumen],
        _("Dokumen pendukung belum diunggah: %(daftar)s."),
    )

    for item in riwayat:
        label = f"{item._meta.verbose_name} “{item}”"
        if item.status == StatusVerifikasi.DIAJUKAN:
            if type(item).DIISI_ASN and item.dokumen_id is None:
                pesan = _("Menunggu verifikasi: %(item)s (belum ada dokumen pendukung).") % {"item": label}
            else:
                pesan = _("Menunggu verifikasi: %(item)s.") % {"item": label}
            kurang.append(Kekurangan("menunggu", pesan, "menunggu"))
        elif item.status == StatusVerifikasi.DISETUJUI and getattr(item, "dokumen_baru_id", None):
            kurang.append(
                Kekurangan(
                    "menunggu",
                    _("Dokumen baru menunggu verifikasi: %(item)s (data tetap disetujui).") % {"item": label},
                    "menunggu",
                )
            )
        elif item.status == StatusVerifikasi.DISETUJUI and item.alasan_penolakan:
            kurang.append(
                Kekurangan(
                    "ditolak",
                    _("Dokumen baru ditolak: %(item)s — %(alasan)s Dokumen lama tetap berlaku.")
                    % {"item": label, "alasan": item.alasan_penolakan},
                    "ditolak",
                )
            )
        elif item.status == StatusVerifikasi.DITOLAK:
            kurang.append(
                Kekurangan(
                    "ditolak",
                    _("Ditolak: %(item)s — %(alasan)s Perbaiki lalu ajukan lagi.")
                    % {"item": label, "alasan": item.alasan_penolakan},
                    "ditolak",
                )
            )

    persen = round(100 * len(terpenuhi) / len(CHECKS))
    return HasilKelengkapan(persen=persen, terpenuhi=terpenuhi, kekurangan=kurang)


# Without riwayat, the checks above read only which profile fields are filled and the coded values
# (status, pendidikan, …): pegawai alike in both get the same result. An import of 100,000 new
# pegawai so computes a few hundred distinct results instead of 100,000 (each one a dozen gettext
# calls and a choices lookup).
_SIGNATURE_FIELDS = tuple((f.name, f.attname, bool(f.choices)) for f in Pegawai._meta.concrete_fields)


def _signature(profile: Mapping[str, Any]) -> tuple:
    signature = []
    for name, attname, coded in _SIGNATURE_FIELDS:
        value = profile[name] if name in profile else profile.get(attname)
        signature.append(value if coded else bool(value))
    return tuple(signature)


def kelengkapan_compute_many(
    *, items: Iterable[tuple[Mapping[str, Any], list[Riwayat]]]
) -> Iterator[HasilKelengkapan]:
    """`kelengkapan_compute` for many pegawai, given as (profile, riwayat): the profile maps model
    field names (or attnames: `unit_kerja_id`) to values, as `Pegawai(**profile)` takes them. Results of pegawai without riwayat
    are shared between alike profiles; treat them as read-only."""
    shared: dict[tuple, HasilKelengkapan] = {}
    for profile, riwayat in items:
        if riwayat:
            yield kelengkapan_compute(pegawai=Pegawai(**profile), riwayat=riwayat)
            continue
        signature = _signature(profile)
        hasil = shared.get(signature)
        if hasil is None:
            hasil = shared[signature] = kelengkapan_compute(pegawai=Pegawai(**profile), riwayat=[])
        yield hasil
