"""Completeness arithmetic: the seven checks of apps/pegawai/kelengkapan.py, the rounding of the
percentage, what counts (approved only) and what is merely listed, and the aggregates per unit,
perangkat daerah and instansi with the ranking (apps/pegawai/selectors.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.pegawai.kelengkapan import CHECKS, kelengkapan_compute, kelengkapan_compute_many
from apps.pegawai.models import (
    HukumanDisiplin,
    KelengkapanData,
    Organisasi,
    Pegawai,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikat,
    StatusVerifikasi,
)
from apps.pegawai.selectors import Agregat, kelengkapan_per_unit_kerja, kelengkapan_ringkasan
from apps.pegawai.services import pegawai_create, riwayat_approve, riwayat_create, riwayat_reject
from tests.factories import PegawaiFactory, UnitKerjaFactory, nip_pns

pytestmark = pytest.mark.django_db

OK, WAIT, NO = StatusVerifikasi.DISETUJUI, StatusVerifikasi.DIAJUKAN, StatusVerifikasi.DITOLAK
EXPECTED_PERCENT = {0: 0, 1: 14, 2: 29, 3: 43, 4: 57, 5: 71, 6: 86, 7: 100}


# --- the pure computation ------------------------------------------------------------------------------


def complete_pegawai(**overrides) -> Pegawai:
    fields = {
        "nip": "198609262015051001",
        "nama": "Budi",
        "tanggal_lahir": dt.date(1986, 9, 26),
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "golongan": "III/c",
        "jenis_jabatan": "pelaksana",
        "nama_jabatan": "Penata Layanan Operasional",
        "unit_kerja_id": 1,
        "tmt_jabatan": dt.date(2020, 1, 1),
        "pendidikan_terakhir": "s1",
        "email": "budi@example.com",
        "telepon": "0812-0000-0000",
    }
    fields.update(overrides)
    return Pegawai(**fields)


def pendidikan(status=OK, jenjang="s1", dokumen=True):
    return RiwayatPendidikan(
        jenjang=jenjang, institusi="Universitas Tanjungpura", tahun_lulus=2009, status=status,
        dokumen_id=1 if dokumen else None, alasan_penolakan="Ijazah buram." if status == NO else "",
    )  # fmt: skip


def jabatan(status=OK, dokumen=True):
    return RiwayatJabatan(
        jenis_jabatan="pelaksana", nama_jabatan="Pengolah Data", unit="Dinas", tmt_mulai=dt.date(2015, 5, 1),
        status=status, dokumen_id=1 if dokumen else None,
    )  # fmt: skip


def diklat(status=OK, dokumen=True):
    return RiwayatDiklat(
        jenis="teknis", nama="Bimtek SKP", penyelenggara="BPSDM", tanggal_mulai=dt.date(2024, 1, 1),
        tanggal_selesai=dt.date(2024, 1, 3), jam_pelajaran=24, status=status, dokumen_id=1 if dokumen else None,
    )  # fmt: skip


def sertifikat(status=OK, dokumen=True):
    return Sertifikat(
        nama="Sertifikat Pendidik", penerbit="Kemendikbudristek", tanggal_terbit=dt.date(2019, 1, 1),
        status=status, dokumen_id=1 if dokumen else None,
    )  # fmt: skip


def organisasi(status=OK, dokumen=True):
    return Organisasi(
        nama="KORPRI", jabatan="Anggota", tanggal_mulai=dt.date(2015, 1, 1), status=status,
        dokumen_id=1 if dokumen else None,
    )  # fmt: skip


def full_riwayat():
    return [pendidikan(), jabatan(), diklat()]


def test_many_at_once_equals_one_by_one_and_shares_alike_results():
    """kelengkapan_compute_many shares the result of pegawai without riwayat between alike profiles
    (same filled fields, same coded values): every result must still be the one-by-one one."""
    base = {f.attname: getattr(complete_pegawai(), f.attname) for f in Pegawai._meta.concrete_fields}
    variants = [{}, {"nama": "Siti", "nip": "197905122005012003"}]
    variants += [{name: None if name in ("tanggal_lahir", "tmt_jabatan", "unit_kerja_id") else ""} for name in (
        "nip", "tanggal_lahir", "jenis_kelamin", "golongan", "pendidikan_terakhir", "nama_jabatan",
        "unit_kerja_id", "tmt_jabatan", "email", "telepon",
    )]  # fmt: skip
    variants += [
        {"status_kepegawaian": "pppk_paruh_waktu", "golongan": ""},
        {"pendidikan_terakhir": "d3"},
        {"pendidikan_terakhir": "s2"},
    ]
    items = [
        ({**base, **variant}, riwayat)
        for variant, riwayat in itertools.product(variants, [[], full_riwayat(), [pendidikan(status=NO)]])
    ]
    results = list(kelengkapan_compute_many(items=items))
    for (profile, riwayat), hasil in zip(items, results, strict=True):
        expected = kelengkapan_compute(pegawai=Pegawai(**profile), riwayat=riwayat)
        assert (hasil.persen, hasil.kekurangan) == (expected.persen, expected.kekurangan), profile
    # the first two profiles differ only in filled values: one computation serves both
    assert results[0] is results[len(items) // len(variants)]


def test_everything_present_is_100():
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=full_riwayat())
    assert hasil.persen == 100
    assert sorted(hasil.terpenuhi) == sorted(CHECKS)
    assert hasil.kekurangan == []


# One way to fail each check, and the message the pegawai sees.
FAILURES = {
    "data_pokok": ({"golongan": "", "pendidikan_terakhir": "s1"}, None, "Data pokok belum lengkap: golongan."),
    "jabatan": ({"tmt_jabatan": None, "unit_kerja_id": None}, None, "Data jabatan belum lengkap: unit kerja, TMT jabatan."),
    "kontak": ({"email": ""}, None, "Kontak belum lengkap: e-mail."),
    "pendidikan": ({}, lambda r: [jabatan(), diklat()], "Riwayat pendidikan S-1 (pendidikan terakhir) belum ada yang disetujui."),
    "riwayat_jabatan": ({}, lambda r: [pendidikan(), diklat()], "Riwayat jabatan belum ada yang disetujui."),
    "pengembangan": ({}, lambda r: [pendidikan(), jabatan()], "Belum ada diklat/pelatihan atau sertifikat yang disetujui."),
    "dokumen": ({}, lambda r: [*r, organisasi(dokumen=False)], "Dokumen pendukung belum diunggah: organisasi “KORPRI — Anggota”."),
}  # fmt: skip


@pytest.mark.parametrize("kode", CHECKS)
def test_each_check_on_its_own(kode):
    overrides, riwayat_fn, pesan = FAILURES[kode]
    riwayat = full_riwayat()
    if riwayat_fn:
        riwayat = riwayat_fn(riwayat)
    hasil = kelengkapan_compute(pegawai=complete_pegawai(**overrides), riwayat=riwayat)
    assert hasil.persen == 86
    assert kode not in hasil.terpenuhi and len(hasil.terpenuhi) == 6
    assert [k.as_dict() for k in hasil.kekurangan] == [{"kode": kode, "pesan": pesan, "jenis": "kurang"}]


def test_paruh_waktu_needs_no_golongan():
    hasil = kelengkapan_compute(
        pegawai=complete_pegawai(status_kepegawaian="pppk_paruh_waktu", golongan=""), riwayat=full_riwayat()
    )
    assert hasil.persen == 100


def test_pendidikan_must_match_the_pendidikan_terakhir():
    hasil = kelengkapan_compute(pegawai=complete_pegawai(pendidikan_terakhir="s2"), riwayat=full_riwayat())
    assert "pendidikan" not in hasil.terpenuhi
    # Without a pendidikan terakhir any approved pendidikan counts (data pokok then misses it).
    hasil = kelengkapan_compute(pegawai=complete_pegawai(pendidikan_terakhir=""), riwayat=full_riwayat())
    assert "pendidikan" in hasil.terpenuhi and "data_pokok" not in hasil.terpenuhi


def test_a_sertifikat_counts_as_pengembangan():
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=[pendidikan(), jabatan(), sertifikat()])
    assert hasil.persen == 100


@pytest.mark.parametrize("n", range(8))
def test_percentage_rounding_for_0_to_7_checks(n):
    """Satisfy exactly n of the seven checks (every combination) and read the percentage."""
    for satisfied in itertools.combinations(CHECKS, n):
        overrides: dict = {}
        riwayat = []
        if "data_pokok" not in satisfied:
            overrides["golongan"] = ""
        if "jabatan" not in satisfied:
            overrides["tmt_jabatan"] = None
        if "kontak" not in satisfied:
            overrides["telepon"] = ""
        if "pendidikan" in satisfied:
            riwayat.append(pendidikan())
        if "riwayat_jabatan" in satisfied:
            riwayat.append(jabatan())
        if "pengembangan" in satisfied:
            riwayat.append(diklat())
        if "dokumen" not in satisfied:
            riwayat.append(organisasi(dokumen=False))
        hasil = kelengkapan_compute(pegawai=complete_pegawai(**overrides), riwayat=riwayat)
        assert sorted(hasil.terpenuhi) == sorted(satisfied)
        assert hasil.persen == EXPECTED_PERCENT[n] == round(100 * n / 7)


def test_waiting_and_rejected_items_are_listed_but_do_not_count():
    riwayat = [pendidikan(status=WAIT), jabatan(status=NO), diklat()]
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=riwayat)
    assert hasil.persen == 71  # pendidikan and riwayat jabatan not satisfied
    by_jenis = {}
    for k in hasil.kekurangan:
        by_jenis.setdefault(k.jenis, []).append(k)
    assert [k.kode for k in by_jenis["kurang"]] == ["pendidikan", "riwayat_jabatan"]
    [menunggu] = by_jenis["menunggu"]
    assert menunggu.pesan.startswith("Menunggu verifikasi: riwayat pendidikan “S-1")
    [ditolak] = by_jenis["ditolak"]
    assert ditolak.pesan.startswith("Ditolak: riwayat jabatan “Pengolah Data — Dinas”")
    assert ditolak.pesan.endswith("Perbaiki lalu ajukan lagi.")


def test_rejected_item_shows_its_reason():
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=[*full_riwayat(), pendidikan(status=NO)])
    [ditolak] = [k for k in hasil.kekurangan if k.jenis == "ditolak"]
    assert "Ijazah buram." in ditolak.pesan
    assert hasil.persen == 100  # the approved items still satisfy every check


def test_approved_but_without_document():
    riwayat = [pendidikan(dokumen=False), jabatan(), diklat()]
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=riwayat)
    assert "pendidikan" in hasil.terpenuhi  # approved: it counts …
    assert "dokumen" not in hasil.terpenuhi  # … but the evidence is missing
    assert hasil.persen == 86
    assert [k.kode for k in hasil.kekurangan] == ["dokumen"]


def test_a_waiting_item_counts_neither_way_and_its_note_says_the_document_is_missing():
    # Only approved items count (#13): a waiting item, with or without its document, neither
    # lowers nor raises the percentage; its note tells the ASN the document is still missing.
    for dokumen in (False, True):
        hasil = kelengkapan_compute(
            pegawai=complete_pegawai(), riwayat=[*full_riwayat(), organisasi(WAIT, dokumen)]
        )
        assert hasil.persen == 100
        [catatan] = hasil.kekurangan
        assert catatan.kode == "menunggu"
        assert ("belum ada dokumen pendukung" in catatan.pesan) is not dokumen


def test_hukuman_disiplin_needs_no_document_from_the_asn():
    hukuman = HukumanDisiplin(
        tingkat="ringan", jenis_hukuman="Teguran", nomor_sk="1", tmt_mulai=dt.date(2025, 1, 1)
    )
    hukuman.status = OK
    hasil = kelengkapan_compute(pegawai=complete_pegawai(), riwayat=[*full_riwayat(), hukuman])
    assert hasil.persen == 100


# --- kept current by the services ----------------------------------------------------------------------


def test_the_stored_row_follows_every_change(instansi_a, make_user):
    verifikator = make_user(Role.VERIFIKATOR, instansi_a)
    unit = UnitKerjaFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        pegawai = pegawai_create(
            instansi=instansi_a,
            actor=None,
            nip=nip_pns(lahir=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1)),
            nama="Budi",
            tanggal_lahir=dt.date(1986, 9, 26),
            jenis_kelamin="L",
            status_kepegawaian="pns",
            golongan="III/c",
            jenis_jabatan="pelaksana",
            nama_jabatan="Pengolah Data",
            unit_kerja=unit,
            tmt_jabatan=dt.date(2020, 1, 1),
            pendidikan_terakhir="s1",
            email="budi@example.com",
            telepon="0812",
        )
        row = KelengkapanData.objects.get(pegawai=pegawai)
        assert row.persen == 57  # data pokok, jabatan, kontak, dokumen (nothing uploaded yet)
        item = riwayat_create(
            model=RiwayatPendidikan,
            pegawai=pegawai,
            actor=None,
            data={"jenjang": "s1", "institusi": "Universitas Tanjungpura", "tahun_lulus": 2009},
        )
        row.refresh_from_db()
        assert row.persen == 57  # a waiting item counts neither way (approved items only)
        assert {k["jenis"] for k in row.kekurangan} == {"kurang", "menunggu"}
        riwayat_reject(riwayat=item, actor=verifikator, alasan="Ijazah belum diunggah.")
        row.refresh_from_db()
        assert any(k["jenis"] == "ditolak" and "Ijazah belum diunggah." in k["pesan"] for k in row.kekurangan)
        other = riwayat_create(
            model=RiwayatJabatan,
            pegawai=pegawai,
            actor=None,
            data={"jenis_jabatan": "pelaksana", "nama_jabatan": "Pengolah Data", "unit": "Dinas", "tmt_mulai": dt.date(2020, 1, 1)},
        )  # fmt: skip
        riwayat_approve(riwayat=other, actor=verifikator)
        row.refresh_from_db()
        assert row.persen == 57  # riwayat jabatan now counts; its document is missing


# --- aggregates ---------------------------------------------------------------------------------------------


def _pegawai(instansi, unit, persen, aktif=True):
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, aktif=aktif)
    if persen is not None:
        KelengkapanData.objects.create(instansi=instansi, pegawai=pegawai, persen=persen, kekurangan=[])
    return pegawai


@pytest.fixture
def tree(instansi_a, instansi_b):
    """PD1 → bidang → seksi, PD2 and an empty PD3, with pegawai of known completeness."""
    pd1 = UnitKerjaFactory(instansi=instansi_a, kode="01", nama="Dinas Pendidikan")
    bidang = UnitKerjaFactory(instansi=instansi_a, kode="01.01", nama="Bidang SD", jenis="bidang", induk=pd1)
    seksi = UnitKerjaFactory(
        instansi=instansi_a, kode="01.01.01", nama="Seksi Kurikulum", jenis="seksi", induk=bidang
    )
    pd2 = UnitKerjaFactory(instansi=instansi_a, kode="02", nama="Dinas Kesehatan")
    pd3 = UnitKerjaFactory(instansi=instansi_a, kode="03", nama="Inspektorat Daerah")
    _pegawai(instansi_a, pd1, 100)
    _pegawai(instansi_a, bidang, 86)
    _pegawai(instansi_a, bidang, 57)
    _pegawai(instansi_a, seksi, 29)
    _pegawai(instansi_a, seksi, None)  # no completeness row yet: counts as 0%
    _pegawai(instansi_a, pd2, 86)
    _pegawai(instansi_a, pd2, 86)
    _pegawai(instansi_a, pd2, 0, aktif=False)  # not counted
    _pegawai(instansi_a, None, 43)  # no unit kerja
    unit_b = UnitKerjaFactory(instansi=instansi_b, kode="01", nama="Dinas Lain")
    _pegawai(instansi_b, unit_b, 0)  # another instansi: never counted
    return {"pd1": pd1, "bidang": bidang, "seksi": seksi, "pd2": pd2, "pd3": pd3}


def test_agregat_arithmetic():
    a = Agregat(jumlah=3, total_persen=200, jumlah_lengkap=1)
    assert a.rata_rata == 66.7
    assert a.persen_lengkap == 33.3
    assert a + Agregat(1, 100, 1) == Agregat(4, 300, 2)
    assert Agregat().rata_rata is None and Agregat().persen_lengkap is None


def test_per_unit_kerja_counts_only_own_active_pegawai(instansi_a, tree):
    with instansi_scope(instansi_a):
        per_unit = kelengkapan_per_unit_kerja(instansi=instansi_a)
    assert per_unit == {
        tree["pd1"].pk: Agregat(1, 100, 1),
        tree["bidang"].pk: Agregat(2, 143, 1),
        tree["seksi"].pk: Agregat(2, 29, 0),
        tree["pd2"].pk: Agregat(2, 172, 2),
        None: Agregat(1, 43, 0),
    }


def test_rolled_up_through_the_tree(instansi_a, tree):
    with instansi_scope(instansi_a):
        ringkasan = kelengkapan_ringkasan(instansi=instansi_a)
    rows = ringkasan.per_unit
    seksi, bidang, pd1 = rows[tree["seksi"].pk], rows[tree["bidang"].pk], rows[tree["pd1"].pk]
    assert (seksi.total, seksi.total.rata_rata, seksi.total.persen_lengkap) == (Agregat(2, 29, 0), 14.5, 0.0)
    assert (bidang.langsung, bidang.total) == (Agregat(2, 143, 1), Agregat(4, 172, 1))
    assert (bidang.total.rata_rata, bidang.total.persen_lengkap) == (43.0, 25.0)
    assert (pd1.langsung, pd1.total) == (Agregat(1, 100, 1), Agregat(5, 272, 2))
    assert (pd1.total.rata_rata, pd1.total.persen_lengkap) == (54.4, 40.0)
    assert [r.kedalaman for r in ringkasan.rincian(tree["pd1"])] == [0, 1, 2]
    assert [r.unit for r in ringkasan.rincian(tree["bidang"])] == [tree["bidang"], tree["seksi"]]


def test_instansi_aggregate_includes_pegawai_without_unit(instansi_a, tree):
    with instansi_scope(instansi_a):
        ringkasan = kelengkapan_ringkasan(instansi=instansi_a)
    assert ringkasan.instansi == Agregat(8, 487, 4)
    assert ringkasan.instansi.rata_rata == 60.9  # 487 / 8 = 60.875
    assert ringkasan.instansi.persen_lengkap == 50.0
    assert ringkasan.tanpa_unit == Agregat(1, 43, 0)


def test_ranking_of_perangkat_daerah_by_average(instansi_a, tree):
    with instansi_scope(instansi_a):
        ringkasan = kelengkapan_ringkasan(instansi=instansi_a)
    ranking = [(r.unit.nama, r.peringkat, r.total.rata_rata) for r in ringkasan.perangkat_daerah]
    assert ranking == [
        ("Dinas Kesehatan", 1, 86.0),
        ("Dinas Pendidikan", 2, 54.4),
        ("Inspektorat Daerah", None, None),  # no pegawai: listed last, not ranked
    ]


def test_equal_averages_share_a_rank(instansi_a):
    units = [UnitKerjaFactory(instansi=instansi_a, kode=f"0{i}", nama=f"Dinas {i}") for i in range(1, 5)]
    for unit, values in zip(units, [[50], [80, 80], [90, 70], [40]], strict=True):
        for value in values:
            _pegawai(instansi_a, unit, value)
    with instansi_scope(instansi_a):
        ringkasan = kelengkapan_ringkasan(instansi=instansi_a)
    # Dinas 2 and 3 both average 80.0; Dinas 2 has the larger share ≥ 80% and is listed first.
    assert [(r.unit.nama, r.peringkat) for r in ringkasan.perangkat_daerah] == [
        ("Dinas 2", 1),
        ("Dinas 3", 1),
        ("Dinas 1", 3),
        ("Dinas 4", 4),
    ]


def test_aggregates_take_two_queries_whatever_the_number_of_pegawai(instansi_a, tree):
    def count_queries():
        with instansi_scope(instansi_a), CaptureQueriesContext(connection) as ctx:
            kelengkapan_ringkasan(instansi=instansi_a)
        return len(ctx.captured_queries)

    before = count_queries()
    with scopes_disabled():
        for _ in range(15):
            _pegawai(instansi_a, tree["seksi"], 71)
    assert count_queries() == before == 2


def test_kelengkapan_hitung_ulang_rewrites_rows_stored_under_an_older_rule(instansi_a, instansi_b):
    from io import StringIO

    from django.core.management import call_command

    from apps.pegawai.models import KelengkapanData

    with instansi_scope(instansi_a):
        pegawai = PegawaiFactory(instansi=instansi_a)
        KelengkapanData.objects.filter(pegawai=pegawai).delete()
        KelengkapanData.objects.create(instansi=instansi_a, pegawai=pegawai, persen=100, kekurangan=[])
    with instansi_scope(instansi_b):
        lain = PegawaiFactory(instansi=instansi_b)
        KelengkapanData.objects.filter(pegawai=lain).delete()
        KelengkapanData.objects.create(instansi=instansi_b, pegawai=lain, persen=100, kekurangan=[])
    out = StringIO()
    call_command("kelengkapan_hitung_ulang", "--instansi", instansi_a.kode, stdout=out)
    assert "1 pegawai dihitung ulang" in out.getvalue()
    with instansi_scope(instansi_a):
        row = KelengkapanData.objects.get(pegawai=pegawai)
        expected = kelengkapan_compute(pegawai=pegawai, riwayat=[])
    assert (row.persen, row.kekurangan) == (expected.persen, [k.as_dict() for k in expected.kekurangan])
    assert row.persen < 100
    with instansi_scope(instansi_b):  # only the named instansi
        assert KelengkapanData.objects.get(pegawai=lain).persen == 100
