"""Impact preview of a talent rule set (the talent kind's `pratinjau_hitung`, `pratinjau_konteks`,
`pratinjau_xlsx`; the generic job is apps/petatalenta/aturan/pratinjau.py).

The computation is the flush's, minus every write: the same pegawai (the instansi's active ones,
what `penempatan_mark_all_dirty` marks on activation), the same period and reference date, the
same batched input loader and the same pure engine, run under the configuration in force and under
the draft on the same inputs. Only the pegawai whose box, status or talent pool would differ get a
`PratinjauPenempatan` row (with both sides and what made the difference); everyone else is only
counted, in the summary the job row keeps (`ringkasan`): the transition matrix, the talent-pool
and `perlu data` changes, and the same figures per gender, age band and jenis jabatan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.bulk import rows_insert
from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import JenisJabatan, JenisKelamin
from apps.pegawai.selectors import unit_kerja_subtree_ids

from .aturan.talenta import kunci_label, setelan_nilai_tampil
from .engine import (
    KINERJA_LEVELS,
    POTENSIAL_LEVELS,
    Aturan,
    PenempatanResult,
    _level,
    penempatan_compute,
)
from .inputs import penempatan_inputs_load
from .labels import BOBOT_LABEL, KOMPONEN_LABEL, LEVEL_LABEL, sel_label
from .models import PratinjauAturan, PratinjauPenempatan
from .periode import periode_sekarang, tanggal_acuan_periode
from .selectors_ninebox import BELUM_FINAL, RENTANG_USIA, rentang_usia_kode

BATCH_SIZE = 2000
PER_HALAMAN = 50
FINAL = "final"
PERLU_DATA = "perlu_data"
USIA_TIDAK_DIKETAHUI = "?"

# The settings that feed each weighted component besides its weight (what to name when a
# component's own value moved).
KOMPONEN_SETELAN = {
    "jpm": (),
    "potensi": (),
    "pengembangan": ("target_jp_per_tahun", "jendela_tahun"),
    "pengalaman": ("target_tahun_pengalaman",),
    "pendidikan": ("pendidikan_skor",),
    "kesesuaian": (),
    "integritas": ("hukuman_skor",),
    "skp": ("predikat_skor", "agregasi_skp", "jendela_tahun"),
    "penghargaan": ("target_penghargaan",),
    "sk_tim": ("target_sk_tim", "jendela_tahun"),
    "umpan_balik_360": (),
}

# Headline figures (ringkasan["inti"]): code -> label. The codes are what the audit event records.
INTI_LABEL = {
    "dihitung": gettext_lazy("pegawai aktif dihitung"),
    "berubah": gettext_lazy("penempatan berubah"),
    "pindah_kotak": gettext_lazy("pindah kotak"),
    "masuk_talent_pool": gettext_lazy("masuk talent pool"),
    "keluar_talent_pool": gettext_lazy("keluar talent pool"),
    "perlu_data_baru": gettext_lazy("menjadi perlu data"),
    "perlu_data_hilang": gettext_lazy("tidak lagi perlu data"),
}
# Breakdowns: ringkasan["kelompok"][dimension][group code] -> figures.
DIMENSI_LABEL = {
    "jenis_kelamin": gettext_lazy("Jenis kelamin"),
    "usia": gettext_lazy("Usia"),
    "jenis_jabatan": gettext_lazy("Jenis jabatan"),
}
KELOMPOK_KOLOM = (
    "total",
    "pindah",
    "naik",
    "turun",
    "bergeser",
    "masuk_pool",
    "keluar_pool",
    "perlu_data_baru",
    "perlu_data_hilang",
)


# --- the computation ------------------------------------------------------------------------------------


def _angka(value: Decimal | None) -> str:
    """A score with two decimals, Indonesian style ("82,10"); scores stay below 1,000, so no
    grouping is needed (number_format per value would cost more than the engine)."""
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",")


def _batas(value: Decimal) -> str:
    """A cut-off as written in a setting: 80, 82,5."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _setelan_teks(kunci: str, lama: Aturan, baru: Aturan) -> str | None:
    """'<setting> <old> → <new>' when the setting differs between the two rule sets, else None."""
    a, b = getattr(lama, kunci), getattr(baru, kunci)
    if a == b:
        return None
    if isinstance(a, frozenset):
        a, b = sorted(a), sorted(b)
    if isinstance(a, dict):
        for sub in (*a, *(k for k in b if k not in a)):
            if a.get(sub) != b.get(sub):
                return f"{kunci_label(f'{kunci}.{sub}')} {a.get(sub, '–')} → {b.get(sub, '–')}"
    return f"{kunci_label(kunci)} {setelan_nilai_tampil(kunci, a)} → {setelan_nilai_tampil(kunci, b)}"


