"""The what-if ("simulasi") of one pegawai: the placement that would follow if some inputs were
different, next to the placement of the inputs as they are, both under the rule set in force.

A pure engine call on the request, nothing stored: the inputs are loaded exactly as a recompute
would load them now (inputs.penempatan_inputs_load, the current period's reference date), the
hypothetical changes are applied to a copy, and both are computed with engine.penempatan_compute
and explained with selectors_profil.penempatan_hasil_jelaskan. The rule set is the active version,
read and never created (without one, the national preset that the first recompute would copy). No
placement, history row, dirty mark or audit event is written: a simulation is a read of the same
data the talent page shows, and pages never write on a GET.

Queries: the active version, the ten of the input loader, the asesmen validity setting and the
stored placement (to say whether it is up to date): thirteen, whatever the history length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.asesmen.services import berlaku_sampai_default, masa_berlaku_tahun
from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai

from .aturan.pratinjau import pratinjau_dasar
from .engine import (
    AsesmenInput,
    Aturan,
    PenempatanInputs,
    PenempatanResult,
    penempatan_compute,
)
from .inputs import penempatan_inputs_load
from .labels import LEVEL_LABEL, jenjang_label
from .models import AturanTalenta, Penempatan
from .periode import periode_sekarang, tanggal_acuan_periode
from .selectors_profil import STATUS_LABEL, PenjelasanHasil, angka, penempatan_hasil_jelaskan
from .services_aturan import JENIS_TALENTA

# The bounds of what may be simulated (the form and the API say them in their messages).
JPM_MAKS = Decimal(200)
POTENSI_MAKS = Decimal(100)
JP_MAKS = 2000


@dataclass(frozen=True)
class Perubahan:
    """Hypothetical inputs; a field left at its default keeps the pegawai's own value."""

    asesmen: tuple[Decimal, Decimal] | None = None  # (jpm, nilai_potensi) of a new asesmen
    skp: tuple[tuple[int, str | None], ...] = ()  # (year in the window, predikat or None: no SKP)
    jp_pengembangan: int | None = None  # training hours (JP) inside the window
    jenjang_pendidikan: str | None = None  # the highest education level
    pendidikan_sesuai: bool | None = None  # field of study judged fitting the current jabatan

    @property
    def kosong(self) -> bool:
        return self == Perubahan()


@dataclass(frozen=True)
class DasarSimulasi:
    """What a simulation starts from: the pegawai's inputs now and the rules in force."""

    pegawai: Pegawai
    periode: int
    tanggal_acuan: dt.date
    aturan_obj: AturanTalenta | None  # None: no active version yet, the national preset applies
    konfigurasi: dict[str, Any]
    aturan: Aturan
    inputs: PenempatanInputs
    masa_berlaku_asesmen: int  # years a new asesmen stays valid (the instansi's setting)
    tersimpan: Penempatan | None  # the stored placement of the period

    @property
    def jendela_skp(self) -> list[int]:
        """The years whose annual SKP count, most recent first (engine._skp_dalam_jendela)."""
        akhir = self.tanggal_acuan.year - 1
        return list(range(akhir, akhir - self.aturan.jendela_tahun, -1))

    @property
    def jp_sejak(self) -> dt.date:
        """Training finished from this day to the reference date counts (inputs.py's window)."""
        return dt.date(self.tanggal_acuan.year - self.aturan.jendela_tahun, 1, 1)

    @property
    def skp_sekarang(self) -> dict[int, str]:
        return {t: p for t, p in self.inputs.skp_tahunan if t in self.jendela_skp}

    @property
    def predikat_pilihan(self) -> list[str]:
        """The predikat the engine knows, best first."""
        return [p for p, _v in sorted(self.aturan.predikat_skor.items(), key=lambda item: -item[1])]

    @property
    def asesmen_berlaku(self) -> bool:
        a = self.inputs.asesmen
        return a is not None and a.berlaku_sampai >= self.tanggal_acuan

    @property
    def aturan_nama(self) -> str:
        if self.aturan_obj is None:
            return str(JENIS_TALENTA.preset_label[JENIS_TALENTA.preset_awal])
        return self.aturan_obj.nama

    @property
    def aturan_versi(self) -> int | None:
        return self.aturan_obj.versi if self.aturan_obj is not None else None


@dataclass(frozen=True)
class BarisBanding:
    """One line of the side-by-side table: a figure now and in the simulation."""

    label: str
    saat_ini: str
    simulasi: str

    @property
    def berubah(self) -> bool:
        return self.saat_ini != self.simulasi


@dataclass(frozen=True)
class KomponenBanding:
    kode: str
    sumbu: str
    label: str
    bobot: int
    nilai_saat_ini: Decimal | None
    nilai_simulasi: Decimal | None
    kontribusi_saat_ini: Decimal
    kontribusi_simulasi: Decimal

    @property
    def berubah(self) -> bool:
        return (self.nilai_saat_ini, self.kontribusi_saat_ini) != (
            self.nilai_simulasi,
            self.kontribusi_simulasi,
        )


