# ruff: noqa: F811  (the komite_a / komite_b fixtures are imported from sidang_fixtures)
"""Sessions: every transition and every refusal of services_sidang.py, with what they write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.komite.models import AgendaSidang, KehadiranSidang, Sidang
from apps.komite.selectors import kuorum_status
from apps.komite.services_sidang import (
    agenda_hapus,
    agenda_tambah,
    kehadiran_catat,
    sidang_buat,
    sidang_hapus,
    sidang_lanjutan_buat,
    sidang_mulai,
    sidang_tutup,
    sidang_ubah,
    sidang_undang,
)
from apps.notifikasi.models import Notifikasi
from tests.factories import (
    AgendaSidangFactory,
    AnggotaKomiteFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    PenempatanFactory,
    SidangFactory,
    user_with_role,
)
from tests.komite.sidang_fixtures import keputusan_catat, komite_a, komite_b  # noqa: F401

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate()


def _buat(k, **kw):
    data = {
        "judul": "Sidang Komite Talenta I",
        "periode": HARI_INI.year,
        "tanggal": HARI_INI,
        "tempat": "Aula",
    }
    data.update(kw)
    return sidang_buat(instansi=k.instansi, actor=k.sekretaris, **data)


def _actions(instansi) -> list[str]:
    return list(
        AuditEvent.objects.filter(instansi=instansi, action__startswith="komite.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _siap_berlangsung(k):
    """A session under way with one review item, everyone invited and present."""
    sidang = _buat(k)
    agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis=AgendaSidang.Jenis.TINJAU_PETA)
    sidang_undang(sidang=sidang, actor=k.sekretaris)
    kehadiran_catat(sidang=sidang, actor=k.sekretaris, hadir={a.pk: True for a in k.anggota_rows.values()})
    return sidang_mulai(sidang=sidang, actor=k.sekretaris)


def test_buat_draft_with_audit(komite_a):
    with instansi_scope(komite_a.instansi):
        sidang = _buat(komite_a, judul="  Sidang   Kalibrasi  ", waktu=dt.time(9, 0), nomor="800/1/BKPSDM")
        assert sidang.status == Sidang.Status.DRAF
        assert sidang.judul == "Sidang Kalibrasi"
        assert sidang.dibuat_oleh == komite_a.sekretaris
        assert _actions(komite_a.instansi) == ["komite.sidang.buat"]


def test_buat_refuses_missing_place_and_bad_period(komite_a):
    with instansi_scope(komite_a.instansi), pytest.raises(ValidationError) as info:
        _buat(komite_a, tempat="  ", periode=1900)
    assert set(info.value.message_dict) == {"tempat", "periode"}
    with instansi_scope(komite_a.instansi):
        assert not Sidang.objects.exists()


def test_ubah_only_while_draft(komite_a):
    with instansi_scope(komite_a.instansi):
        sidang = _buat(komite_a)
        sidang_ubah(
            sidang=sidang, actor=komite_a.sekretaris, judul="Baru", periode=sidang.periode,
            tanggal=sidang.tanggal, tempat="Ruang Rapat", waktu=None, nomor="",
        )  # fmt: skip
        sidang.refresh_from_db()
        assert (sidang.judul, sidang.tempat) == ("Baru", "Ruang Rapat")
        assert "komite.sidang.ubah" in _actions(komite_a.instansi)
        Sidang.objects.filter(pk=sidang.pk).update(status=Sidang.Status.BERLANGSUNG)
        with pytest.raises(ValidationError, match="hanya dapat diubah saat draf"):
            sidang_ubah(
                sidang=sidang, actor=komite_a.sekretaris, judul="Lain", periode=sidang.periode,
                tanggal=sidang.tanggal, tempat="Aula",
            )  # fmt: skip
        sidang.refresh_from_db()
        assert sidang.judul == "Baru"


def test_agenda_three_kinds_numbered_in_order(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _buat(k)
        a1 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="tinjau_peta")
        a2 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="tinjau_peta", unit_kerja=k.unit)
        a3 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="kalibrasi", pegawai=k.pegawai)
        a4 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="suksesi", jabatan_kunci=k.jabatan)
        assert [a.urutan for a in (a1, a2, a3, a4)] == [1, 2, 3, 4]
        assert a1.unit_kerja is None and a2.unit_kerja == k.unit
        assert a3.pegawai == k.pegawai and a4.jabatan_kunci == k.jabatan
        assert _actions(k.instansi).count("komite.agenda.tambah") == 4


def test_agenda_refuses_duplicates_and_wrong_subjects(komite_a, komite_b):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _buat(k)
        agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="kalibrasi", pegawai=k.pegawai)
        agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="suksesi", jabatan_kunci=k.jabatan)
        agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="tinjau_peta")
        tanpa_penempatan = PegawaiFactory(instansi=k.instansi, unit_kerja=k.unit)
        nonaktif = PegawaiFactory(instansi=k.instansi, unit_kerja=k.unit, aktif=False)
        PenempatanFactory(pegawai=nonaktif, kotak=5)
        lama = PegawaiFactory(instansi=k.instansi, unit_kerja=k.unit)
        PenempatanFactory(pegawai=lama, kotak=5, periode=sidang.periode - 1)
        jabatan_nonaktif = JabatanKunciFactory(instansi=k.instansi, unit_kerja=k.unit, aktif=False)
        cases = [
            ({"jenis": "kalibrasi", "pegawai": k.pegawai}, "sudah ada di agenda"),
            ({"jenis": "suksesi", "jabatan_kunci": k.jabatan}, "sudah ada di agenda"),
            ({"jenis": "tinjau_peta"}, "sudah ada di agenda"),
            ({"jenis": "kalibrasi", "pegawai": tanpa_penempatan}, "belum mempunyai penempatan final"),
            ({"jenis": "kalibrasi", "pegawai": lama}, "belum mempunyai penempatan final"),
            ({"jenis": "kalibrasi", "pegawai": nonaktif}, "tidak aktif"),
            ({"jenis": "kalibrasi", "pegawai": komite_b.pegawai}, "instansi ini"),
            ({"jenis": "suksesi", "jabatan_kunci": komite_b.jabatan}, "instansi ini"),
            ({"jenis": "suksesi", "jabatan_kunci": jabatan_nonaktif}, "bukan jabatan kunci aktif"),
            ({"jenis": "tinjau_peta", "unit_kerja": komite_b.unit}, "tidak ditemukan"),
        ]
        for kwargs, pesan in cases:
            with pytest.raises(ValidationError, match=pesan):
                agenda_tambah(sidang=sidang, actor=k.sekretaris, **kwargs)
        assert sidang.agenda.count() == 3


def test_agenda_hapus_renumbers_and_refuses_a_decided_item(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _siap_berlangsung(k)
        a2 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="kalibrasi", pegawai=k.pegawai)
        a3 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="suksesi", jabatan_kunci=k.jabatan)
        a1 = sidang.agenda.get(urutan=1)
        keputusan_catat(a1, k.ketua)
        with pytest.raises(ValidationError, match="sudah diputuskan"):
            agenda_hapus(agenda=a1, actor=k.sekretaris)
        agenda_hapus(agenda=a2, actor=k.sekretaris)
        a3.refresh_from_db()
        assert a3.urutan == 2
        assert list(sidang.agenda.values_list("urutan", flat=True)) == [1, 2]
        assert "komite.agenda.hapus" in _actions(k.instansi)


def test_undang_invites_active_members_and_notifies_them(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        mantan = user_with_role("komite_anggota", k.instansi, username="a.mantan")
        AnggotaKomiteFactory(instansi=k.instansi, user=mantan, selesai=HARI_INI - dt.timedelta(days=1))
        sidang = _buat(k)
        rows = sidang_undang(sidang=sidang, actor=k.sekretaris)
        assert {r.anggota_id for r in rows} == {a.pk for a in k.anggota_rows.values()}
        notif = Notifikasi.objects.filter(instansi=k.instansi, jenis="komite.undangan")
        assert {n.penerima_id for n in notif} == {k.ketua.pk, k.sekretaris.pk, k.anggota.pk}
        assert all(n.tautan == f"/komite/sidang/{sidang.pk}/" for n in notif)
        assert all(n.judul.startswith("Undangan sidang") for n in notif)
        sidang.refresh_from_db()
        assert sidang.diundang_pada is not None

        # A new member joins; the repeat invites them and tells the others about the change.
        baru = user_with_role("komite_anggota", k.instansi, username="a.baru")
        AnggotaKomiteFactory(instansi=k.instansi, user=baru)
        sidang_undang(sidang=sidang, actor=k.sekretaris)
        assert KehadiranSidang.objects.filter(sidang=sidang).count() == 4
        assert Notifikasi.objects.get(penerima=baru).judul.startswith("Undangan sidang")
        assert Notifikasi.objects.filter(penerima=k.ketua, judul__startswith="Perubahan sidang").count() == 1
        assert not Notifikasi.objects.filter(penerima=mantan).exists()
        assert _actions(k.instansi).count("komite.sidang.undang") == 2


def test_undang_refused_without_members(instansi_a):
    sekretaris = user_with_role("komite_sekretaris", instansi_a, username="s.sendiri")
    with instansi_scope(instansi_a):
        sidang = sidang_buat(
            instansi=instansi_a, actor=sekretaris, judul="S", periode=2025, tanggal=HARI_INI, tempat="Aula"
        )
        with pytest.raises(ValidationError, match="belum mempunyai anggota aktif"):
            sidang_undang(sidang=sidang, actor=sekretaris)
        assert not Notifikasi.objects.exists()


def test_kehadiran_and_quorum(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _buat(k)
        with pytest.raises(ValidationError, match="Kirim undangan dulu"):
            kehadiran_catat(sidang=sidang, actor=k.sekretaris, hadir={k.anggota_rows["ketua"].pk: True})
        sidang_undang(sidang=sidang, actor=k.sekretaris)
        kehadiran_catat(
            sidang=sidang,
            actor=k.sekretaris,
            hadir={k.anggota_rows["sekretaris"].pk: True, k.anggota_rows["anggota"].pk: True},
        )
        kuorum = kuorum_status(sidang=sidang)
        assert kuorum.hadir == 2 and not kuorum.tercapai  # ketua absent
        assert "ketua" in kuorum.alasan
        kehadiran_catat(sidang=sidang, actor=k.sekretaris, hadir={k.anggota_rows["ketua"].pk: True})
        assert kuorum_status(sidang=sidang).tercapai
        with pytest.raises(ValidationError, match="tidak diundang"):
            kehadiran_catat(sidang=sidang, actor=k.sekretaris, hadir={999999: True})
        assert "komite.kehadiran.catat" in _actions(k.instansi)


def test_mulai_needs_agenda_and_invitations(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _buat(k)
        with pytest.raises(ValidationError) as info:
            sidang_mulai(sidang=sidang, actor=k.sekretaris)
        assert any("agenda" in m for m in info.value.messages)
        assert any("undangan" in m for m in info.value.messages)
        agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="tinjau_peta")
        with pytest.raises(ValidationError, match="undangan"):
            sidang_mulai(sidang=sidang, actor=k.sekretaris)
        sidang.refresh_from_db()
        assert sidang.status == Sidang.Status.DRAF
        sidang_undang(sidang=sidang, actor=k.sekretaris)
        sidang_mulai(sidang=sidang, actor=k.sekretaris)
        sidang.refresh_from_db()
        assert sidang.status == Sidang.Status.BERLANGSUNG and sidang.dimulai_pada
        with pytest.raises(ValidationError, match="sudah berlangsung"):
            sidang_mulai(sidang=sidang, actor=k.sekretaris)


def test_tutup_refuses_undecided_items_naming_them_then_closes_and_notifies_ppk(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _siap_berlangsung(k)
        a2 = agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="kalibrasi", pegawai=k.pegawai)
        keputusan_catat(sidang.agenda.get(urutan=1), k.ketua)
        with pytest.raises(ValidationError, match=r"agenda 2 \(Kalibrasi penempatan\) belum diputuskan"):
            sidang_tutup(sidang=sidang, actor=k.sekretaris)
        sidang.refresh_from_db()
        assert sidang.status == Sidang.Status.BERLANGSUNG
        assert not Notifikasi.objects.filter(penerima=k.ppk).exists()
        keputusan_catat(a2, k.ketua)
        sidang_tutup(sidang=sidang, actor=k.sekretaris, catatan="Sidang berjalan lancar.")
        sidang.refresh_from_db()
        assert sidang.status == Sidang.Status.SELESAI
        assert sidang.catatan == "Sidang berjalan lancar." and sidang.ditutup_oleh == k.sekretaris
        notif = Notifikasi.objects.get(penerima=k.ppk)
        assert "menunggu penetapan" in notif.judul.lower()
        assert notif.tautan == f"/komite/sidang/{sidang.pk}/"
        assert _actions(k.instansi)[-1] == "komite.sidang.tutup"


def test_tutup_refused_for_a_draft(komite_a):
    with instansi_scope(komite_a.instansi):
        sidang = _buat(komite_a)
        with pytest.raises(ValidationError, match="sedang berlangsung"):
            sidang_tutup(sidang=sidang, actor=komite_a.sekretaris)


@pytest.mark.parametrize("status", ["selesai", "ditetapkan", "dikembalikan"])
def test_a_closed_session_refuses_every_change(komite_a, status):
    k = komite_a
    sidang = SidangFactory(instansi=k.instansi, status=status)
    agenda = AgendaSidangFactory(sidang=sidang)
    with instansi_scope(k.instansi):
        before = _actions(k.instansi)
        attempts = [
            lambda: agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="kalibrasi", pegawai=k.pegawai),
            lambda: agenda_hapus(agenda=agenda, actor=k.sekretaris),
            lambda: sidang_undang(sidang=sidang, actor=k.sekretaris),
            lambda: kehadiran_catat(sidang=sidang, actor=k.sekretaris, hadir={}),
            lambda: sidang_mulai(sidang=sidang, actor=k.sekretaris),
            lambda: sidang_tutup(sidang=sidang, actor=k.sekretaris),
            lambda: sidang_hapus(sidang=sidang, actor=k.sekretaris),
            lambda: sidang_ubah(
                sidang=sidang,
                actor=k.sekretaris,
                judul="X",
                periode=sidang.periode,
                tanggal=sidang.tanggal,
                tempat="Aula",
            ),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError, match="sudah ditutup"):
                attempt()
        assert sidang.agenda.count() == 1
        assert not KehadiranSidang.objects.filter(sidang=sidang).exists()
        assert _actions(k.instansi) == before
        sidang.refresh_from_db()
        assert sidang.status == status


def test_hapus_only_a_draft(komite_a):
    k = komite_a
    with instansi_scope(k.instansi):
        sidang = _buat(k)
        agenda_tambah(sidang=sidang, actor=k.sekretaris, jenis="tinjau_peta")
        sidang_undang(sidang=sidang, actor=k.sekretaris)
        sidang_hapus(sidang=sidang, actor=k.sekretaris)
        assert not Sidang.objects.filter(pk=sidang.pk).exists()
        assert not AgendaSidang.objects.filter(sidang_id=sidang.pk).exists()
        assert "komite.sidang.hapus" in _actions(k.instansi)
        berjalan = _siap_berlangsung(k)
        with pytest.raises(ValidationError, match="hanya dapat diubah saat draf"):
            sidang_hapus(sidang=berjalan, actor=k.sekretaris)
        assert Sidang.objects.filter(pk=berjalan.pk).exists()


def test_lanjutan_copies_the_agenda_of_a_returned_session(komite_a):
    k = komite_a
    asal = SidangFactory(
        instansi=k.instansi, status="berlangsung", periode=2025, tanggal=dt.date(2025, 11, 3)
    )
    AgendaSidangFactory(sidang=asal, urutan=1, jenis="tinjau_peta", keterangan="Seluruh instansi")
    AgendaSidangFactory(sidang=asal, urutan=2, jenis="kalibrasi", pegawai=k.pegawai)
    AgendaSidangFactory(sidang=asal, urutan=3, jenis="suksesi", jabatan_kunci=k.jabatan)
    with instansi_scope(k.instansi):
        with pytest.raises(ValidationError, match="dikembalikan PPK"):
            sidang_lanjutan_buat(sidang_asal=asal, actor=k.sekretaris)
        Sidang.objects.filter(pk=asal.pk).update(status="dikembalikan")
        baru = sidang_lanjutan_buat(sidang_asal=asal, actor=k.sekretaris)
        assert baru.status == Sidang.Status.DRAF and baru.sidang_asal == asal and baru.periode == 2025
        assert list(
            baru.agenda.order_by("urutan").values_list("urutan", "jenis", "pegawai", "jabatan_kunci")
        ) == [
            (1, "tinjau_peta", None, None),
            (2, "kalibrasi", k.pegawai.pk, None),
            (3, "suksesi", None, k.jabatan.pk),
        ]
        assert baru.agenda.get(urutan=1).keterangan == "Seluruh instansi"
        with pytest.raises(ValidationError, match="sudah mempunyai sidang lanjutan"):
            sidang_lanjutan_buat(sidang_asal=asal, actor=k.sekretaris)
        assert _actions(k.instansi)[-1] == "komite.sidang.lanjutan"