def _level_teks(a: str, b: str) -> str:
    return f"{LEVEL_LABEL[a]} → {LEVEL_LABEL[b]}"


def _penentu_sumbu(sumbu: str, a: PenempatanResult, b: PenempatanResult, lama: Aturan, baru: Aturan) -> str:
    """Why one axis changed level: a cut-off the unchanged score now falls on the other side of,
    or the setting behind the component whose contribution moved the most."""
    level_a, level_b = getattr(a, f"level_{sumbu}"), getattr(b, f"level_{sumbu}")
    if lama.model == "kategoris":
        if sumbu == "potensial":
            jpm = next((k.nilai for k in b.komponen if k.kode == "jpm"), None)
            for i in (0, 1):
                if lama.batas_jpm[i] != baru.batas_jpm[i]:
                    return _("%(setelan)s %(a)s → %(b)s: JPM %(jpm)s (%(level)s)") % {
                        "setelan": kunci_label(f"batas_jpm.{i}"),
                        "a": _batas(lama.batas_jpm[i]),
                        "b": _batas(baru.batas_jpm[i]),
                        "jpm": _angka(jpm),
                        "level": _level_teks(level_a, level_b),
                    }
        teks = _setelan_teks("jendela_tahun", lama, baru) or str(KOMPONEN_LABEL["skp"])
        return f"{teks} ({_level_teks(level_a, level_b)})"
    skor_a, skor_b = getattr(a, f"skor_{sumbu}"), getattr(b, f"skor_{sumbu}")
    if skor_a == skor_b:
        kunci = f"batas_{sumbu}"
        batas_a, batas_b = getattr(lama, kunci), getattr(baru, kunci)
        for i in (1, 0):
            rendah, tinggi = sorted((batas_a[i], batas_b[i]))
            if rendah != tinggi and rendah <= skor_a < tinggi:
                return _("%(setelan)s %(a)s → %(b)s: skor %(sumbu)s %(skor)s (%(level)s)") % {
                    "setelan": kunci_label(f"{kunci}.{i}"),
                    "a": _batas(batas_a[i]),
                    "b": _batas(batas_b[i]),
                    "sumbu": sumbu,
                    "skor": _angka(skor_a),
                    "level": _level_teks(level_a, level_b),
                }
    # The component whose contribution moved the most (the first in the engine's order on a tie).
    kontribusi_a = {k.kode: k for k in a.komponen if k.sumbu == sumbu}
    terbesar, selisih = None, Decimal(-1)
    for k in b.komponen:
        if k.sumbu != sumbu or k.kode not in kontribusi_a:
            continue
        beda = abs(k.kontribusi - kontribusi_a[k.kode].kontribusi)
        if beda > selisih:
            terbesar, selisih = k, beda
    setelan = str(KOMPONEN_LABEL.get(terbesar.kode, terbesar.kode)) if terbesar else ""
    if terbesar is not None:
        bobot_a = getattr(lama, f"bobot_{sumbu}").get(terbesar.kode, 0)
        bobot_b = getattr(baru, f"bobot_{sumbu}").get(terbesar.kode, 0)
        if bobot_a != bobot_b:
            setelan = _("Bobot %(komponen)s %(a)s → %(b)s") % {
                "komponen": BOBOT_LABEL.get(terbesar.kode, terbesar.kode),
                "a": bobot_a,
                "b": bobot_b,
            }
        else:
            for kunci in KOMPONEN_SETELAN.get(terbesar.kode, ()):
                teks = _setelan_teks(kunci, lama, baru)
                if teks:
                    setelan = teks
                    break
    return _("%(setelan)s: skor %(sumbu)s %(a)s → %(b)s (%(level)s)") % {
        "setelan": setelan,
        "sumbu": sumbu,
        "a": _angka(skor_a),
        "b": _angka(skor_b),
        "level": _level_teks(level_a, level_b),
    }


