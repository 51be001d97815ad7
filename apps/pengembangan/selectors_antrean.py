"""Reads of the assessment queue: the stored ranking (built by a worker, services_antrean.py), the
year's budget, the budget line and the coverage before and after it, one page of rows with their
pegawai, and each person's reason in words. Nothing here ranks: a page view reads stored rows."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.asesmen.models import Asesmen
from apps.core.context import hari_ini
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.suksesi.aturan import tingkat_label

from .antrean import Anggaran, Cakupan, GarisAnggaran, Kelompok, StatusAsesmen, cakupan_hitung, garis_anggaran
from .models import AnggaranAsesmen
from .services_antrean import ANTREAN_KEY, BUILD_ID_KEY, KOTOR_KEY, VERSI, biaya_bawaan

KELOMPOK_LABEL = {
    Kelompok.JABATAN_KUNCI_BERISIKO: gettext_lazy("Calon suksesor jabatan kunci berisiko"),
    Kelompok.CALON_KRS: gettext_lazy("Data lain menempatkannya di KRS"),
    Kelompok.TINGKAT_SUMBER: gettext_lazy("Tingkat jabatan sumber calon jabatan kunci"),
    Kelompok.LAINNYA: gettext_lazy("Belum punya asesmen yang berlaku"),
}
STATUS_LABEL = {
    StatusAsesmen.BELUM_PERNAH: gettext_lazy("Belum pernah diasesmen"),
    StatusAsesmen.KEDALUWARSA: gettext_lazy("Asesmen kedaluwarsa"),
    StatusAsesmen.SEGERA_KEDALUWARSA: gettext_lazy("Asesmen segera kedaluwarsa"),
}
METODE_LABEL = dict(Asesmen.Metode.choices)


def _tanggal(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def _daftar(nama: tuple[str, ...], *, maks: int = 2) -> str:
    if len(nama) <= maks:
        return ", ".join(nama)
    lain = len(nama) - maks
    return ngettext("%(nama)s dan %(n)s jabatan lain", "%(nama)s dan %(n)s jabatan lain", lain) % {
        "nama": ", ".join(nama[:maks]),
        "n": lain,
    }


def alasan_teks(*, kelompok: int, alasan: tuple) -> str:
    """Why the pegawai stands where they stand, in words (the group's own reason)."""
    if kelompok == Kelompok.JABATAN_KUNCI_BERISIKO:
        return _("Calon suksesor jabatan kunci berisiko: %(jabatan)s") % {"jabatan": _daftar(alasan)}
    if kelompok == Kelompok.CALON_KRS:
        kode, kotak = alasan
        if kode == "krs":
            return _(
                "Anggota KRS (kotak %(kotak)s); keanggotaannya gugur bila asesmennya tidak diperbarui"
            ) % {"kotak": kotak}
        return _(
            "Kinerja dan data lainnya menempatkannya di kotak %(kotak)s (KRS) bila hasil asesmennya "
            "setara dengan data lainnya"
        ) % {"kotak": kotak}
    if kelompok == Kelompok.TINGKAT_SUMBER:
        tingkat, tujuan = alasan
        return _("Jabatan %(tingkat)s: sumber calon jabatan kunci %(tujuan)s") % {
            "tingkat": tingkat_label(tingkat),
            "tujuan": ", ".join(tingkat_label(t) for t in tujuan),
        }
    return _("Diurutkan menurut lamanya tanpa asesmen yang berlaku")


def status_teks(*, status: str, asesmen_terakhir: dt.date | None, berlaku_sampai: dt.date | None) -> str:
    """The asesmen side of the reason: never assessed, expired since, or valid until."""
    if status == StatusAsesmen.BELUM_PERNAH or berlaku_sampai is None:
        return _("Belum pernah diasesmen")
    if status == StatusAsesmen.KEDALUWARSA:
        return _("Asesmen %(tahun)s kedaluwarsa sejak %(tanggal)s") % {
            "tahun": asesmen_terakhir.year if asesmen_terakhir else "",
            "tanggal": _tanggal(berlaku_sampai + dt.timedelta(days=1)),
        }
    return _("Asesmen %(tahun)s berlaku sampai %(tanggal)s") % {
        "tahun": asesmen_terakhir.year if asesmen_terakhir else "",
        "tanggal": _tanggal(berlaku_sampai),
    }


# --- the stored queue -------------------------------------------------------------------------


@dataclass
class AntreanTersimpan:
    tanggal: dt.date
    dibuat_pada: dt.datetime
    total_pegawai: int
    berlaku_sekarang: int
    baris: list[tuple]
    per_kelompok: dict[int, int]
    per_status: dict[str, int]
    kotor: bool  # an input changed after the build; a new build is queued
    usang: bool  # built on an earlier day (the validity dates moved) or under another setting
    _data: dict = field(repr=False, default_factory=dict)

    @property
    def bernomor(self) -> list[tuple[int, tuple]]:
        """(rank, row) of every row: made once per stored queue and process."""
        if "bernomor" not in self._data:
            self._data["bernomor"] = list(enumerate(self.baris, start=1))
        return self._data["bernomor"]


# The last stored queue read in this process, per instansi: (token, data). A page view reads the
# small token from the cache and unpickles the queue (a few MB for 100,000 pegawai) only when a new
# build replaced it. Bounded: the least recently used instansi leaves first.
_LOKAL: OrderedDict[int, tuple[str, dict]] = OrderedDict()
LOKAL_MAKS = 8


def _tersimpan_baca(instansi_id: int, token: str | None) -> dict | None:
    lokal = _LOKAL.get(instansi_id)
    if token is not None and lokal is not None and lokal[0] == token:
        _LOKAL.move_to_end(instansi_id)
        return lokal[1]
    tersimpan = cache.get(ANTREAN_KEY.format(instansi_id=instansi_id))
    if not tersimpan or tersimpan.get("versi") != VERSI:
        _LOKAL.pop(instansi_id, None)
        return None
    _LOKAL[instansi_id] = (tersimpan["token"], tersimpan)
    _LOKAL.move_to_end(instansi_id)
    while len(_LOKAL) > LOKAL_MAKS:
        _LOKAL.popitem(last=False)
    return tersimpan


def antrean_tersimpan_get(*, instansi: Instansi) -> AntreanTersimpan | None:
    """The stored queue of the instansi, or None when no build has stored one yet."""
    kunci_token, kunci_kotor = (
        BUILD_ID_KEY.format(instansi_id=instansi.pk),
        KOTOR_KEY.format(instansi_id=instansi.pk),
    )
    data = cache.get_many([kunci_token, kunci_kotor])
    tersimpan = _tersimpan_baca(instansi.pk, data.get(kunci_token))
    if tersimpan is None:
        return None
    return AntreanTersimpan(
        tanggal=tersimpan["tanggal"],
        dibuat_pada=tersimpan["dibuat_pada"],
        total_pegawai=tersimpan["total_pegawai"],
        berlaku_sekarang=tersimpan["berlaku_sekarang"],
        baris=tersimpan["baris"],
        per_kelompok=tersimpan["per_kelompok"],
        per_status=tersimpan["per_status"],
        kotor=kunci_kotor in data,
        usang=tersimpan["tanggal"] != hari_ini()
        or tersimpan.get("bulan_segera") != settings.PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN,
        _data=tersimpan,
    )


# --- budget -----------------------------------------------------------------------------------


def anggaran_asesmen_get(*, instansi: Instansi, tahun: int) -> AnggaranAsesmen | None:
    return AnggaranAsesmen.objects.filter(instansi=instansi, tahun=tahun).first()


def anggaran_asesmen_list(*, instansi: Instansi):
    return AnggaranAsesmen.objects.filter(instansi=instansi).order_by("-tahun")


def biaya_satuan(anggaran: AnggaranAsesmen) -> Decimal | None:
    biaya = (anggaran.biaya_per_metode or {}).get(anggaran.metode)
    if biaya is None:
        biaya = biaya_bawaan().get(anggaran.metode)
    return Decimal(biaya) if biaya else None


def anggaran_nilai(anggaran: AnggaranAsesmen) -> Anggaran:
    return Anggaran(
        jenis=anggaran.jenis,
        jumlah_slot=anggaran.jumlah_slot,
        jumlah_rupiah=anggaran.jumlah_rupiah,
        biaya_satuan=biaya_satuan(anggaran),
    )


# --- one page of the queue --------------------------------------------------------------------


@dataclass(frozen=True)
class SaringanAntrean:
    perangkat_daerah_id: int | None = None
    kelompok: int | None = None
    status: str = ""
    cakupan: str = ""  # "" | "tercakup" | "di_luar"


@dataclass
class BarisTampil:
    peringkat: int
    pegawai: Pegawai | None
    kelompok: int
    kelompok_label: str
    alasan: str
    status: str
    status_label: str
    status_teks: str
    asesmen_terakhir: dt.date | None
    berlaku_sampai: dt.date | None
    tercakup: bool
    garis_setelah: bool  # the budget line runs right after this row


@dataclass
class RingkasanAntrean:
    tersimpan: AntreanTersimpan | None
    tahun: int
    anggaran: AnggaranAsesmen | None
    garis: GarisAnggaran | None
    cakupan: Cakupan | None
    panjang: int
    per_kelompok: dict[int, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)
    metode_label: str = ""
    biaya_satuan: Decimal | None = None


def antrean_ringkasan(
    *, instansi: Instansi, tahun: int, tersimpan: AntreanTersimpan | None
) -> RingkasanAntrean:
    anggaran = anggaran_asesmen_get(instansi=instansi, tahun=tahun)
    if tersimpan is None:
        return RingkasanAntrean(
            tersimpan=None, tahun=tahun, anggaran=anggaran, garis=None, cakupan=None, panjang=0
        )
    baris = tersimpan.baris
    per_kelompok, per_status = tersimpan.per_kelompok, tersimpan.per_status
    garis = cakupan = None
    if anggaran is not None:
        garis = garis_anggaran(anggaran_nilai(anggaran), panjang_antrean=len(baris))
        cakupan = cakupan_hitung(
            [row[2] for row in baris[: garis.tercakup]],
            total_pegawai=tersimpan.total_pegawai,
            berlaku_sekarang=tersimpan.berlaku_sekarang,
        )
    return RingkasanAntrean(
        tersimpan=tersimpan,
        tahun=tahun,
        anggaran=anggaran,
        garis=garis,
        cakupan=cakupan,
        panjang=len(baris),
        per_kelompok=per_kelompok,
        per_status=per_status,
        metode_label=str(METODE_LABEL.get(anggaran.metode, anggaran.metode)) if anggaran else "",
        biaya_satuan=biaya_satuan(anggaran) if anggaran else None,
    )


def antrean_saring(
    *, tersimpan: AntreanTersimpan, saringan: SaringanAntrean, tercakup: int
) -> list[tuple[int, tuple]]:
    """(rank, stored row) of the rows that pass the filters, in queue order."""
    pd, kel, status, cak = saringan.perangkat_daerah_id, saringan.kelompok, saringan.status, saringan.cakupan
    if not (pd or kel or status or cak):
        return tersimpan.bernomor
    hasil = []
    for nomor, row in enumerate(tersimpan.baris, start=1):
        if pd and row[3] != pd:
            continue
        if kel and row[1] != kel:
            continue
        if status and row[2] != status:
            continue
        if cak == "tercakup" and nomor > tercakup:
            break
        if cak == "di_luar" and nomor <= tercakup:
            continue
        hasil.append((nomor, row))
    return hasil


def antrean_baris_tampil(
    *, instansi: Instansi, baris: list[tuple[int, tuple]], tercakup: int | None
) -> list[BarisTampil]:
    """The rows of one page with their pegawai (one query) and the reasons in words."""
    pegawai = Pegawai.objects.filter(instansi=instansi, pk__in=[row[0] for _n, row in baris]).select_related(
        "unit_kerja"
    )
    per_id = {p.pk: p for p in pegawai}
    hasil = []
    for nomor, (pid, kelompok, status, _pd, terakhir_ord, sampai_ord, alasan) in baris:
        terakhir = dt.date.fromordinal(terakhir_ord) if terakhir_ord else None
        sampai = dt.date.fromordinal(sampai_ord) if sampai_ord else None
        hasil.append(
            BarisTampil(
                peringkat=nomor,
                pegawai=per_id.get(pid),
                kelompok=kelompok,
                kelompok_label=str(KELOMPOK_LABEL[Kelompok(kelompok)]),
                alasan=alasan_teks(kelompok=kelompok, alasan=alasan),
                status=status,
                status_label=str(STATUS_LABEL[status]),
                status_teks=status_teks(status=status, asesmen_terakhir=terakhir, berlaku_sampai=sampai),
                asesmen_terakhir=terakhir,
                berlaku_sampai=sampai,
                tercakup=tercakup is not None and nomor <= tercakup,
                garis_setelah=tercakup is not None and nomor == tercakup,
            )
        )
    return hasil


def perangkat_daerah_list(*, instansi: Instansi):
    return UnitKerja.objects.filter(
        instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH, aktif=True
    ).order_by("nama")
