"""The tables of BKN's pages, built once for the page and for its CSV/XLSX export, so what a file
holds is exactly what the page shows (small cells included: a "< 5" stays "< 5" in the file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.roles import Role
from apps.pegawai.referensi import JenisJabatan, JenisKelamin, StatusKepegawaian
from apps.petatalenta.engine import KOTAK_PERMENPANRB
from apps.petatalenta.labels import REKOMENDASI_SINGKAT

from .kelompok import DIMENSI, PENDIDIKAN, USIA, label_kelompok, sel_kecil
from .models import KOTAK_KEYS
from .selectors import (
    KELENGKAPAN_KEYS,
    InstansiRekap,
    ProvinsiRekap,
    Rekap,
    TrenPeriode,
    persen,
)


@dataclass
class Sel:
    """One cell: the value shown and exported, an optional link, and the key the sortable table
    sorts by (a "< 5" sorts between 0 and 5 without telling the real count)."""

    nilai: Any
    tautan: str = ""
    urut: Any = None

    @property
    def kunci_urut(self) -> Any:
        if self.urut is not None:
            return self.urut
        if isinstance(self.nilai, int | float | Decimal):
            return self.nilai
        return ""


@dataclass
class Tabel:
    kunci: str
    judul: str
    kolom: Sequence[str]
    baris: list[list[Sel]] = field(default_factory=list)
    # Indexes of the columns holding numbers (right-aligned, sorted numerically).
    angka: frozenset[int] = frozenset()
    catatan: str = ""

    def tambah(self, *nilai: Any) -> None:
        self.baris.append([v if isinstance(v, Sel) else Sel(v) for v in nilai])

    @property
    def kolom_info(self) -> list[tuple[str, bool]]:
        return [(label, i in self.angka) for i, label in enumerate(self.kolom)]

    def baris_ekspor(self) -> list[list[Any]]:
        return [[sel.nilai for sel in baris] for baris in self.baris]


def _kecil(n: int | None) -> Sel:
    """A breakdown cell under the small-cell rule."""
    nilai = sel_kecil(n)
    if isinstance(nilai, str):
        return Sel(nilai, urut=settings.NASIONAL_SEL_KECIL - 0.5)
    return Sel(nilai)


def _angka(kolom: Sequence[str], mulai: int) -> frozenset[int]:
    return frozenset(range(mulai, len(kolom)))


# --- figures of any level ---------------------------------------------------------------------------


def tabel_ringkasan(rekap: Rekap, *, satu_instansi: bool = False, baris: dict | None = None) -> Tabel:
    """Every scalar figure as label / value rows."""
    t = Tabel("ringkasan", _("Angka utama"), [_("Angka"), _("Nilai")], angka=frozenset({1}))
    if not satu_instansi:
        t.tambah(_("Instansi dengan ringkasan"), rekap.jumlah_instansi)
    t.tambah(_("Pengguna terdaftar"), rekap.jumlah_pengguna)
    t.tambah(_("Perangkat daerah aktif"), rekap.jumlah_perangkat_daerah)
    t.tambah(_("Unit kerja aktif"), rekap.jumlah_unit_kerja)
    t.tambah(_("Pegawai aktif"), rekap.jumlah_pegawai)
    t.tambah(_("Penempatan final"), rekap.jumlah_final)
    t.tambah(_("Penempatan final (% pegawai aktif)"), rekap.persen_final)
    t.tambah(_("Perlu data"), rekap.jumlah_perlu_data)
    t.tambah(_("Belum dihitung"), rekap.jumlah_belum_dihitung)
    t.tambah(_("Anggota KRS Instansi (talent pool)"), rekap.jumlah_krs)
    t.tambah(_("Anggota KRS Nasional"), rekap.jumlah_krs_nasional)
    if satu_instansi:
        tanggal = baris["penetapan_tanggal"] if baris else None
        t.tambah(_("Tanggal penetapan PPK"), tanggal.isoformat() if tanggal else "—")
    else:
        t.tambah(_("Instansi dengan penetapan PPK"), rekap.instansi_ditetapkan)
    t.tambah(_("Pegawai dengan kotak ditetapkan PPK"), rekap.jumlah_ditetapkan)
    t.tambah(_("Rata-rata kelengkapan data (%)"), rekap.kelengkapan_rata)
    t.tambah(_("Jabatan kunci aktif"), rekap.jabatan_kunci)
    t.tambah(_("Jabatan kunci berisiko"), rekap.jabatan_kunci_berisiko)
    t.tambah(_("Jabatan kunci dengan suksesor siap"), rekap.jabatan_kunci_siap)
    t.tambah(_("Rata-rata kekuatan bench (suksesor siap per jabatan)"), rekap.kekuatan_bench_rata)
    t.tambah(_("Pegawai dengan IDP"), rekap.idp_jumlah if rekap.idp_jumlah is not None else "—")
    if satu_instansi and baris:
        t.tambah(_("Tahap implementasi (0–5)"), baris["tahap_implementasi"])
        t.tambah(_("Skor KTI (0–4)"), baris["skor_kti"])
    return t


def kotak_sel(rekap: Rekap) -> list[dict[str, Any]]:
    """The nine boxes with counts and shares, for the grid and the bar chart (PermenPANRB 3/2020
    numbering: every instansi's summary keys its boxes 1..9 this way)."""
    kotak, tetap = rekap.kotak, rekap.kotak_tetap
    total, total_tetap = sum(kotak.values()), sum(tetap.values())
    posisi = {n: (ki, pi) for (ki, pi), n in KOTAK_PERMENPANRB.items()}
    return [
        {
            "nomor": int(k),
            "label": str(REKOMENDASI_SINGKAT[int(k)]),
            "jumlah": kotak[k],
            "persen": persen(kotak[k], total),
            "ditetapkan": tetap[k],
            "persen_ditetapkan": persen(tetap[k], total_tetap),
            "posisi": posisi[int(k)],
        }
        for k in KOTAK_KEYS
    ]


_KINERJA = ("di_atas", "sesuai", "di_bawah")  # rows top to bottom
_POTENSIAL = ("rendah", "menengah", "tinggi")  # columns left to right


def kotak_grid(rekap: Rekap) -> list[list[dict[str, Any]]]:
    """The 3×3 grid: rows kinerja high → low, columns potensial low → high."""
    sel = {s["nomor"]: s for s in kotak_sel(rekap)}
    return [[sel[KOTAK_PERMENPANRB[(k, p)]] for p in _POTENSIAL] for k in _KINERJA]


def tabel_kotak(rekap: Rekap) -> Tabel:
    kolom = [
        _("Kotak"),
        _("Keterangan"),
        _("Dihitung"),
        _("Dihitung (%)"),
        _("Ditetapkan PPK"),
        _("Ditetapkan (%)"),
    ]
    t = Tabel("kotak", _("Sebaran sembilan kotak"), kolom, angka=frozenset({0, 2, 3, 4, 5}))
    for s in reversed(kotak_sel(rekap)):
        t.tambah(s["nomor"], s["label"], s["jumlah"], s["persen"], s["ditetapkan"], s["persen_ditetapkan"])
    return t


def tabel_pegawai(rekap: Rekap) -> Tabel:
    t = Tabel(
        "pegawai",
        _("Pegawai aktif"),
        [_("Rincian"), _("Kelompok"), _("Pegawai"), _("%")],
        angka=frozenset({2, 3}),
    )
    total = rekap.jumlah_pegawai
    status = rekap.pegawai_per_status
    for kode, label in StatusKepegawaian.choices:
        t.tambah(_("Status kepegawaian"), str(label), status.get(kode, 0), persen(status.get(kode, 0), total))
    jenis = rekap.pegawai_per_jenis_jabatan
    for kode, label in JenisJabatan.choices:
        t.tambah(_("Jenis jabatan"), str(label), jenis.get(kode, 0), persen(jenis.get(kode, 0), total))
    return t


def tabel_cakupan(rekap: Rekap) -> Tabel:
    kolom = [_("Data"), _("Berlaku"), _("Kedaluwarsa"), _("Tidak ada"), _("% berlaku")]
    t = Tabel("cakupan", _("Cakupan asesmen dan SKP"), kolom, angka=_angka(kolom, 1))
    t.tambah(
        _("Asesmen"),
        rekap.asesmen_valid,
        rekap.asesmen_kedaluwarsa,
        rekap.asesmen_tidak_ada,
        rekap.persen_asesmen,
    )
    t.tambah(_("SKP tahunan"), rekap.skp_valid, rekap.skp_kedaluwarsa, rekap.skp_tidak_ada, rekap.persen_skp)
    t.catatan = _(
        "Asesmen berlaku: hasil yang masih berlaku; SKP berlaku: SKP tahunan tahun lalu ada; "
        "kedaluwarsa: hanya yang lebih lama."
    )
    return t


def tabel_kelengkapan(rekap: Rekap) -> Tabel:
    t = Tabel(
        "kelengkapan",
        _("Kelengkapan data pegawai"),
        [_("Kelengkapan"), _("Pegawai"), _("%")],
        angka=frozenset({1, 2}),
    )
    sebaran = rekap.kelengkapan_sebaran
    total = sum(sebaran.get(k, 0) for k in KELENGKAPAN_KEYS)
    for k in KELENGKAPAN_KEYS:
        t.tambah(f"{k}%", sebaran.get(k, 0), persen(sebaran.get(k, 0), total))
    return t


def tabel_pengguna(rekap: Rekap) -> Tabel:
    t = Tabel("pengguna", _("Pengguna per peran"), [_("Peran"), _("Pengguna")], angka=frozenset({1}))
    per_peran = rekap.pengguna_per_peran
    for role in Role:
        if role in (Role.BKN, Role.OPERATOR):
            continue
        t.tambah(str(role.label), per_peran.get(role.value, 0))
    return t


def tabel_tahap(rekap: Rekap) -> Tabel:
    t = Tabel(
        "tahap",
        _("Tahap implementasi dan skor KTI"),
        [_("Ukuran"), _("Nilai"), _("Instansi")],
        angka=frozenset({1, 2}),
    )
    for tahap in range(6):
        t.tambah(_("Tahap implementasi"), tahap, rekap.tahap_sebaran.get(tahap, 0))
    for skor in range(5):
        t.tambah(_("Skor KTI"), skor, rekap.skor_kti_sebaran.get(skor, 0))
    return t


def kelompok_sel_kecil(kelompok: dict[str, Any]) -> dict[str, Any]:
    """The `kelompok` JSON with every count (n, pool, boxes) under the small-cell rule: the API's
    shape of the same cells the page shows."""
    return {
        dimensi: {
            kode: {
                "n": sel_kecil(isi.get("n", 0)),
                "pool": sel_kecil(isi.get("pool", 0)),
                "kotak": {k: sel_kecil(n) for k, n in (isi.get("kotak") or {}).items()},
            }
            for kode, isi in grup.items()
        }
        for dimensi, grup in kelompok.items()
    }


def _urut_kelompok(dimensi: str, kelompok: dict[str, Any]) -> list[tuple[str, Any]]:
    """Groups in their natural order (age bands young → old, education low → high), not A–Z."""
    urutan = {
        "jenis_kelamin": [k for k, _l in JenisKelamin.choices],
        "usia": list(USIA),
        "pendidikan": list(PENDIDIKAN),
        "jenis_jabatan": [k for k, _l in JenisJabatan.choices],
    }.get(dimensi, [])
    posisi = {kode: i for i, kode in enumerate(urutan)}
    return sorted(kelompok.items(), key=lambda item: (posisi.get(item[0], len(posisi)), item[0]))


def tabel_kelompok(rekap: Rekap) -> Tabel:
    """Per group: pegawai with a final placement, talent pool and the nine boxes, under the
    small-cell rule. The pool rate is shown only when neither the group nor its pool is a small cell."""
    kolom = [_("Dimensi"), _("Kelompok"), _("Pegawai (final)"), _("KRS"), _("% KRS")]
    kolom += [_("Kotak %(n)s") % {"n": k} for k in KOTAK_KEYS]
    t = Tabel("kelompok", _("Rincian per kelompok"), kolom, angka=_angka(kolom, 2))
    batas = settings.NASIONAL_SEL_KECIL
    for dimensi, judul in DIMENSI.items():
        for kode, isi in _urut_kelompok(dimensi, rekap.kelompok.get(dimensi, {})):
            n, pool = isi.get("n", 0), isi.get("pool", 0)
            t.tambah(
                str(judul),
                label_kelompok(dimensi, kode),
                _kecil(n),
                _kecil(pool),
                # No rate where the group or its pool count is a small cell: n × rate would give it back.
                persen(pool, n) if n >= batas and not 0 < pool < batas else "—",
                *[_kecil(isi.get("kotak", {}).get(k, 0)) for k in KOTAK_KEYS],
            )
    t.catatan = _("Angka rincian di bawah %(n)s ditampilkan sebagai “< %(n)s”.") % {"n": batas}
    return t


# --- the list of the level below ---------------------------------------------------------------------

_KOLOM_WILAYAH = (
    gettext_lazy("Pegawai aktif"),
    gettext_lazy("Final"),
    gettext_lazy("% final"),
    gettext_lazy("Perlu data"),
    gettext_lazy("KRS"),
    gettext_lazy("KRS Nasional"),
    gettext_lazy("% asesmen berlaku"),
    gettext_lazy("% SKP berlaku"),
    gettext_lazy("Jabatan kunci"),
    gettext_lazy("Berisiko"),
    gettext_lazy("Kelengkapan rata-rata (%)"),
)


def _angka_wilayah(rekap: Rekap) -> list[Any]:
    return [
        rekap.jumlah_pegawai,
        rekap.jumlah_final,
        rekap.persen_final,
        rekap.jumlah_perlu_data,
        rekap.jumlah_krs,
        rekap.jumlah_krs_nasional,
        rekap.persen_asesmen,
        rekap.persen_skp,
        rekap.jabatan_kunci,
        rekap.jabatan_kunci_berisiko,
        rekap.kelengkapan_rata,
    ]


def tabel_provinsi(baris: list[ProvinsiRekap], *, periode: int) -> Tabel:
    kolom = [
        _("Kode"),
        _("Provinsi"),
        _("Daerah otonom"),
        _("Instansi terdaftar"),
        _("Instansi dengan ringkasan"),
    ]
    kolom += [str(k) for k in _KOLOM_WILAYAH]
    t = Tabel("provinsi", _("Per provinsi"), kolom, angka=_angka(kolom, 2))
    for p in baris:
        tautan = reverse("nasional:provinsi", args=[p.provinsi.kode]) + f"?periode={periode}"
        t.tambah(
            p.provinsi.kode,
            Sel(p.provinsi.nama, tautan=tautan),
            p.jumlah_daerah_otonom,
            p.jumlah_instansi,
            p.rekap.jumlah_instansi,
            *_angka_wilayah(p.rekap),
        )
    return t


def tabel_instansi(baris: list[InstansiRekap], *, periode: int) -> Tabel:
    kolom = [_("Kode"), _("Instansi")] + [str(k) for k in _KOLOM_WILAYAH]
    kolom += [_("Tahap"), _("Skor KTI"), _("Diperbarui")]
    t = Tabel("instansi", _("Per instansi"), kolom, angka=frozenset(range(2, len(kolom) - 1)))
    for i in baris:
        tautan = reverse("nasional:instansi", args=[i.instansi.kode]) + f"?periode={periode}"
        if i.rekap is None:
            kosong = ["—"] * len(_KOLOM_WILAYAH)
            t.tambah(
                i.instansi.kode,
                Sel(i.instansi.nama, tautan=tautan),
                *kosong,
                "—",
                "—",
                _("belum ada ringkasan"),
            )
            continue
        t.tambah(
            i.instansi.kode,
            Sel(i.instansi.nama, tautan=tautan),
            *_angka_wilayah(i.rekap),
            i.baris["tahap_implementasi"],
            i.baris["skor_kti"],
            i.baris["diperbarui_pada"],
        )
    return t


def tabel_tren(tren: list[TrenPeriode]) -> Tabel:
    kolom = [
        _("Periode"),
        _("Instansi"),
        _("Pegawai aktif"),
        _("Final"),
        _("% final"),
        _("Perlu data"),
        _("KRS"),
    ]
    kolom += [_("KRS Nasional"), _("Asesmen berlaku"), _("SKP berlaku"), _("Jabatan kunci"), _("Berisiko")]
    kolom += [_("Kotak %(n)s") % {"n": k} for k in KOTAK_KEYS]
    t = Tabel("tren", _("Tren antarperiode"), kolom, angka=_angka(kolom, 0))
    for p in tren:
        t.tambah(
            Sel(str(p.periode), urut=p.periode),
            p.jumlah_instansi,
            p.jumlah_pegawai,
            p.jumlah_final,
            p.persen_final,
            p.jumlah_perlu_data,
            p.jumlah_krs,
            p.jumlah_krs_nasional,
            p.asesmen_valid,
            p.skp_valid,
            p.jabatan_kunci,
            p.jabatan_kunci_berisiko,
            *[p.kotak[k] for k in KOTAK_KEYS],
        )
    return t


def tren_dari_riwayat(riwayat: list[tuple[int, Rekap]]) -> list[TrenPeriode]:
    """An instansi's own rows as trend points (the same shape as the national GROUP BY)."""
    from .selectors import TREN_FIELDS

    return [
        TrenPeriode(
            periode=periode,
            jumlah_instansi=rekap.jumlah_instansi,
            jumlah={name: rekap.jumlah[name] for name in TREN_FIELDS},
            kotak=rekap.kotak,
        )
        for periode, rekap in riwayat
    ]


def tren_grafik(tren: list[TrenPeriode]) -> dict[str, Any]:
    """The trend chart's data (json_script): periods and a few series."""
    return {
        "label": [str(p.periode) for p in tren],
        "seri": [
            {"nama": _("Pegawai aktif"), "data": [p.jumlah_pegawai for p in tren]},
            {"nama": _("Penempatan final"), "data": [p.jumlah_final for p in tren]},
            {"nama": _("Perlu data"), "data": [p.jumlah_perlu_data for p in tren]},
            {"nama": _("KRS Instansi"), "data": [p.jumlah_krs for p in tren]},
            {"nama": _("Asesmen berlaku"), "data": [p.asesmen_valid for p in tren]},
            {"nama": _("SKP berlaku"), "data": [p.skp_valid for p in tren]},
        ],
    }


def kotak_grafik(rekap: Rekap) -> dict[str, Any]:
    sel = kotak_sel(rekap)
    return {
        "label": [_("Kotak %(n)s") % {"n": s["nomor"]} for s in sel],
        "seri": [
            {"nama": _("Dihitung"), "data": [s["jumlah"] for s in sel]},
            {"nama": _("Ditetapkan PPK"), "data": [s["ditetapkan"] for s in sel]},
        ],
    }