def _penentu(a: PenempatanResult, b: PenempatanResult, lama: Aturan, baru: Aturan) -> str:
    """A short text naming what made the difference between the two placements."""
    if a.status != b.status:
        gating_a = [k for k in a.kekurangan if k.startswith(("asesmen", "skp"))]
        gating_b = [k for k in b.kekurangan if k.startswith(("asesmen", "skp"))]
        jendela = _setelan_teks("jendela_tahun", lama, baru)
        if b.status == PERLU_DATA:
            item = next((k for k in gating_b if k not in gating_a), gating_b[0] if gating_b else "")
            teks = _("menjadi perlu data: %(item)s") % {"item": item}
        else:
            item = next((k for k in gating_a if k not in gating_b), gating_a[0] if gating_a else "")
            teks = _("tidak lagi perlu data: %(item)s") % {"item": item}
        return f"{jendela}: {teks}" if jendela else teks[:1].upper() + teks[1:]
    if lama.model != baru.model:
        return _setelan_teks("model", lama, baru) or ""
    bagian = [
        _penentu_sumbu(sumbu, a, b, lama, baru)
        for sumbu in ("potensial", "kinerja")
        if getattr(a, f"level_{sumbu}") != getattr(b, f"level_{sumbu}")
    ]
    if not bagian and a.kotak != b.kotak:
        bagian.append(
            _("Penomoran kotak: %(sel)s nomor %(a)s → %(b)s")
            % {"sel": sel_label(b.level_kinerja, b.level_potensial).lower(), "a": a.kotak, "b": b.kotak}
        )
    if not bagian and a.talent_pool != b.talent_pool:
        bagian.append(
            (_setelan_teks("kotak_talent_pool", lama, baru) or str(kunci_label("kotak_talent_pool")))
            + ": "
            + _("kotak %(n)s") % {"n": b.kotak}
        )
    return "; ".join(bagian)


# Settings that only turn the scores into levels, boxes and the pool (`penempatan_compute`'s last
# step); every other field of Aturan feeds the scores, the components or the missing data.
TATA_SAJA = frozenset(
    {"batas_potensial", "batas_kinerja", "batas_jpm", "kotak", "label_kotak", "kotak_talent_pool"}
)


def _skor_sama(lama: Aturan, baru: Aturan) -> bool:
    """Two weighted rule sets that differ in nothing but cut-offs, numbering and the pool give
    every pegawai the same scores, components and missing data (a new field of Aturan counts as
    feeding the scores until it is listed in TATA_SAJA)."""
    return lama.model == baru.model == "berbobot" and all(
        getattr(lama, f.name) == getattr(baru, f.name) for f in fields(Aturan) if f.name not in TATA_SAJA
    )


def _tata_ulang(a: PenempatanResult, aturan: Aturan) -> PenempatanResult:
    """The placement under `aturan` when only its layout differs (`_skor_sama`): the engine's last
    step (levels from the scores, the box of the cell, the pool) redone on its result, instead of
    a second full evaluation (half of a cut-off preview's time). The tests compare it with what
    the flush writes after activation, pegawai by pegawai."""
    level_p = _level(a.skor_potensial, aturan.batas_potensial, POTENSIAL_LEVELS)
    level_k = _level(a.skor_kinerja, aturan.batas_kinerja, KINERJA_LEVELS)
    kotak = aturan.kotak[(level_k, level_p)]
    return replace(
        a,
        level_potensial=level_p,
        level_kinerja=level_k,
        kotak=kotak,
        talent_pool=a.status == FINAL and kotak in aturan.kotak_talent_pool,
    )


def _keadaan(p: PenempatanResult) -> int:
    """The matrix state: the box of a final placement, BELUM_FINAL (0) for perlu data."""
    return p.kotak if p.status == FINAL else BELUM_FINAL


