"""Reading an instansi's implementation facts from its own tables (`tahap_fakta` / `tahap_baca`):
each figure the rules use, counted inside the instansi's scope, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.integrity import rantai_tambah
from apps.komite.models import AgendaSidang, AnggotaKomite, KeputusanKomite, Penetapan, Sidang
from apps.nasional.models import DeklarasiTahap
from apps.nasional.tahap import DEKLARASI, SISTEM, tahap_baca, tahap_fakta
from apps.petatalenta.models import Penempatan
from tests.factories import (
    AgendaSidangFactory,
    AnggotaKomiteFactory,
    AsesmenFactory,
    AturanTalentaFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    PenempatanFactory,
    SidangFactory,
    StatusSuksesiFactory,
    UnitKerjaFactory,
)

pytestmark = pytest.mark.django_db


def _pegawai(instansi, n: int, *, kotak: int | None = 9, asesmen: bool = True, aktif: bool = True):
    tahun = timezone.localdate().year
    for _ in range(n):
        pegawai = PegawaiFactory(instansi=instansi, aktif=aktif)
        if kotak:
            PenempatanFactory(pegawai=pegawai, kotak=kotak, dihitung_pada=timezone.now())
            PenempatanFactory(pegawai=pegawai, kotak=kotak, periode=tahun - 1, dihitung_pada=timezone.now())
        if asesmen:
            AsesmenFactory(pegawai=pegawai)


def _lengkap(instansi, make_user, *, pegawai: int = 3):
    """An instansi where the system shows everything it can."""
    admin = make_user(Role.ADMIN_BKD, instansi, username=f"admin.{instansi.kode}")
    ketua = make_user(Role.KOMITE_KETUA, instansi, username=f"ketua.{instansi.kode}")
    with instansi_scope(instansi):
        _pegawai(instansi, pegawai)
        PegawaiFactory(instansi=instansi, aktif=False)  # inactive pegawai never count
        AnggotaKomiteFactory(instansi=instansi, user=ketua, peran=AnggotaKomite.Peran.KETUA)
        AturanTalentaFactory(instansi=instansi, status="aktif")
        unit = UnitKerjaFactory(instansi=instansi, kode=f"T.{instansi.kode}", nama="Dinas Tahap")
        jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit)
        StatusSuksesiFactory(jabatan_kunci=jabatan)
        sidang = SidangFactory(instansi=instansi, status=Sidang.Status.DITETAPKAN)
        agenda = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=jabatan)
        rantai_tambah(
            KeputusanKomite(
                instansi=instansi, sidang=sidang, agenda=agenda, jenis=AgendaSidang.Jenis.SUKSESI,
                hasil=KeputusanKomite.Hasil.SETUJU, periode=sidang.periode, jabatan_kunci=jabatan,
                cara="mufakat", dicatat_oleh=admin, dicatat_pada=timezone.now(),
            )
        )  # fmt: skip
        rantai_tambah(
            Penetapan(
                instansi=instansi, sidang=sidang, periode=sidang.periode, hasil=Penetapan.Hasil.DITETAPKAN,
                nomor_keputusan="800/7/BKPSDM", tanggal_keputusan=timezone.localdate(), oleh=admin,
                pada=timezone.now(),
            )
        )  # fmt: skip
    return admin


def test_facts_are_counted_from_the_instansi_own_tables(instansi_a, instansi_b, make_user):
    _lengkap(instansi_a, make_user, pegawai=3)
    with instansi_scope(instansi_a):
        _pegawai(instansi_a, 1, kotak=None)  # active, not mapped
        _pegawai(instansi_a, 1, kotak=5, asesmen=False)  # mapped, its asesmen gone
    _lengkap(instansi_b, make_user, pegawai=7)  # another instansi: never counted for A
    with instansi_scope(instansi_a):
        fakta = tahap_fakta(instansi=instansi_a)
    assert fakta.periode == timezone.localdate().year
    assert fakta.pegawai_aktif == 5
    assert fakta.final == 4
    assert fakta.final_asesmen_valid == 3
    assert fakta.asesmen_valid == 4
    assert fakta.talent_pool == 3
    assert fakta.final_sebelumnya == 4
    assert fakta.dihitung_terakhir is not None
    assert fakta.admin_bkd == 1
    assert (fakta.komite_anggota, fakta.komite_ketua) == (1, 1)
    assert fakta.aturan_aktif is True
    assert (fakta.jabatan_kunci, fakta.jabatan_kunci_dihitung, fakta.jabatan_kunci_suksesor) == (1, 1, 1)
    assert fakta.penetapan_nomor == "800/7/BKPSDM"
    assert fakta.deklarasi == {}


def test_ended_terms_perlu_data_and_returned_penetapan_do_not_count(instansi_a, make_user):
    ppk = make_user(Role.PPK, instansi_a, username="ppk.a")
    ketua = make_user(Role.KOMITE_KETUA, instansi_a, username="ketua.lama")
    with instansi_scope(instansi_a):
        AnggotaKomiteFactory(
            instansi=instansi_a, user=ketua, peran=AnggotaKomite.Peran.KETUA,
            mulai=dt.date(2020, 1, 1), selesai=dt.date(2021, 1, 1),
        )  # fmt: skip
        pegawai = PegawaiFactory(instansi=instansi_a)
        PenempatanFactory(pegawai=pegawai, kotak=None, status=Penempatan.Status.PERLU_DATA)
        sidang = SidangFactory(instansi=instansi_a, status=Sidang.Status.SELESAI)
        rantai_tambah(
            Penetapan(
                instansi=instansi_a, sidang=sidang, periode=sidang.periode,
                hasil=Penetapan.Hasil.DIKEMBALIKAN, catatan="Lengkapi", oleh=ppk, pada=timezone.now(),
            )
        )  # fmt: skip
        fakta = tahap_fakta(instansi=instansi_a)
    assert (fakta.komite_anggota, fakta.final, fakta.talent_pool, fakta.penetapan_nomor) == (0, 0, 0, "")


def test_the_latest_declaration_counts_and_a_withdrawal_removes_it(instansi_a, admin_bkd_a):
    with instansi_scope(instansi_a):
        for nomor, dicabut in (("1/2025", False), ("2/2026", False)):
            DeklarasiTahap.objects.create(
                instansi=instansi_a, butir="perkada", nomor=nomor, tanggal=dt.date(2025, 1, 1),
                berkas="tahap/x.pdf", dicabut=dicabut, dinyatakan_oleh=admin_bkd_a,
            )  # fmt: skip
        DeklarasiTahap.objects.create(
            instansi=instansi_a, butir="komitmen", nomor="9", dinyatakan_oleh=admin_bkd_a
        )
        DeklarasiTahap.objects.create(
            instansi=instansi_a, butir="komitmen", nomor="9", dicabut=True, dinyatakan_oleh=admin_bkd_a
        )
        hasil = tahap_baca(instansi=instansi_a)
    indikator = hasil.rincian["indikator"]
    assert indikator["perkada"]["sumber"] == DEKLARASI
    assert indikator["perkada"]["deklarasi"]["nomor"] == "2/2026"
    assert indikator["komitmen"]["sumber"] == "belum"


@pytest.mark.parametrize("ukuran", [2, 12])
def test_fixed_number_of_queries_whatever_the_size(ukuran, instansi_a, make_user, django_assert_num_queries):
    _lengkap(instansi_a, make_user, pegawai=ukuran)
    with instansi_scope(instansi_a):
        for butir in ("perkada", "komitmen", "penempatan"):
            DeklarasiTahap.objects.create(instansi=instansi_a, butir=butir, nomor="1", berkas="tahap/x.pdf")
        with django_assert_num_queries(9):
            hasil = tahap_baca(instansi=instansi_a)
    assert hasil.skor_kti == 4
    assert hasil.tahap == 3  # stage 4 waits for the development programme's declaration
    assert hasil.rincian["indikator"]["komite"]["sumber"] == SISTEM
