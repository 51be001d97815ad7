"""Reads of the implementation-stage tracker.

* The instansi's own declarations (history, one declaration for its download): tenant rows,
  filtered by `instansi=` inside the caller's scope.
* BKN's list of every instansi's stage: summary rows only (`RingkasanInstansi.tahap_implementasi
  / skor_kti / tahap_rincian`), through the national scope of `selectors.nasional_scope`; never a
  tenant table.
"""

from __future__ import annotations

import functools
import uuid as uuid_module
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from apps.instansi.models import Wilayah

from .models import DeklarasiTahap, RingkasanInstansi
from .selectors import nasional_scope
from .tahap import BELUM, DEKLARASI, INDIKATOR, INDIKATOR_TAHAP, RINCIAN_VERSI, SISTEM, TAHAP

if TYPE_CHECKING:
    import datetime as dt

    from apps.instansi.models import Instansi


# --- the instansi's own declarations -------------------------------------------------------------


def deklarasi_tahap_list(*, instansi: Instansi) -> QuerySet[DeklarasiTahap]:
    """Every declaration and withdrawal of the instansi, newest first, with who made it."""
    return (
        DeklarasiTahap.objects.filter(instansi=instansi)
        .select_related("dinyatakan_oleh")
        .order_by("-dinyatakan_pada", "-pk")
    )


def deklarasi_tahap_get(*, instansi: Instansi, uuid: str) -> DeklarasiTahap | None:
    """One declaration of the instansi by its uuid; another instansi's answers like a missing one."""
    try:
        key = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    return DeklarasiTahap.objects.filter(instansi=instansi, uuid=key).first()


# --- BKN: every instansi's stage -----------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _teks_sel(bahasa: str | None) -> dict[str, str]:
    """The labels of the list's cells in one language, translated once (not once per cell)."""
    teks = {k: str(INDIKATOR[k].label) for k in INDIKATOR_TAHAP}
    teks.update(terpenuhi=gettext("terpenuhi"), belum=gettext("belum terpenuhi"))
    return teks


@dataclass(frozen=True)
class BarisTahapInstansi:
    """One instansi's stage as its summary row holds it (no personal data)."""

    kode: str
    nama: str
    provinsi_kode: str
    provinsi_nama: str
    periode: int
    tahap: int
    skor_kti: int
    tahap_terpenuhi: tuple[bool, ...]  # stages 1..5
    sumber: dict[str, str]  # indicator -> sistem / deklarasi / belum
    hitung: dict[str, int]  # sistem / deklarasi / belum -> how many indicators
    diperbarui_pada: dt.datetime

    @property
    def sel_tahap(self) -> list[tuple[int, bool, list[tuple[str, Any, str]]]]:
        """Per stage: met or not, and each indicator (code, label, source)."""
        return [
            (nomor, terpenuhi, [(k, INDIKATOR[k].label, self.sumber[k]) for k in kode])
            for (nomor, _nama, kode), terpenuhi in zip(TAHAP, self.tahap_terpenuhi, strict=True)
        ]

    @property
    def sel_tahap_html(self) -> list[str]:
        """The five stage cells' contents, built here rather than by nested template loops: at 546
        instansi the loops took most of the page's time (about a second)."""
        huruf = {SISTEM: "S", DEKLARASI: "D", BELUM: "–"}
        teks = _teks_sel(get_language())
        kata = {True: teks["terpenuhi"], False: teks["belum"]}
        sel = []
        for _nomor, terpenuhi, indikator in self.sel_tahap:
            lencana = format_html_join(
                "",
                '<span class="sumber sumber--{}" title="{}"><span class="visually-hidden">{}: </span>{}</span>',
                ((sumber, teks[k], teks[k], huruf[sumber]) for k, _label, sumber in indikator),
            )
            sel.append(
                format_html(
                    '<span class="visually-hidden">{}</span>{} {}',
                    kata[terpenuhi],
                    "✓" if terpenuhi else "✗",
                    lencana,
                )
            )
        return sel


@dataclass(frozen=True)
class DaftarTahap:
    periode: int | None
    baris: list[BarisTahapInstansi]
    sebaran_tahap: dict[int, int]  # stage 0..5 -> instansi (after the province filter)
    sebaran_kti: dict[int, int]  # score 0..4 -> instansi (after the province filter)
    diperbarui_min: dt.datetime | None
    diperbarui_max: dt.datetime | None