def _arah(a: PenempatanResult, b: PenempatanResult) -> str:
    """Tata.arah on the two cells (by levels: the two rule sets may number the boxes differently)."""
    k0, p0 = KINERJA_LEVELS.index(a.level_kinerja), POTENSIAL_LEVELS.index(a.level_potensial)
    k1, p1 = KINERJA_LEVELS.index(b.level_kinerja), POTENSIAL_LEVELS.index(b.level_potensial)
    if (k0, p0) == (k1, p1):
        return "tetap"
    if k1 >= k0 and p1 >= p0:
        return "naik"
    if k1 <= k0 and p1 <= p0:
        return "turun"
    return "bergeser"


def _dimuat(*, instansi: Instansi, batches: list[list[tuple]], muat: Callable) -> Iterator:
    """Each batch's inputs (`muat(batch)`), in order. In the worker (no open transaction) a helper
    thread with its own connection, in the same instansi scope, loads the next batch while this
    one is computed: the queries' time then overlaps the engine's (psycopg2 releases the GIL while
    it waits). Inside a transaction (tests) another connection would not see its data: loaded in
    line."""
    if connection.in_atomic_block:
        for batch in batches:
            yield muat(batch)
        return

    def di_thread(batch):
        with instansi_scope(instansi):
            return muat(batch)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pratinjau") as pool:
        try:
            nanti = pool.submit(di_thread, batches[0]) if batches else None
            for i in range(len(batches)):
                hasil = nanti.result()
                if i + 1 < len(batches):
                    nanti = pool.submit(di_thread, batches[i + 1])
                yield hasil
        finally:
            pool.submit(connections.close_all).result()  # the helper thread's own connection