@dataclass(frozen=True)
class HasilSimulasi:
    dasar: DasarSimulasi
    perubahan: Perubahan
    inputs: PenempatanInputs  # the hypothetical inputs
    saat_ini: PenempatanResult  # the engine's answer for the inputs as they are
    simulasi: PenempatanResult  # ... and for the hypothetical ones
    penjelasan_saat_ini: PenjelasanHasil
    penjelasan: PenjelasanHasil  # the simulated result explained
    perubahan_teks: list[str] = field(default_factory=list)
    banding: list[BarisBanding] = field(default_factory=list)
    komponen: list[KomponenBanding] = field(default_factory=list)

    @property
    def tersimpan_status(self) -> str:
        """How the stored placement relates to "saat ini": sama (identical), kotor (a recompute is
        pending), beda (computed from other data or rules), belum (never computed)."""
        row = self.dasar.tersimpan
        if row is None or row.kotak is None or not row.status:
            return "belum"
        if row.dirty_since is not None:
            return "kotor"
        aktif_pk = self.dasar.aturan_obj.pk if self.dasar.aturan_obj is not None else None
        if row.inputs_hash != self.saat_ini.inputs_hash or row.aturan_id != aktif_pk:
            return "beda"
        return "sama"


# --- reads ----------------------------------------------------------------------------------------


def simulasi_dasar_get(*, instansi: Instansi, pegawai: Pegawai) -> DasarSimulasi:
    """The pegawai's inputs as the engine would load them for the current period now, under the
    active rule set (read only: without one, the preset a first recompute would copy)."""
    aturan_obj, konfigurasi = pratinjau_dasar(jenis=JENIS_TALENTA, instansi=instansi)
    aturan = Aturan.from_config(konfigurasi)
    periode = periode_sekarang()
    tanggal_acuan = tanggal_acuan_periode(periode=periode)
    inputs = penempatan_inputs_load(
        instansi=instansi, pegawai_ids=[pegawai.pk], tanggal_acuan=tanggal_acuan, aturan=aturan
    )[pegawai.pk]
    return DasarSimulasi(
        pegawai=pegawai,
        periode=periode,
        tanggal_acuan=tanggal_acuan,
        aturan_obj=aturan_obj,
        konfigurasi=konfigurasi,
        aturan=aturan,
        inputs=inputs,
        masa_berlaku_asesmen=masa_berlaku_tahun(instansi=instansi),
        tersimpan=Penempatan.objects.filter(instansi=instansi, pegawai=pegawai, periode=periode).first(),
    )


def simulasi_inputs(*, dasar: DasarSimulasi, perubahan: Perubahan) -> PenempatanInputs:
    """The pegawai's inputs with the hypothetical changes applied. A new asesmen is dated the
    reference date and valid for the instansi's validity period, as if recorded today."""
    inputs = dasar.inputs
    changes: dict[str, Any] = {}
    if perubahan.asesmen is not None:
        jpm, potensi = perubahan.asesmen
        tanggal = dasar.tanggal_acuan
        changes["asesmen"] = AsesmenInput(
            tanggal=tanggal,
            berlaku_sampai=berlaku_sampai_default(tanggal, dasar.masa_berlaku_asesmen),
            nilai_potensi=potensi,
            jpm=jpm,
        )
    if perubahan.skp:
        tahun_diubah = {t for t, _p in perubahan.skp}
        skp = [(t, p) for t, p in inputs.skp_tahunan if t not in tahun_diubah]
        skp += [(t, p) for t, p in perubahan.skp if p]
        changes["skp_tahunan"] = tuple(sorted(skp))
    if perubahan.jp_pengembangan is not None:
        changes["jp_pengembangan"] = perubahan.jp_pengembangan
    if perubahan.jenjang_pendidikan is not None:
        changes["jenjang_pendidikan"] = perubahan.jenjang_pendidikan
    if perubahan.pendidikan_sesuai is not None:
        changes["pendidikan_sesuai"] = perubahan.pendidikan_sesuai
    return replace(inputs, **changes) if changes else inputs


def simulasi_hitung(*, dasar: DasarSimulasi, perubahan: Perubahan) -> HasilSimulasi:
    """Both placements (inputs as they are, and changed), explained, side by side."""
    inputs = simulasi_inputs(dasar=dasar, perubahan=perubahan)
    aturan, konfigurasi = dasar.aturan, dasar.konfigurasi
    saat_ini = penempatan_compute(inputs=dasar.inputs, aturan=aturan, konfigurasi=konfigurasi)
    simulasi = (
        saat_ini
        if inputs is dasar.inputs
        else penempatan_compute(inputs=inputs, aturan=aturan, konfigurasi=konfigurasi)
    )
    penjelasan_saat_ini = penempatan_hasil_jelaskan(penempatan=saat_ini, inputs=dasar.inputs, aturan=aturan)
    penjelasan = penempatan_hasil_jelaskan(penempatan=simulasi, inputs=inputs, aturan=aturan)
    return HasilSimulasi(
        dasar=dasar,
        perubahan=perubahan,
        inputs=inputs,
        saat_ini=saat_ini,
        simulasi=simulasi,
        penjelasan_saat_ini=penjelasan_saat_ini,
        penjelasan=penjelasan,
        perubahan_teks=perubahan_teks(dasar=dasar, perubahan=perubahan),
        banding=_banding(penjelasan_saat_ini, penjelasan, saat_ini, simulasi),
        komponen=_komponen(saat_ini, simulasi, penjelasan),
    )


