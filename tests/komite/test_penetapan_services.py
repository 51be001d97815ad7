"""Penetapan services: setting freezes the snapshot (calibration in force, talent pool, KRS
Nasional, successors), returning keeps a note; every refusal leaves everything as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.komite.integrity import rantai_periksa, snapshot_digest
from apps.komite.models import Penetapan, Sidang, SnapshotPenempatan, SnapshotSuksesor
from apps.komite.selectors_penetapan import (
    ditetapkan_vs_sekarang,
    penempatan_ditetapkan_get,
    penetapan_antrian,
    penetapan_berlaku,
)
from apps.komite.services_penetapan import penetapan_kembalikan, penetapan_tetapkan
from apps.notifikasi.models import Notifikasi
from apps.petatalenta.models import Penempatan
from apps.petatalenta.services import penempatan_flush
from tests.factories import (
    AsesmenFactory,
    AturanTalentaFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    SidangFactory,
)

from .penetapan_bantuan import TAHUN, kalibrasi_catat, sidang_selesai_buat, suksesi_catat

pytestmark = pytest.mark.django_db
HARI_INI = timezone.localdate()


def _tetapkan(data, nomor="800.1.3/123/BKPSDM/2026", tanggal=None):
    with instansi_scope(data.instansi):
        return penetapan_tetapkan(
            sidang=data.sidang, actor=data.ppk, nomor_keputusan=nomor, tanggal_keputusan=tanggal or HARI_INI
        )


def _snapshot(penetapan) -> dict:
    with scopes_disabled():
        return {
            s.pegawai.nama: s
            for s in SnapshotPenempatan.objects.filter(penetapan=penetapan).select_related("pegawai")
        }


def _jumlah() -> tuple[int, int, int, int]:
    with scopes_disabled():
        return (
            Penetapan.objects.count(),
            SnapshotPenempatan.objects.count(),
            SnapshotSuksesor.objects.count(),
            AuditEvent.objects.filter(action__startswith="komite.penetapan").count(),
        )


def test_tetapkan_freezes_the_period_with_the_calibration_in_force(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    with instansi_scope(instansi_a):
        assert list(penetapan_antrian(instansi=instansi_a)) == [data.sidang]
    penetapan = _tetapkan(data)

    assert penetapan.hasil == "ditetapkan" and penetapan.nomor_keputusan == "800.1.3/123/BKPSDM/2026"
    assert penetapan.jumlah_penempatan == 3  # the inactive pegawai is not frozen
    rows = _snapshot(penetapan)
    assert set(rows) == {"Budi Santoso", "Citra Lestari", "Dedi Kurniawan"}
    budi = rows["Budi Santoso"]
    assert (budi.kotak, budi.kotak_dihitung, budi.keputusan_id) == (8, 5, data.kalibrasi.pk)
    assert budi.talent_pool is True and budi.krs_nasional is False  # box 8 is a pool box, not KRS Nasional
    citra = rows["Citra Lestari"]
    assert (citra.kotak, citra.keputusan_id, citra.talent_pool, citra.krs_nasional) == (9, None, True, True)
    dedi = rows["Dedi Kurniawan"]
    assert (dedi.kotak, dedi.talent_pool, dedi.krs_nasional) == (4, False, False)
    assert budi.inputs_hash == "h-Budi Santoso" and budi.periode == TAHUN
    # Who they were that day is frozen with the box (the decree's annexes print it).
    with scopes_disabled():
        pegawai_budi = budi.pegawai
        unit_budi = pegawai_budi.unit_kerja.nama if pegawai_budi.unit_kerja_id else ""
    assert (budi.nama, budi.nip, budi.nama_jabatan, budi.unit_kerja_nama) == (
        pegawai_budi.nama_lengkap,
        pegawai_budi.nip,
        pegawai_budi.nama_jabatan,
        unit_budi,
    )

    with scopes_disabled():
        suksesor = list(SnapshotSuksesor.objects.filter(penetapan=penetapan).order_by("urutan"))
        data.sidang.refresh_from_db()
        penerima = set(
            Notifikasi.objects.filter(jenis="komite.penetapan").values_list("penerima__username", flat=True)
        )
        audit = AuditEvent.objects.get(action="komite.penetapan.tetapkan")
    assert [(s.pegawai.nama, s.peran, s.kesiapan, s.urutan) for s in suksesor] == [
        ("Citra Lestari", "suksesor", "siap_sekarang", 1),
        ("Budi Santoso", "suksesor", "siap_1_2", 2),
        ("Dedi Kurniawan", "darurat", "siap_sekarang", 3),
    ]
    assert all(s.keputusan_id == data.suksesi.pk and s.jabatan_kunci_id == data.jabatan.pk for s in suksesor)
    assert {(s.nama, s.jabatan_kunci_nama) for s in suksesor} == {
        (s.pegawai.nama_lengkap, data.jabatan.nama) for s in suksesor
    }
    assert data.sidang.status == Sidang.Status.DITETAPKAN
    assert penerima == {"ketua.a", "sekretaris.a"}
    assert audit.target_id == str(penetapan.pk) and audit.new_values["jumlah_penempatan"] == 3
    with instansi_scope(instansi_a):
        assert penetapan.snapshot_hash == snapshot_digest(
            instansi_id=instansi_a.pk, penetapan_id=penetapan.pk
        )
        assert rantai_periksa(instansi=instansi_a) == []
        assert penetapan_berlaku(instansi=instansi_a, periode=TAHUN) == penetapan
        assert list(penetapan_antrian(instansi=instansi_a)) == []


def test_pool_follows_the_placement_rule_set_pool_boxes(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    konfigurasi = {**AturanTalentaFactory.build(instansi=instansi_a).konfigurasi, "kotak_talent_pool": [9]}
    aturan = AturanTalentaFactory(instansi=instansi_a, konfigurasi=konfigurasi, versi=99)
    with scopes_disabled():
        Penempatan.objects.filter(pegawai=data.pegawai["Budi Santoso"]).update(aturan=aturan)
    rows = _snapshot(_tetapkan(data))
    # Decided box 8 is not a pool box of Budi's rule set (only 9 is); the version is kept.
    assert rows["Budi Santoso"].talent_pool is False and rows["Budi Santoso"].aturan_versi == 99
    assert rows["Citra Lestari"].talent_pool is True


def test_earlier_established_calibration_stays_in_force_and_this_session_overrides(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    penetapan_1 = _tetapkan(data)
    # A second session of the period: calibrates Dedi (4 → 6), nothing about Budi or the key post.
    with scopes_disabled():
        kedua = SidangFactory(instansi=instansi_a, periode=TAHUN, tanggal=HARI_INI, status="berlangsung")
        dedi = kalibrasi_catat(
            sidang=kedua, pegawai=data.pegawai["Dedi Kurniawan"], user=data.ketua, dihitung=4, diputuskan=6
        )
        Sidang.objects.filter(pk=kedua.pk).update(status="selesai")
        kedua.refresh_from_db()
    with instansi_scope(instansi_a):
        penetapan_2 = penetapan_tetapkan(
            sidang=kedua, actor=data.ppk, nomor_keputusan="800/2", tanggal_keputusan=HARI_INI
        )
    rows = _snapshot(penetapan_2)
    assert (rows["Budi Santoso"].kotak, rows["Budi Santoso"].keputusan_id) == (8, data.kalibrasi.pk)
    assert (rows["Dedi Kurniawan"].kotak, rows["Dedi Kurniawan"].keputusan_id) == (6, dedi.pk)
    with scopes_disabled():
        carried = sorted(
            SnapshotSuksesor.objects.filter(penetapan=penetapan_2).values_list(
                "pegawai__nama", "peran", "keputusan_id"
            )
        )
        earlier = sorted(
            SnapshotSuksesor.objects.filter(penetapan=penetapan_1).values_list(
                "pegawai__nama", "peran", "keputusan_id"
            )
        )
    # The key post was not on this agenda: its successors come from the earlier penetapan.
    assert carried == earlier and len(carried) == 3
    with instansi_scope(instansi_a):
        assert penetapan_berlaku(instansi=instansi_a, periode=TAHUN) == penetapan_2


def test_this_session_succession_decision_replaces_the_earlier_one_for_its_post(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    _tetapkan(data)
    with scopes_disabled():
        lain = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=data.unit, nama="Kepala Bidang Cipta Karya"
        )
        kedua = SidangFactory(instansi=instansi_a, periode=TAHUN, tanggal=HARI_INI, status="berlangsung")
        suksesi_catat(
            sidang=kedua,
            jabatan=data.jabatan,
            user=data.ketua,
            suksesor=[(data.pegawai["Dedi Kurniawan"], "siap_3")],
        )
        suksesi_catat(
            sidang=kedua,
            jabatan=lain,
            user=data.ketua,
            suksesor=[(data.pegawai["Citra Lestari"], "siap_sekarang")],
        )
        Sidang.objects.filter(pk=kedua.pk).update(status="selesai")
        kedua.refresh_from_db()
    with instansi_scope(instansi_a):
        penetapan = penetapan_tetapkan(
            sidang=kedua, actor=data.ppk, nomor_keputusan="800/3", tanggal_keputusan=HARI_INI
        )
    with scopes_disabled():
        rows = sorted(
            SnapshotSuksesor.objects.filter(penetapan=penetapan).values_list(
                "jabatan_kunci__nama", "pegawai__nama", "kesiapan"
            )
        )
    assert rows == [
        ("Kepala Bidang Bina Marga", "Dedi Kurniawan", "siap_3"),
        ("Kepala Bidang Cipta Karya", "Citra Lestari", "siap_sekarang"),
    ]


def test_snapshot_stays_unchanged_after_later_recomputes_and_the_marker_appears(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    nyata = PegawaiFactory(instansi=instansi_a, nama="Fajar Hitungan", unit_kerja=data.unit)
    AsesmenFactory(pegawai=nyata, nilai_potensi=Decimal(100), jpm=Decimal(100))
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(nyata.pk, TAHUN - 1, "tahunan", "di_atas", "di_atas", "Sangat Baik")],
        )
        penempatan_flush(instansi=instansi_a, periode=TAHUN)
        sebelum = Penempatan.objects.get(pegawai=nyata, periode=TAHUN)
    assert sebelum.status == "final" and sebelum.dirty_since is None
    penetapan = _tetapkan(data)
    beku = _snapshot(penetapan)["Fajar Hitungan"]
    assert (beku.kotak, beku.kotak_dihitung, beku.inputs_hash) == (
        sebelum.kotak,
        sebelum.kotak,
        sebelum.inputs_hash,
    )
    nilai_beku = {f.attname: getattr(beku, f.attname) for f in SnapshotPenempatan._meta.concrete_fields}

    # An input changes after the penetapan: the workers recompute the placement.
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(nyata.pk, TAHUN - 1, "tahunan", "di_bawah", "di_bawah", "Sangat Kurang")],
        )
        penempatan_flush(instansi=instansi_a, periode=TAHUN)
        sesudah = Penempatan.objects.get(pegawai=nyata, periode=TAHUN)
    assert sesudah.kotak != sebelum.kotak and sesudah.inputs_hash != sebelum.inputs_hash

    with scopes_disabled():
        lagi = SnapshotPenempatan.objects.get(pk=beku.pk)
    assert {
        f.attname: getattr(lagi, f.attname) for f in SnapshotPenempatan._meta.concrete_fields
    } == nilai_beku
    with instansi_scope(instansi_a):
        assert rantai_periksa(instansi=instansi_a) == []
        baris = {b.pegawai.nama: b for b in ditetapkan_vs_sekarang(instansi=instansi_a, periode=TAHUN)}
        berbeda = [
            b.pegawai.nama
            for b in ditetapkan_vs_sekarang(instansi=instansi_a, periode=TAHUN, berbeda_saja=True)
        ]
        ditetapkan = penempatan_ditetapkan_get(instansi=instansi_a, pegawai=nyata)
    assert baris["Fajar Hitungan"].berbeda is True
    assert (baris["Fajar Hitungan"].kotak, baris["Fajar Hitungan"].kotak_sekarang) == (
        sebelum.kotak,
        sesudah.kotak,
    )
    # Budi's decided box 8 differs from his computed box 5: shown, never resolved silently.
    assert baris["Budi Santoso"].berbeda is True and baris["Citra Lestari"].berbeda is False
    assert sorted(berbeda) == ["Budi Santoso", "Fajar Hitungan"]
    assert ditetapkan.kotak == sebelum.kotak and ditetapkan.penetapan == penetapan


def test_setting_twice_is_refused_and_nothing_changes(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    _tetapkan(data)
    sebelum = _jumlah()
    with pytest.raises(ValidationError, match="sudah dijawab"):
        _tetapkan(data, nomor="800/lain")
    with pytest.raises(ValidationError, match="sudah dijawab"), instansi_scope(instansi_a):
        penetapan_kembalikan(sidang=data.sidang, actor=data.ppk, catatan="Coba kembalikan")
    assert _jumlah() == sebelum


def test_the_unique_constraint_stands_behind_the_check(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    penetapan = _tetapkan(data)
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Penetapan.objects.create(
            instansi=instansi_a, sidang=data.sidang, periode=TAHUN, hasil="dikembalikan", catatan="x",
            oleh=data.ppk, pada=timezone.now(), urutan=penetapan.urutan + 1, hash_sebelumnya="0", hash="1",
        )  # fmt: skip


@pytest.mark.parametrize("status", ["draf", "berlangsung"])
def test_an_open_session_is_refused(instansi_a, status):
    data = sidang_selesai_buat(instansi_a)
    with scopes_disabled():
        Sidang.objects.filter(pk=data.sidang.pk).update(status=status)
        data.sidang.refresh_from_db()
    sebelum = _jumlah()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        _tetapkan(data)
    with pytest.raises(ValidationError, match="sudah ditutup"), instansi_scope(instansi_a):
        penetapan_kembalikan(sidang=data.sidang, actor=data.ppk, catatan="Catatan")
    assert _jumlah() == sebelum
    with scopes_disabled():
        assert Sidang.objects.get(pk=data.sidang.pk).status == status


def test_refused_while_placements_of_the_period_are_being_recomputed(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    with scopes_disabled():
        Penempatan.objects.filter(pk=data.penempatan["Dedi Kurniawan"].pk).update(dirty_since=timezone.now())
    sebelum = _jumlah()
    with pytest.raises(ValidationError, match="sedang dihitung ulang"):
        _tetapkan(data)
    assert _jumlah() == sebelum
    with scopes_disabled():
        assert Sidang.objects.get(pk=data.sidang.pk).status == "selesai"


@pytest.mark.parametrize(
    ("nomor", "tanggal", "field"),
    [
        ("   ", HARI_INI, "nomor_keputusan"),
        ("800/1", None, "tanggal_keputusan"),
        ("800/1", HARI_INI + dt.timedelta(days=2), "tanggal_keputusan"),
        ("800/1", HARI_INI - dt.timedelta(days=30), "tanggal_keputusan"),  # before the session
    ],
)
def test_decree_number_and_date_are_checked(instansi_a, nomor, tanggal, field):
    data = sidang_selesai_buat(instansi_a)
    sebelum = _jumlah()
    with pytest.raises(ValidationError) as error, instansi_scope(instansi_a):
        penetapan_tetapkan(
            sidang=data.sidang, actor=data.ppk, nomor_keputusan=nomor, tanggal_keputusan=tanggal
        )
    assert field in error.value.message_dict
    assert _jumlah() == sebelum


def test_kembalikan_keeps_the_note_and_tells_the_secretary(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    with instansi_scope(instansi_a):
        penetapan = penetapan_kembalikan(
            sidang=data.sidang, actor=data.ppk, catatan="  Kalibrasi Budi perlu bukti tambahan.  "
        )
        assert rantai_periksa(instansi=instansi_a) == []
        assert penetapan_berlaku(instansi=instansi_a, periode=TAHUN) is None
    assert penetapan.hasil == "dikembalikan" and penetapan.catatan == "Kalibrasi Budi perlu bukti tambahan."
    with scopes_disabled():
        assert Sidang.objects.get(pk=data.sidang.pk).status == "dikembalikan"
        assert not SnapshotPenempatan.objects.exists()
        notif = Notifikasi.objects.get(jenis="komite.penetapan_dikembalikan")
        assert AuditEvent.objects.filter(
            action="komite.penetapan.kembalikan", target_id=str(penetapan.pk)
        ).exists()
    assert notif.penerima == data.sekretaris and "bukti tambahan" in notif.isi


def test_kembalikan_needs_a_note(instansi_a):
    data = sidang_selesai_buat(instansi_a)
    sebelum = _jumlah()
    with pytest.raises(ValidationError) as error, instansi_scope(instansi_a):
        penetapan_kembalikan(sidang=data.sidang, actor=data.ppk, catatan="   ")
    assert "catatan" in error.value.message_dict
    assert _jumlah() == sebelum


def test_a_snapshot_row_changed_behind_the_applications_back_is_found(instansi_a):
    from django.db import connection

    data = sidang_selesai_buat(instansi_a)
    penetapan = _tetapkan(data)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE komite_snapshotpenempatan DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE komite_snapshotpenempatan SET kotak = 9 WHERE penetapan_id = %s AND pegawai_id = %s",
            [penetapan.pk, data.pegawai["Dedi Kurniawan"].pk],
        )
        cursor.execute("ALTER TABLE komite_snapshotpenempatan ENABLE TRIGGER USER")
    with instansi_scope(instansi_a):
        (masalah,) = rantai_periksa(instansi=instansi_a)
    assert masalah.pk == penetapan.pk and "snapshot" in masalah.alasan


def test_return_notifies_the_secretary_accounts_when_no_member_is_secretary(instansi_a):
    from apps.komite.models import AnggotaKomite

    data = sidang_selesai_buat(instansi_a)
    with scopes_disabled():
        AnggotaKomite.objects.filter(peran="sekretaris").update(
            selesai=data.sidang.tanggal - dt.timedelta(days=400),
            mulai=data.sidang.tanggal - dt.timedelta(days=500),
        )
    with instansi_scope(instansi_a):
        penetapan_kembalikan(sidang=data.sidang, actor=data.ppk, catatan="Perlu dibahas ulang.")
    with scopes_disabled():
        penerima = list(
            Notifikasi.objects.filter(jenis="komite.penetapan_dikembalikan").values_list(
                "penerima__username", flat=True
            )
        )
    assert penerima == ["sekretaris.a"]