def pratinjau_talenta_hitung(
    *,
    instansi: Instansi,
    pratinjau: PratinjauAturan,
    lama: dict,
    baru: dict,
    kemajuan: Callable[[int, int], None],
) -> dict[str, Any]:
    """Compute the placement of every active pegawai under both configurations (the worker, inside
    the instansi's scope); store the differences, return the summary. Writes no placement, no
    history, no dirty mark."""
    PratinjauPenempatan.objects.filter(instansi=instansi, pratinjau=pratinjau).delete()
    periode = periode_sekarang()
    tanggal = tanggal_acuan_periode(periode=periode)
    PratinjauAturan.objects.filter(pk=pratinjau.pk).update(periode=periode, tanggal_acuan=tanggal)
    aturan_lama, aturan_baru = Aturan.from_config(lama), Aturan.from_config(baru)
    # The SKP look-back window also bounds what the loader reads (JP, SK tim): with different
    # windows each side gets its own inputs, exactly as its flush would load them.
    satu_muatan = aturan_lama.jendela_tahun == aturan_baru.jendela_tahun
    tata_saja = _skor_sama(aturan_lama, aturan_baru)

    # The flush's population: every active pegawai of the instansi, with what the breakdowns need.
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .order_by("pk")
        .values_list("pk", "unit_kerja_id", "jenis_kelamin", "tanggal_lahir", "jenis_jabatan")
    )
    total = len(pegawai)
    kemajuan(0, total)

    matriks: Counter[tuple[int, int]] = Counter()
    inti = dict.fromkeys(INTI_LABEL, 0)
    inti["dihitung"] = total
    pool = {"lama": 0, "baru": 0}
    perlu = {"lama": 0, "baru": 0}
    kelompok: dict[str, dict[str, Counter]] = {d: defaultdict(Counter) for d in DIMENSI_LABEL}
    rows: list[tuple] = []

    def muat(batch: list[tuple]) -> tuple[dict, dict]:
        ids = [p[0] for p in batch]
        inputs_lama = penempatan_inputs_load(
            instansi=instansi, pegawai_ids=ids, tanggal_acuan=tanggal, aturan=aturan_lama
        )
        if satu_muatan:
            return inputs_lama, inputs_lama
        return inputs_lama, penempatan_inputs_load(
            instansi=instansi, pegawai_ids=ids, tanggal_acuan=tanggal, aturan=aturan_baru
        )

    batches = [pegawai[start : start + BATCH_SIZE] for start in range(0, total, BATCH_SIZE)]
    done = 0
    for batch, (inputs_lama, inputs_baru) in zip(
        batches, _dimuat(instansi=instansi, batches=batches, muat=muat), strict=True
    ):
        for pegawai_id, unit_id, jk, lahir, jabatan in batch:
            # The preview stores no inputs hash (the only thing the engine uses the two JSON
            # texts for): empty ones spare serialising every pegawai's inputs and hashing a
            # kilobyte of rule set, twice per pegawai; the placement itself is the engine's.
            a = penempatan_compute(
                inputs=inputs_lama[pegawai_id],
                aturan=aturan_lama,
                konfigurasi=lama,
                konfigurasi_json_="",
                inputs_json_="",
            )
            b = (
                _tata_ulang(a, aturan_baru)
                if tata_saja
                else penempatan_compute(
                    inputs=inputs_baru[pegawai_id],
                    aturan=aturan_baru,
                    konfigurasi=baru,
                    konfigurasi_json_="",
                    inputs_json_="",
                )
            )
            dari, ke = _keadaan(a), _keadaan(b)
            matriks[(dari, ke)] += 1
            pool["lama"] += a.talent_pool
            pool["baru"] += b.talent_pool
            perlu["lama"] += a.status == PERLU_DATA
            perlu["baru"] += b.status == PERLU_DATA
            grup = (
                kelompok["jenis_kelamin"][jk or ""],
                kelompok["usia"][
                    rentang_usia_kode(tanggal_lahir=lahir, tanggal_acuan=tanggal) or USIA_TIDAK_DIKETAHUI
                ],
                kelompok["jenis_jabatan"][jabatan or ""],
            )
            for g in grup:
                g["total"] += 1
            if a.kotak == b.kotak and a.status == b.status and a.talent_pool == b.talent_pool:
                continue
            perubahan = []
            if dari != ke and dari != BELUM_FINAL and ke != BELUM_FINAL:
                perubahan += ["pindah", _arah(a, b)]
                inti["pindah_kotak"] += 1
            if b.talent_pool and not a.talent_pool:
                perubahan.append("masuk_pool")
                inti["masuk_talent_pool"] += 1
            elif a.talent_pool and not b.talent_pool:
                perubahan.append("keluar_pool")
                inti["keluar_talent_pool"] += 1
            if a.status != b.status:
                kode = "perlu_data_baru" if b.status == PERLU_DATA else "perlu_data_hilang"
                perubahan.append(kode)
                inti[kode] += 1
            for g in grup:
                for kode in perubahan:
                    if kode != "tetap":
                        g[kode] += 1
            inti["berubah"] += 1
            rows.append(
                (
                    pegawai_id,
                    unit_id,
                    a.kotak,
                    b.kotak,
                    a.status,
                    b.status,
                    a.talent_pool,
                    b.talent_pool,
                    a.skor_potensial,
                    b.skor_potensial,
                    a.skor_kinerja,
                    b.skor_kinerja,
                    _penentu(a, b, aturan_lama, aturan_baru)[:300],
                )
            )
        done += len(batch)
        kemajuan(done, total)

    rows_insert(
        model=PratinjauPenempatan,
        fields=(
            "pegawai_id",
            "unit_kerja_id",
            "kotak_lama",
            "kotak_baru",
            "status_lama",
            "status_baru",
            "talent_pool_lama",
            "talent_pool_baru",
            "skor_potensial_lama",
            "skor_potensial_baru",
            "skor_kinerja_lama",
            "skor_kinerja_baru",
            "penentu",
        ),
        rows=rows,
        insert_values={"instansi_id": instansi.pk, "pratinjau_id": pratinjau.pk},
    )
    return {
        "inti": inti,
        "periode": periode,
        "tanggal_acuan": tanggal.isoformat(),
        # [state under the rules in force, state under the draft, pegawai]; state = box, 0 = perlu data
        "matriks": sorted([dari, ke, n] for (dari, ke), n in matriks.items()),
        "talent_pool": pool,
        "perlu_data": perlu,
        "kelompok": {
            dimensi: {
                kode: {k: hitung.get(k, 0) for k in KELOMPOK_KOLOM} for kode, hitung in sorted(grup.items())
            }
            for dimensi, grup in kelompok.items()
        },
    }


# --- reading the result -----------------------------------------------------------------------------


def _keadaan_label(keadaan: int) -> str:
    return _("Perlu data") if keadaan == BELUM_FINAL else _("Kotak %(n)s") % {"n": keadaan}


@dataclass
class SelMatriks:
    dari: int
    ke: int
    jumlah: int
    berubah: bool


