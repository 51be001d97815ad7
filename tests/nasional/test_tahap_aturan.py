"""The implementation-stage rules (docs/nasional-tahap.md), table-driven on plain facts: which
indicator is read from the system, which only declared, which missing; the stage reached and the
KTI score. No database: `tahap_nilai` is a pure function of `FaktaTahap`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apps.nasional.models import DeklarasiTahap
from apps.nasional.tahap import (
    BELUM,
    DEKLARASI,
    INDIKATOR,
    INDIKATOR_TAHAP,
    SISTEM,
    SKOR_KTI,
    TAHAP,
    DeklarasiRingkas,
    FaktaTahap,
    angka_teks,
    rincian_sumber_hitung,
    rincian_tampil,
    tahap_nilai,
)

Butir = DeklarasiTahap.Butir
HARI = dt.date(2026, 6, 1)
DIHITUNG = dt.datetime(2026, 5, 30, 3, 0, tzinfo=dt.UTC)


def _deklarasi(*butir: str) -> dict[str, DeklarasiRingkas]:
    return {
        b: DeklarasiRingkas(
            uuid=f"00000000-0000-0000-0000-00000000000{i}",
            nomor=f"800/{i}/BKPSDM",
            tanggal=dt.date(2026, 1, 2),
            dinyatakan_pada=dt.datetime(2026, 1, 3, tzinfo=dt.UTC),
            sha256="ab" * 32,
            ada_berkas=True,
        )
        for i, b in enumerate(butir)
    }


KOSONG = {"periode": 2026, "tanggal": HARI}
# Everything the system can show, at full coverage, refreshed this period and used.
PENUH = {
    **KOSONG,
    "pegawai_aktif": 10,
    "final": 10,
    "final_asesmen_valid": 10,
    "talent_pool": 3,
    "asesmen_valid": 10,
    "final_sebelumnya": 9,
    "dihitung_terakhir": DIHITUNG,
    "admin_bkd": 1,
    "komite_anggota": 5,
    "komite_ketua": 1,
    "aturan_aktif": True,
    "jabatan_kunci": 4,
    "jabatan_kunci_dihitung": 4,
    "penetapan_nomor": "800/12/BKPSDM/2026",
    "penetapan_tanggal": dt.date(2026, 3, 1),
    "penetapan_periode": 2025,
    "jabatan_kunci_suksesor": 2,
}
SEMUA_BUTIR = _deklarasi(*Butir.values)
TANPA_SISTEM_BUTIR = _deklarasi(Butir.KOMITMEN, Butir.PERKADA, Butir.PENGEMBANGAN, Butir.PENEMPATAN)


# (name, facts, expected stage, expected KTI score, {indicator: expected source})
CASES = [
    ("nothing", KOSONG, 0, 0, dict.fromkeys(INDIKATOR, BELUM)),
    (
        "an admin but no commitment declared",
        {**KOSONG, "admin_bkd": 1},
        0,
        0,
        {"pengelola": SISTEM, "komitmen": BELUM},
    ),
    (
        "stage 1: commitment declared, admin active",
        {**KOSONG, "admin_bkd": 1, "deklarasi": _deklarasi(Butir.KOMITMEN)},
        1,
        0,
        {"komitmen": DEKLARASI, "pengelola": SISTEM, "perkada": BELUM},
    ),
    (
        "committee without a ketua is not a KTI",
        {**KOSONG, "komite_anggota": 3, "komite_ketua": 0, "final": 2, "pegawai_aktif": 5},
        0,
        0,
        {"komite": BELUM, "pemetaan": SISTEM},
    ),
    (
        "committee declared by SK, some mapped: KTI 1",
        {**KOSONG, "final": 2, "pegawai_aktif": 5, "deklarasi": _deklarasi(Butir.SK_KOMITE)},
        0,
        1,
        {"komite": DEKLARASI, "pemetaan": SISTEM, "pemetaan_penuh": BELUM},
    ),
    (
        "KTI from the system, all mapped: KTI 2",
        {**KOSONG, "komite_anggota": 3, "komite_ketua": 1, "final": 5, "pegawai_aktif": 5},
        0,
        2,
        {"komite": SISTEM, "pemetaan_penuh": SISTEM, "pemetaan_berkala": BELUM},
    ),
    (
        "all mapped but not last period: stays KTI 2",
        {**PENUH, "final_sebelumnya": 0, "deklarasi": TANPA_SISTEM_BUTIR},
        5,
        2,
        {"pemetaan_berkala": BELUM, "instrumen_valid": SISTEM},
    ),
    (
        "an asesmen expired since the mapping: stays KTI 2",
        {**PENUH, "final_asesmen_valid": 9, "deklarasi": TANPA_SISTEM_BUTIR},
        5,
        2,
        {"instrumen_valid": BELUM, "pemetaan_berkala": SISTEM},
    ),
    (
        "last computed in an earlier period: not refreshed",
        {**PENUH, "dihitung_terakhir": dt.datetime(2025, 12, 30, tzinfo=dt.UTC)},
        0,
        2,
        {"pemetaan_berkala": BELUM},
    ),
    (
        "refreshed with valid instruments but no penetapan: KTI 3",
        {
            **PENUH,
            "penetapan_nomor": "",
            "penetapan_tanggal": None,
            "penetapan_periode": None,
            "deklarasi": TANPA_SISTEM_BUTIR,
        },
        4,
        3,
        {"penetapan": BELUM, "suksesor": SISTEM},
    ),
    (
        "penetapan but no successor decided: KTI 3",
        {**PENUH, "jabatan_kunci_suksesor": 0, "deklarasi": TANPA_SISTEM_BUTIR},
        4,
        3,
        {"suksesor": BELUM},
    ),
    ("everything the system shows, nothing declared", PENUH, 0, 4, {"komitmen": BELUM, "perkada": BELUM}),
    (
        "everything: stage 5, KTI 4",
        {**PENUH, "deklarasi": TANPA_SISTEM_BUTIR},
        5,
        4,
        {
            **{k: SISTEM for k in INDIKATOR if INDIKATOR[k].sistem},
            "komitmen": DEKLARASI,
            "penempatan": DEKLARASI,
        },
    ),
    (
        "stage 4 without the placement declaration",
        {**PENUH, "deklarasi": _deklarasi(Butir.KOMITMEN, Butir.PERKADA, Butir.PENGEMBANGAN)},
        4,
        4,
        {"penempatan": BELUM},
    ),
    (
        "a gap in stage 2 caps the stage even if later stages are met",
        {**PENUH, "deklarasi": _deklarasi(Butir.KOMITMEN, Butir.PENGEMBANGAN, Butir.PENEMPATAN)},
        1,
        4,
        {"perkada": BELUM},
    ),
    (
        "declarations stand in where the system shows nothing (declared, not evidenced)",
        {**KOSONG, "admin_bkd": 1, "deklarasi": SEMUA_BUTIR},
        2,
        1,
        {
            "komite": DEKLARASI,
            "sistem_informasi": DEKLARASI,
            "pemetaan": DEKLARASI,
            "krs": DEKLARASI,
            "asesmen": BELUM,
            "pemetaan_penuh": BELUM,
        },
    ),
    (
        "the system wins over a declaration of the same indicator",
        {**PENUH, "deklarasi": SEMUA_BUTIR},
        5,
        4,
        {"komite": SISTEM, "sistem_informasi": SISTEM, "pemetaan": SISTEM, "krs": SISTEM},
    ),
    (
        "no active pegawai: never 'all mapped'",
        {**KOSONG, "komite_anggota": 1, "komite_ketua": 1, "deklarasi": _deklarasi(Butir.LAPORAN_PEMETAAN)},
        0,
        1,
        {"pemetaan": DEKLARASI, "pemetaan_penuh": BELUM},
    ),
]


@pytest.mark.parametrize(("nama", "fakta", "tahap", "skor", "sumber"), CASES, ids=[c[0] for c in CASES])
def test_rules(nama, fakta, tahap, skor, sumber):
    hasil = tahap_nilai(FaktaTahap(**fakta))
    assert (hasil.tahap, hasil.skor_kti) == (tahap, skor)
    assert {k: hasil.rincian["indikator"][k]["sumber"] for k in sumber} == sumber
    # Stored in a JSONField: it must survive a round trip unchanged.
    assert json.loads(json.dumps(hasil.rincian)) == hasil.rincian


def test_stage_and_score_are_cumulative_and_consistent_with_the_per_level_flags():
    for _nama, fakta, *_ in CASES:
        hasil = tahap_nilai(FaktaTahap(**fakta))
        tahap_flags = [t["terpenuhi"] for t in hasil.rincian["tahap"]]
        skor_flags = [t["terpenuhi"] for t in hasil.rincian["skor_kti"]]
        assert hasil.tahap == next((i for i, ok in enumerate(tahap_flags) if not ok), 5)
        assert hasil.skor_kti == next((i for i, ok in enumerate(skor_flags) if not ok), 4)


def test_a_declared_indicator_carries_its_document_but_no_name():
    hasil = tahap_nilai(FaktaTahap(**KOSONG, deklarasi=_deklarasi(Butir.PERKADA)))
    perkada = hasil.rincian["indikator"]["perkada"]
    assert perkada["sumber"] == DEKLARASI
    assert perkada["deklarasi"]["nomor"] == "800/0/BKPSDM"
    assert perkada["deklarasi"]["tanggal"] == "2026-01-02"
    assert perkada["deklarasi"]["berkas"] is True
    assert set(perkada["deklarasi"]) == {"uuid", "nomor", "tanggal", "dinyatakan_pada", "sha256", "berkas"}


def test_every_butir_can_declare_exactly_one_indicator_and_every_stage_indicator_is_known():
    butir = [i.butir for i in INDIKATOR.values() if i.butir]
    assert sorted(butir) == sorted(Butir.values)
    assert set(INDIKATOR_TAHAP) <= set(INDIKATOR)
    assert [n for n, _nama, _k in TAHAP] == [1, 2, 3, 4, 5]
    assert [n for n, _nama, _k in SKOR_KTI] == [1, 2, 3, 4]


def test_display_helpers_read_the_stored_breakdown():
    hasil = tahap_nilai(FaktaTahap(**PENUH, deklarasi=TANPA_SISTEM_BUTIR))
    tahap, skor = rincian_tampil(hasil.rincian)
    assert [t.nomor for t in tahap] == [1, 2, 3, 4, 5] and all(t.terpenuhi for t in tahap)
    assert len(skor) == 4
    assert rincian_sumber_hitung(hasil.rincian) == {SISTEM: 9, DEKLARASI: 4, BELUM: 0}
    # A row never refreshed (empty JSON) shows nothing rather than failing.
    assert rincian_tampil({}) == ([], [])
    assert rincian_sumber_hitung({}) == {SISTEM: 0, DEKLARASI: 0, BELUM: 0}
    for t in tahap:
        for i in t.indikator:
            if i.sumber == SISTEM:
                assert i.angka_teks, i.kode
    assert "10 dari 10" in angka_teks("pemetaan", hasil.rincian["indikator"]["pemetaan"]["angka"])