# --- words ----------------------------------------------------------------------------------------


def _tanggal(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _sesuai_teks(value: bool | None) -> str:
    if value is None:
        return _("belum dinilai")
    return _("sesuai") if value else _("tidak sesuai")


def perubahan_teks(*, dasar: DasarSimulasi, perubahan: Perubahan) -> list[str]:
    """The simulated changes in words, each with the value it replaces."""
    teks: list[str] = []
    inputs = dasar.inputs
    if perubahan.asesmen is not None:
        jpm, potensi = perubahan.asesmen
        teks.append(
            _("Asesmen baru tanggal %(tanggal)s: JPM %(jpm)s, nilai potensi %(potensi)s")
            % {
                "tanggal": _tanggal(dasar.tanggal_acuan),
                "jpm": angka(jpm),
                "potensi": angka(potensi),
            }
        )
    sekarang = dasar.skp_sekarang
    for tahun, predikat in perubahan.skp:
        teks.append(
            _("SKP tahunan %(tahun)s: %(baru)s (sekarang: %(lama)s)")
            % {
                "tahun": tahun,
                "baru": predikat or _("tidak ada"),
                "lama": sekarang.get(tahun) or _("tidak ada"),
            }
        )
    if perubahan.jp_pengembangan is not None:
        teks.append(
            _("Diklat sejak %(sejak)s: %(baru)s JP (sekarang: %(lama)s JP)")
            % {
                "sejak": _tanggal(dasar.jp_sejak),
                "baru": perubahan.jp_pengembangan,
                "lama": inputs.jp_pengembangan,
            }
        )
    if perubahan.jenjang_pendidikan is not None:
        teks.append(
            _("Pendidikan tertinggi: %(baru)s (sekarang: %(lama)s)")
            % {
                "baru": jenjang_label(perubahan.jenjang_pendidikan),
                "lama": jenjang_label(inputs.jenjang_pendidikan)
                if inputs.jenjang_pendidikan
                else _("belum ada"),
            }
        )
    if perubahan.pendidikan_sesuai is not None:
        teks.append(
            _("Kesesuaian bidang pendidikan: %(baru)s (sekarang: %(lama)s)")
            % {
                "baru": _sesuai_teks(perubahan.pendidikan_sesuai),
                "lama": _sesuai_teks(inputs.pendidikan_sesuai),
            }
        )
    return teks


def _skor_teks(skor: Decimal | None, level: str) -> str:
    label = str(LEVEL_LABEL.get(level, level))
    return f"{angka(skor)} · {label}" if skor is not None else label


def _banding(
    lama: PenjelasanHasil, baru: PenjelasanHasil, a: PenempatanResult, b: PenempatanResult
) -> list[BarisBanding]:
    def pool(p: PenempatanResult) -> str:
        return _("masuk") if p.talent_pool else _("tidak masuk")

    return [
        BarisBanding(_("Kotak"), f"{lama.kotak} · {lama.label_kotak}", f"{baru.kotak} · {baru.label_kotak}"),
        BarisBanding(
            _("Potensial"),
            _skor_teks(a.skor_potensial, a.level_potensial),
            _skor_teks(b.skor_potensial, b.level_potensial),
        ),
        BarisBanding(
            _("Kinerja"),
            _skor_teks(a.skor_kinerja, a.level_kinerja),
            _skor_teks(b.skor_kinerja, b.level_kinerja),
        ),
        BarisBanding(
            _("Status"), str(STATUS_LABEL.get(a.status, a.status)), str(STATUS_LABEL.get(b.status, b.status))
        ),
        BarisBanding(_("Talent pool (Kelompok Rencana Suksesi)"), pool(a), pool(b)),
        BarisBanding(
            _("Data wajib yang belum ada"), str(len(lama.kekurangan_wajib)), str(len(baru.kekurangan_wajib))
        ),
    ]


def _komponen(a: PenempatanResult, b: PenempatanResult, penjelasan: PenjelasanHasil) -> list[KomponenBanding]:
    """Each component's value and contribution now and simulated (the weighted model; the
    categorical one reads its levels straight from the data and has nothing to add up)."""
    if penjelasan.model == "kategoris":
        return []
    lama = {k.kode: k for k in a.komponen}
    label = {k.kode: k.label for k in penjelasan.komponen}
    return [
        KomponenBanding(
            kode=k.kode,
            sumbu=k.sumbu,
            label=label.get(k.kode, k.kode),
            bobot=k.bobot,
            nilai_saat_ini=lama[k.kode].nilai if k.kode in lama else None,
            nilai_simulasi=k.nilai,
            kontribusi_saat_ini=lama[k.kode].kontribusi if k.kode in lama else Decimal(0),
            kontribusi_simulasi=k.kontribusi,
        )
        for k in b.komponen
    ]