@dataclass
class BarisMatriks:
    dari: int
    label: str
    sel: list[SelMatriks]
    total: int


def pratinjau_matriks(ringkasan: dict[str, Any]) -> dict[str, Any]:
    """The summary's transition matrix laid out: rows = state under the rules in force, columns =
    under the draft (boxes 9 → 1, then perlu data), with the column totals (the draft's nine-box)."""
    counts = {(d, k): n for d, k, n in ringkasan.get("matriks", [])}
    keadaan = [*range(9, 0, -1), BELUM_FINAL]
    kolom = [(k, _keadaan_label(k)) for k in keadaan]
    baris, total_kolom = [], [0] * len(keadaan)
    for dari in keadaan:
        sel = []
        for i, ke in enumerate(keadaan):
            n = counts.get((dari, ke), 0)
            sel.append(SelMatriks(dari=dari, ke=ke, jumlah=n, berubah=dari != ke))
            total_kolom[i] += n
        baris.append(
            BarisMatriks(dari=dari, label=_keadaan_label(dari), sel=sel, total=sum(s.jumlah for s in sel))
        )
    return {"kolom": kolom, "baris": baris, "total_kolom": total_kolom, "total": sum(total_kolom)}


def _kelompok_label(dimensi: str, kode: str) -> str:
    if dimensi == "jenis_kelamin":
        return str(dict(JenisKelamin.choices).get(kode, _("Tidak diketahui")))
    if dimensi == "jenis_jabatan":
        return str(dict(JenisJabatan.choices).get(kode, _("Tidak diketahui")))
    band = RENTANG_USIA.get(kode)
    return str(band[0]) if band else _("Tidak diketahui")


def pratinjau_kelompok(ringkasan: dict[str, Any]) -> list[dict[str, Any]]:
    """The breakdowns for the page: per dimension, its groups with their figures and the share of
    the group that changes box."""
    hasil = []
    for dimensi, label in DIMENSI_LABEL.items():
        grup = (ringkasan.get("kelompok") or {}).get(dimensi, {})
        urutan = [*RENTANG_USIA, USIA_TIDAK_DIKETAHUI] if dimensi == "usia" else sorted(grup)
        baris = []
        for kode in urutan:
            if kode not in grup:
                continue
            angka = grup[kode]
            total = angka.get("total", 0)
            baris.append(
                {
                    "kode": kode,
                    "label": _kelompok_label(dimensi, kode),
                    **angka,
                    "persen_pindah": (
                        (Decimal(angka.get("pindah", 0)) * 100 / total).quantize(Decimal("0.1"))
                        if total
                        else None
                    ),
                }
            )
        hasil.append({"kode": dimensi, "label": str(label), "baris": baris})
    return hasil