def _sumber_kolom() -> dict:
    """The parts of `tahap_rincian` the list shows, extracted by PostgreSQL (one text column per
    indicator's source and per stage's flag): decoding every row's whole JSON in Python took most
    of the page's time at 546 instansi."""
    kolom = {"r_versi": KeyTextTransform("versi", "tahap_rincian")}
    for k in INDIKATOR_TAHAP:
        kolom[f"s_{k}"] = KeyTextTransform(
            "sumber", KeyTransform(k, KeyTransform("indikator", "tahap_rincian"))
        )
    for indeks, (nomor, _nama, _kode) in enumerate(TAHAP):
        kolom[f"t_{nomor}"] = KeyTextTransform(
            "terpenuhi", KeyTransform(str(indeks), KeyTransform("tahap", "tahap_rincian"))
        )
    return kolom


def _baris(row: dict) -> BarisTahapInstansi:
    terbaca = row["r_versi"] == str(RINCIAN_VERSI)
    sumber = {k: (row[f"s_{k}"] if terbaca else None) or BELUM for k in INDIKATOR_TAHAP}
    hitung = {SISTEM: 0, DEKLARASI: 0, BELUM: 0}
    if terbaca:
        for nilai in sumber.values():
            hitung[nilai] = hitung.get(nilai, 0) + 1
    return BarisTahapInstansi(
        kode=row["instansi__kode"],
        nama=row["instansi__nama"],
        provinsi_kode=row["instansi__provinsi__kode"],
        provinsi_nama=row["instansi__provinsi__nama"],
        periode=row["periode"],
        tahap=row["tahap_implementasi"],
        skor_kti=row["skor_kti"],
        tahap_terpenuhi=tuple(terbaca and row[f"t_{nomor}"] == "true" for nomor, _nama, _k in TAHAP),
        sumber=sumber,
        hitung=hitung,
        diperbarui_pada=row["diperbarui_pada"],
    )


def tahap_daftar(
    *, periode: int | None = None, provinsi: str | None = None, tahap: int | None = None
) -> DaftarTahap:
    """Every active instansi's stage for one period (default: the latest with rows), optionally of
    one province (Kemendagri code) and one stage. At most four queries whatever the number of
    instansi."""
    with nasional_scope():
        semua = RingkasanInstansi.objects.filter(instansi__aktif=True)
        if periode is None:
            periode = semua.aggregate(p=Max("periode"))["p"]
        rows = semua.filter(periode=periode)
        if provinsi:
            rows = rows.filter(instansi__provinsi__kode=provinsi)
        sebaran_tahap = dict(rows.order_by().values_list("tahap_implementasi").annotate(n=Count("pk")))
        sebaran_kti = dict(rows.order_by().values_list("skor_kti").annotate(n=Count("pk")))
        if tahap is not None:
            rows = rows.filter(tahap_implementasi=tahap)
        baris = [
            _baris(row)
            for row in rows.order_by("instansi__provinsi__kode", "instansi__kode").values(
                "instansi__kode",
                "instansi__nama",
                "instansi__provinsi__kode",
                "instansi__provinsi__nama",
                "periode",
                "tahap_implementasi",
                "skor_kti",
                "diperbarui_pada",
                **_sumber_kolom(),
            )
        ]
    return DaftarTahap(
        periode=periode,
        baris=baris,
        sebaran_tahap={n: sebaran_tahap.get(n, 0) for n in range(0, 6)},
        sebaran_kti={n: sebaran_kti.get(n, 0) for n in range(0, 5)},
        diperbarui_min=min((b.diperbarui_pada for b in baris), default=None),
        diperbarui_max=max((b.diperbarui_pada for b in baris), default=None),
    )


def tahap_periode_list() -> list[int]:
    """The periods that have summary rows, newest first."""
    with nasional_scope():
        return sorted(
            RingkasanInstansi.objects.filter(instansi__aktif=True)
            .order_by()
            .values_list("periode", flat=True)
            .distinct(),
            reverse=True,
        )


def provinsi_list() -> list[Wilayah]:
    return list(Wilayah.objects.filter(jenis=Wilayah.Jenis.PROVINSI).order_by("kode"))
