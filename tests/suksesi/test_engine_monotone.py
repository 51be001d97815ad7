"""Property: improving one input of a candidate never lowers any criterion, the overall
eligibility or the readiness (hypothesis explores candidates and posts; each improvement is one
change a pegawai or BKD could make)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.suksesi.engine import (
    KRITERIA,
    PENDIDIKAN_PERINGKAT,
    PREDIKAT_URUTAN,
    AsesmenKandidat,
    HukumanKandidat,
    JabatanInput,
    KandidatInputs,
    PeriodeJabatan,
    SertifikatKandidat,
    hasil_rank,
    kandidat_nilai,
    kesiapan_rank,
)

from .engine_data import ACUAN, ATURAN

TINGKAT_POST = ("jpt_pratama", "administrator", "pengawas", "ahli_madya")
TINGKAT_PEGAWAI = ("administrator", "pengawas", "pelaksana", "ahli_madya", "ahli_muda", "ahli_pertama")
PENDIDIKAN = ("sma", "d3", "d4", "s1", "s2")
GOLONGAN = ("III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b")
hari = st.integers(min_value=-4000, max_value=400)


def _tanggal(offset: int) -> dt.date:
    return ACUAN + dt.timedelta(days=offset)


periode = st.builds(
    lambda tingkat, mulai, lama: PeriodeJabatan(
        tingkat, _tanggal(mulai), None if lama is None else _tanggal(mulai + lama)
    ),
    st.sampled_from(TINGKAT_PEGAWAI),
    st.integers(min_value=-4000, max_value=100),
    st.one_of(st.none(), st.integers(min_value=1, max_value=3000)),
)
asesmen = st.one_of(
    st.none(),
    st.builds(
        lambda mulai, berlaku, jpm, levels: AsesmenKandidat(
            _tanggal(mulai), _tanggal(mulai + berlaku), Decimal(jpm), Decimal(70), levels
        ),
        st.integers(min_value=-1500, max_value=0),
        st.integers(min_value=0, max_value=1500),
        st.integers(min_value=50, max_value=120),
        st.sampled_from(((), (("integritas", 3),), (("integritas", 3), ("kerja sama", 2)))),
    ),
)
hukuman = st.builds(
    lambda tingkat, mulai, lama, ok: HukumanKandidat(
        tingkat, _tanggal(mulai), None if lama is None else _tanggal(mulai + lama), ok
    ),
    st.sampled_from(("ringan", "sedang", "berat")),
    st.integers(min_value=-2500, max_value=0),
    st.one_of(st.none(), st.integers(min_value=0, max_value=1500)),
    st.booleans(),
)
kandidat = st.builds(
    KandidatInputs,
    pegawai_id=st.just(1),
    status_kepegawaian=st.sampled_from(("pns", "cpns", "pppk")),
    tanggal_lahir=st.integers(min_value=-60 * 365, max_value=-30 * 365).map(_tanggal),
    tingkat=st.sampled_from(TINGKAT_PEGAWAI),
    golongan=st.sampled_from(("", *GOLONGAN)),
    jabatan=st.lists(periode, max_size=3).map(tuple),
    menunggu=st.sampled_from(((), (("jabatan", 1),), (("pendidikan", 1),), (("sertifikat", 1),))),
    pendidikan=st.one_of(st.none(), st.sampled_from(PENDIDIKAN)),
    jurusan=st.sampled_from(((), ("Ilmu Hukum",), ("Ekonomi",))),
    skp=st.lists(
        st.tuples(st.sampled_from((2024, 2025)), st.sampled_from(PREDIKAT_URUTAN)),
        max_size=2,
        unique_by=lambda t: t[0],
    ).map(lambda items: tuple(sorted(items))),
    asesmen=asesmen,
    hukuman=st.lists(hukuman, max_size=2).map(tuple),
    sertifikat=st.sampled_from(((), (SertifikatKandidat("Sertifikat Auditor", _tanggal(-10)),))),
    kotak=st.sampled_from((7, 8, 9)),
    status_penempatan=st.just("final"),
    talent_pool=st.just(True),
    skor_potensial=st.one_of(st.none(), st.integers(min_value=0, max_value=100).map(Decimal)),
    skor_kinerja=st.one_of(st.none(), st.integers(min_value=0, max_value=100).map(Decimal)),
)
post = st.builds(
    JabatanInput,
    tingkat=st.sampled_from(TINGKAT_POST),
    standar_kompetensi=st.sampled_from(((), (("integritas", 4),), (("integritas", 4), ("kerja sama", 3)))),
    golongan_minimum=st.sampled_from(("", "III/d", "IV/a")),
    bidang_pendidikan=st.sampled_from(((), ("hukum",))),
    sertifikat=st.sampled_from(((), ("auditor",))),
    bup_usia=st.sampled_from((58, 60)),
)


def _naik(urutan, nilai):
    i = urutan.index(nilai)
    return urutan[min(i + 1, len(urutan) - 1)]


def improvements(i: KandidatInputs) -> dict[str, KandidatInputs]:
    """Each one input made better, the rest unchanged."""
    out = {
        "status PNS": replace(i, status_kepegawaian="pns"),
        "younger": replace(i, tanggal_lahir=i.tanggal_lahir + dt.timedelta(days=200)),
        "no hukuman": replace(i, hukuman=()),
        "one hukuman fewer": replace(i, hukuman=i.hukuman[1:]),
        "longer in a post": replace(
            i,
            jabatan=tuple(replace(p, tmt_mulai=p.tmt_mulai - dt.timedelta(days=300)) for p in i.jabatan),
        ),
        "one more verified post": replace(
            i, jabatan=(*i.jabatan, PeriodeJabatan("administrator", _tanggal(-700), _tanggal(-100)))
        ),
        "higher box": replace(i, kotak=min(9, (i.kotak or 7) + 1)),
        "higher scores": replace(
            i,
            skor_potensial=min(Decimal(100), (i.skor_potensial or Decimal(0)) + 10),
            skor_kinerja=min(Decimal(100), (i.skor_kinerja or Decimal(0)) + 10),
        ),
        "golongan up": replace(i, golongan=_naik(GOLONGAN, i.golongan) if i.golongan else "IV/b"),
        "field of study added": replace(i, jurusan=(*i.jurusan, "Hukum Tata Negara")),
        "certificate added": replace(i, sertifikat=(*i.sertifikat, SertifikatKandidat("Sertifikat Auditor"))),
        "SKP up": replace(i, skp=tuple((t, _naik(PREDIKAT_URUTAN, p)) for t, p in i.skp)),
        "missing SKP year added as Baik": replace(
            i, skp=tuple(sorted({**{2024: "Baik", 2025: "Baik"}, **dict(i.skp)}.items()))
        ),
    }
    if i.pendidikan is not None:
        higher = [p for p in PENDIDIKAN if PENDIDIKAN_PERINGKAT[p] > PENDIDIKAN_PERINGKAT[i.pendidikan]]
        if higher:
            out["education up"] = replace(i, pendidikan=higher[0])
    else:
        out["education verified"] = replace(i, pendidikan="s2")
    if i.asesmen is not None:
        a = i.asesmen
        out["JPM up"] = replace(i, asesmen=replace(a, jpm=a.jpm + 7))
        out["asesmen valid longer"] = replace(
            i, asesmen=replace(a, berlaku_sampai=a.berlaku_sampai + dt.timedelta(days=400))
        )
        out["competency up"] = replace(
            i, asesmen=replace(a, kompetensi=tuple((n, min(5, lv + 1)) for n, lv in a.kompetensi))
        )
    return out


@settings(max_examples=400, deadline=None)
@given(inputs=kandidat, post=post, nominasi=st.booleans())
def test_improving_one_input_never_lowers_eligibility_or_readiness(inputs, post, nominasi):
    before = kandidat_nilai(inputs=inputs, post=post, aturan=ATURAN, tanggal_acuan=ACUAN, nominasi=nominasi)
    for what, better in improvements(inputs).items():
        after = kandidat_nilai(
            inputs=better, post=post, aturan=ATURAN, tanggal_acuan=ACUAN, nominasi=nominasi
        )
        assert hasil_rank(after.kelayakan) >= hasil_rank(before.kelayakan), what
        assert kesiapan_rank(after.kesiapan) >= kesiapan_rank(before.kesiapan), (what, before, after)
        for kode in KRITERIA:
            assert hasil_rank(after.kriteria_get(kode).hasil) >= hasil_rank(
                before.kriteria_get(kode).hasil
            ), (
                what,
                kode,
            )