def pratinjau_inti(ringkasan: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(code, label, value) of the headline figures, in their fixed order."""
    inti = ringkasan.get("inti") or {}
    return [(kode, str(label), inti[kode]) for kode, label in INTI_LABEL.items() if kode in inti]


# --- the list of changes, filtered -------------------------------------------------------------------


@dataclass(frozen=True)
class SaringanPratinjau:
    unit_ids: list[int] | None = None  # the unit and its subtree
    dari: int | None = None  # state under the rules in force (box, 0 = perlu data)
    ke: int | None = None


def _keadaan_param(value) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 <= n <= 9 else None


def pratinjau_saringan(*, instansi: Instansi, params) -> tuple[SaringanPratinjau, Any]:
    """The list's filters from the query string (an invalid value drops that filter), and the form."""
    from .forms_pratinjau import PratinjauFilterForm

    form = PratinjauFilterForm(params, instansi=instansi)
    form.is_valid()  # the valid fields stay in cleaned_data
    data = form.cleaned_data
    unit = data.get("unit")
    return (
        SaringanPratinjau(
            unit_ids=unit_kerja_subtree_ids(instansi=instansi, unit=unit) if unit else None,
            dari=_keadaan_param(data.get("dari")),
            ke=_keadaan_param(data.get("ke")),
        ),
        form,
    )


def _keadaan_sql(sisi: str) -> Case:
    return Case(
        When(**{f"status_{sisi}": FINAL}, then=F(f"kotak_{sisi}")),
        default=Value(BELUM_FINAL),
        output_field=IntegerField(),
    )


def pratinjau_perubahan_list(
    *, instansi: Instansi, pratinjau: PratinjauAturan, saringan: SaringanPratinjau
) -> QuerySet[PratinjauPenempatan]:
    """The stored changes (box, status or talent pool) matching the filters, with pegawai and unit.
    `dari` alone lists the people leaving that state, `ke` alone those arriving in it."""
    qs = PratinjauPenempatan.objects.filter(instansi=instansi, pratinjau=pratinjau).annotate(
        keadaan_lama=_keadaan_sql("lama"), keadaan_baru=_keadaan_sql("baru")
    )
    if saringan.unit_ids is not None:
        qs = qs.filter(unit_kerja_id__in=saringan.unit_ids)
    if saringan.dari is not None:
        qs = qs.filter(keadaan_lama=saringan.dari)
        if saringan.ke is None:
            qs = qs.exclude(keadaan_baru=saringan.dari)
    if saringan.ke is not None:
        qs = qs.filter(keadaan_baru=saringan.ke)
        if saringan.dari is None:
            qs = qs.exclude(keadaan_lama=saringan.ke)
    return qs.select_related("pegawai", "unit_kerja").order_by("pegawai__nama", "pk")


def pratinjau_talenta_konteks(*, instansi: Instansi, pratinjau: PratinjauAturan, params) -> dict[str, Any]:
    ringkasan = pratinjau.ringkasan or {}
    saringan, form = pratinjau_saringan(instansi=instansi, params=params)
    perubahan = pratinjau_perubahan_list(instansi=instansi, pratinjau=pratinjau, saringan=saringan)
    halaman = Paginator(perubahan, PER_HALAMAN).get_page(params.get("halaman"))
    qs = form.querystring()
    return {
        "ringkasan": ringkasan,
        "inti": pratinjau_inti(ringkasan),
        "matriks": pratinjau_matriks(ringkasan),
        "kelompok": pratinjau_kelompok(ringkasan),
        "saringan_form": form,
        "saringan_aktif": saringan.unit_ids is not None
        or saringan.dari is not None
        or saringan.ke is not None,
        "halaman": halaman,
        "qs": qs,
        "keadaan_label": {k: _keadaan_label(k) for k in range(10)},
    }


def pratinjau_talenta_xlsx(
    *, instansi: Instansi, pratinjau: PratinjauAturan, params
) -> tuple[list[str], list[list[Any]]]:
    """Every stored change with the page's filters; the NIP stays text (the view's sheet formats
    nothing, so it is written as the string it is)."""
    saringan, _form = pratinjau_saringan(instansi=instansi, params=params)
    headers = [
        _("NIP"),
        _("Nama"),
        _("Unit kerja"),
        _("Kotak lama"),
        _("Kotak baru"),
        _("Status lama"),
        _("Status baru"),
        _("Talent pool lama"),
        _("Talent pool baru"),
        _("Skor potensial lama"),
        _("Skor potensial baru"),
        _("Skor kinerja lama"),
        _("Skor kinerja baru"),
        _("Penentu"),
    ]
    status = {FINAL: _("Final"), PERLU_DATA: _("Perlu data")}
    ya_tidak = {True: _("Ya"), False: _("Tidak")}
    rows = [
        [
            str(r.pegawai.nip),
            r.pegawai.nama,
            r.unit_kerja.nama if r.unit_kerja else "",
            r.kotak_lama,
            r.kotak_baru,
            status.get(r.status_lama, r.status_lama),
            status.get(r.status_baru, r.status_baru),
            ya_tidak[r.talent_pool_lama],
            ya_tidak[r.talent_pool_baru],
            r.skor_potensial_lama,
            r.skor_potensial_baru,
            r.skor_kinerja_lama,
            r.skor_kinerja_baru,
            r.penentu,
        ]
        for r in pratinjau_perubahan_list(instansi=instansi, pratinjau=pratinjau, saringan=saringan).iterator(
            chunk_size=2000
        )
    ]
    return headers, rows


__all__ = [
    "pratinjau_kelompok",
    "pratinjau_matriks",
    "pratinjau_perubahan_list",
    "pratinjau_talenta_hitung",
    "pratinjau_talenta_konteks",
    "pratinjau_talenta_xlsx",
]
