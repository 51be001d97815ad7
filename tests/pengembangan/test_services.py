"""IDP services on the database: the draft from stored gaps, the atasan, the approval cycle with its
audit events and the national summary's mark, activity rules, and completion into the portfolio."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.nasional.models import RingkasanKotor
from apps.nasional.services import ringkasan_hitung
from apps.notifikasi.models import Notifikasi
from apps.pegawai.models import RiwayatDiklat, SkTimKerja, StatusVerifikasi
from apps.pengembangan.models import Idp, KegiatanIdp
from apps.pengembangan.services import (
    idp_ajukan,
    idp_kembalikan,
    idp_setujui,
    idp_susun,
    idp_susun_massal,
    kegiatan_progres,
    kegiatan_selesaikan,
    kegiatan_tambah,
    kegiatan_ubah,
)
from tests.factories import (
    AsesmenFactory,
    AsesmenKompetensiFactory,
    IdpFactory,
    JabatanKunciFactory,
    KandidatFactory,
    KegiatanIdpFactory,
    PegawaiFactory,
    PenempatanFactory,
    RiwayatDiklatFactory,
    RiwayatPendidikanFactory,
)

from .conftest import HARI_INI, LALU, TAHUN

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _audit(instansi, action) -> list[AuditEvent]:
    with instansi_scope(instansi):
        return list(AuditEvent.objects.filter(instansi=instansi, action=action))


def test_draft_from_stored_gaps(instansi_a, organisasi, admin_bkd_a):
    staf = organisasi["staf"]
    with instansi_scope(instansi_a):
        PenempatanFactory(pegawai=staf, kotak=5)
        asesmen = AsesmenFactory(pegawai=staf)
        AsesmenKompetensiFactory(asesmen=asesmen, kompetensi="Integritas", level_standar=3, level_individu=3)
        AsesmenKompetensiFactory(asesmen=asesmen, kompetensi="Kerja sama", level_standar=4, level_individu=2)
        jabatan = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=organisasi["seksi"], nama="Kepala Seksi Kurikulum",
            jenis_jabatan="pengawas", standar_kompetensi=[{"kompetensi": "Integritas", "level": 4}],
        )  # fmt: skip
        KandidatFactory(jabatan_kunci=jabatan, pegawai=staf)
        RiwayatDiklatFactory(
            pegawai=staf, status=StatusVerifikasi.DISETUJUI, jam_pelajaran=8,
            tanggal_mulai=dt.date(TAHUN, 1, 2), tanggal_selesai=dt.date(TAHUN, 1, 3),
        )  # fmt: skip
        # Waiting for verification: not counted.
        RiwayatDiklatFactory(
            pegawai=staf,
            jam_pelajaran=40,
            tanggal_mulai=dt.date(TAHUN, 1, 2),
            tanggal_selesai=dt.date(TAHUN, 1, 3),
        )
        RiwayatPendidikanFactory(pegawai=staf, jenjang="sma", status=StatusVerifikasi.DISETUJUI)

        idp = idp_susun(pegawai=staf, tahun=TAHUN, actor=admin_bkd_a)
        kegiatan = list(idp.kegiatan.order_by("urutan"))

    assert (idp.status, idp.kotak, idp.atasan_id) == ("draf", 5, organisasi["kasi"].pk)
    sumber = [(k.sumber, k.sub_jenis, k.kompetensi_sasaran) for k in kegiatan]
    assert sumber == [
        ("kotak", "penugasan_khusus", ""),
        ("kotak", "coaching", ""),
        ("kompetensi", "proyek", "Kerja sama"),
        ("kompetensi", "pelatihan_klasikal", "Kerja sama"),
        ("jabatan_kunci", "mentoring", "Integritas"),
        # 8 approved + 16 planned ≥ 20: no extra JP training; SMA below the key post's D-III (pengawas).
        ("pendidikan", "tugas_belajar", ""),
    ]
    assert "Kepala Seksi Kurikulum memerlukan D-III" in kegiatan[-1].alasan
    assert {k.penanggung_jawab_id for k in kegiatan} == {organisasi["kasi"].pk}
    assert len(_audit(instansi_a, "idp.susun")) == 1
    with instansi_scope(instansi_a), pytest.raises(ValidationError, match="sudah memiliki IDP"):
        idp_susun(pegawai=staf, tahun=TAHUN, actor=admin_bkd_a)


def test_atasan_is_the_head_of_the_unit_or_the_one_above(instansi_a, organisasi):
    with instansi_scope(instansi_a):
        kasi = idp_susun(pegawai=organisasi["kasi"], tahun=TAHUN, actor=None)
        kabid = idp_susun(pegawai=organisasi["kabid"], tahun=TAHUN, actor=None)
        kadis = idp_susun(pegawai=organisasi["kadis"], tahun=TAHUN, actor=None)
    assert kasi.atasan_id == organisasi["kabid"].pk
    assert kabid.atasan_id == organisasi["kadis"].pk
    assert kadis.atasan_id is None  # nobody above in the instansi: the BKD approves


def test_bulk_drafts_boxes_4_to_6_first_and_skips_existing(instansi_a, organisasi):
    with instansi_scope(instansi_a):
        PenempatanFactory(pegawai=organisasi["staf"], kotak=5)
        PenempatanFactory(pegawai=organisasi["kasi"], kotak=8)
        IdpFactory(pegawai=organisasi["kabid"])
        hasil = idp_susun_massal(instansi=instansi_a, tahun=TAHUN, actor=None, hanya_prioritas=True)
        assert hasil["dibuat"] == 1
        assert set(Idp.objects.filter(tahun=TAHUN).values_list("pegawai_id", flat=True)) == {
            organisasi["staf"].pk, organisasi["kabid"].pk,
        }  # fmt: skip
        hasil = idp_susun_massal(instansi=instansi_a, tahun=TAHUN, actor=None)
        assert hasil["dibuat"] == 2  # kasi and kadis; staf and kabid already have one
        assert idp_susun_massal(instansi=instansi_a, tahun=TAHUN, actor=None)["dibuat"] == 0
        assert Idp.objects.filter(tahun=TAHUN).count() == 4
        assert KegiatanIdp.objects.filter(idp__pegawai=organisasi["staf"]).exists()
    assert len(_audit(instansi_a, "idp.susun_massal")) == 2


def test_approval_cycle(instansi_a, organisasi, admin_bkd_a):
    staf, kasi = organisasi["staf"], organisasi["kasi"]
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=staf, atasan=kasi)
        with pytest.raises(ValidationError, match="belum memiliki kegiatan"):
            idp_ajukan(idp=idp, actor=staf.user)
        KegiatanIdpFactory(idp=idp)
        with pytest.raises(ValidationError, match="tidak dapat disetujui"):
            idp_setujui(idp=idp, actor=kasi.user, oleh_atasan=True)  # the atasan approves submitted plans
        idp = idp_ajukan(idp=idp, actor=staf.user)
        assert idp.status == "diajukan"
        assert Notifikasi.objects.filter(penerima=kasi.user, jenis="idp.diajukan").count() == 1
        with pytest.raises(ValidationError) as error:
            idp_kembalikan(idp=idp, actor=kasi.user, alasan="  ", oleh_atasan=True)
        assert "alasan" in error.value.message_dict
        idp = idp_kembalikan(idp=idp, actor=kasi.user, alasan="Tambahkan mentoring.", oleh_atasan=True)
        pesan = Notifikasi.objects.get(penerima=staf.user, jenis="idp.dikembalikan")
        assert pesan.isi == "Tambahkan mentoring."
        assert (idp.status, idp.alasan_pengembalian) == ("ditolak", "Tambahkan mentoring.")
        idp = idp_ajukan(idp=idp, actor=staf.user)
        RingkasanKotor.objects.filter(instansi=instansi_a).delete()
        idp = idp_setujui(idp=idp, actor=kasi.user, oleh_atasan=True)
        assert (idp.status, idp.disetujui_oleh, idp.alasan_pengembalian) == ("disetujui", kasi.user, "")
        # The national summary is marked stale and counts the approved plan.
        assert RingkasanKotor.objects.filter(instansi=instansi_a, penyebab="idp.setujui").exists()
        assert ringkasan_hitung(instansi=instansi_a)["idp_jumlah"] == 1
        # The BKD may return an approved plan; it stops counting.
        idp_kembalikan(idp=idp, actor=admin_bkd_a, alasan="Perlu disusun ulang.")
        assert ringkasan_hitung(instansi=instansi_a)["idp_jumlah"] == 0
    with instansi_scope(instansi_a):
        actions = list(
            AuditEvent.objects.filter(instansi=instansi_a, action__startswith="idp.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert actions == ["idp.ajukan", "idp.kembalikan", "idp.ajukan", "idp.setujui", "idp.kembalikan"]


def test_idp_jumlah_is_unknown_without_plans(instansi_a):
    with instansi_scope(instansi_a):
        assert ringkasan_hitung(instansi=instansi_a)["idp_jumlah"] is None


def test_activity_rules(instansi_a, organisasi, admin_bkd_a, instansi_b):
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=organisasi["staf"])
        with pytest.raises(ValidationError) as error:
            kegiatan_tambah(
                idp=idp, actor=admin_bkd_a, sub_jenis="mentoring", nama="", jam_pelajaran=8,
                tanggal_mulai=dt.date(TAHUN, 5, 1), tanggal_selesai=dt.date(TAHUN, 4, 1),
            )  # fmt: skip
        # Every problem at once.
        assert set(error.value.message_dict) == {"nama", "tanggal_selesai", "jam_pelajaran"}
        assert not KegiatanIdp.objects.exists()
        kegiatan = kegiatan_tambah(
            idp=idp, actor=admin_bkd_a, sub_jenis="mentoring", nama="Mentoring oleh Kabid",
            tanggal_mulai=dt.date(TAHUN, 5, 1), tanggal_selesai=dt.date(TAHUN, 6, 1), perkiraan_jam=12,
        )  # fmt: skip
        assert (kegiatan.jenis, kegiatan.sumber) == ("eksposur", "manual")
        kegiatan = kegiatan_ubah(kegiatan=kegiatan, actor=admin_bkd_a, sub_jenis="rotasi", perkiraan_jam=40)
        assert kegiatan.jenis == "pengalaman"
        with instansi_scope(instansi_b):
            asing = PegawaiFactory(instansi=instansi_b)
        with pytest.raises(ValidationError, match="Penanggung jawab"):
            kegiatan_ubah(kegiatan=kegiatan, actor=admin_bkd_a, penanggung_jawab=asing)
    ubah = _audit(instansi_a, "idp.kegiatan.ubah")
    assert len(ubah) == 1 and ubah[0].new_values == {
        "sub_jenis": "rotasi",
        "jenis": "pengalaman",
        "perkiraan_jam": 40,
    }


def test_progress_only_on_an_approved_plan(instansi_a, organisasi):
    staf = organisasi["staf"]
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=staf)
        kegiatan = KegiatanIdpFactory(idp=idp)
        with pytest.raises(ValidationError, match="setelah IDP disetujui"):
            kegiatan_progres(kegiatan=kegiatan, actor=staf.user, progres=50)
        Idp.objects.filter(pk=idp.pk).update(status="disetujui")
        kegiatan.refresh_from_db()
        with pytest.raises(ValidationError):
            kegiatan_progres(kegiatan=kegiatan, actor=staf.user, progres=100)
        kegiatan = kegiatan_progres(
            kegiatan=kegiatan, actor=staf.user, progres=40, catatan="Modul 1–2 selesai"
        )
        assert (kegiatan.status, kegiatan.progres) == ("berjalan", 40)
    assert _audit(instansi_a, "idp.kegiatan.progres")[0].new_values["progres"] == 40


def test_completed_training_becomes_a_diklat_waiting_for_verification(
    instansi_a, organisasi, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    staf = organisasi["staf"]
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=staf, status="disetujui")
        kegiatan = KegiatanIdpFactory(idp=idp, tanggal_mulai=LALU, tanggal_selesai=LALU)
        with pytest.raises(ValidationError) as error:
            kegiatan_selesaikan(
                kegiatan=kegiatan,
                actor=staf.user,
                berkas=None,
                tanggal_selesai=HARI_INI + dt.timedelta(days=3),
            )
        assert set(error.value.message_dict) == {"berkas", "tanggal_selesai", "penyelenggara"}
        assert not RiwayatDiklat.objects.filter(pegawai=staf).exists()
        kegiatan = kegiatan_selesaikan(
            kegiatan=kegiatan, actor=staf.user, berkas=SimpleUploadedFile("sertifikat.pdf", PDF),
            penyelenggara="BPSDM Provinsi", nomor="STTPP-001", jam_pelajaran=20,
        )  # fmt: skip
        diklat = RiwayatDiklat.objects.get(pegawai=staf)
    assert (kegiatan.status, kegiatan.progres, kegiatan.riwayat_kode, kegiatan.riwayat_id) == (
        "selesai",
        100,
        "diklat",
        diklat.pk,
    )
    assert (diklat.status, diklat.jam_pelajaran, diklat.dokumen_id, diklat.nomor_sertifikat) == (
        StatusVerifikasi.DIAJUKAN, 20, kegiatan.dokumen_id, "STTPP-001",
    )  # fmt: skip
    assert _audit(instansi_a, "riwayat.diklat.create") and _audit(instansi_a, "idp.kegiatan.selesai")


def test_completed_project_becomes_an_sk_tim(instansi_a, organisasi, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    staf = organisasi["staf"]
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=staf, status="disetujui")
        kegiatan = KegiatanIdpFactory(
            idp=idp,
            jenis="pengalaman",
            sub_jenis="proyek",
            jam_pelajaran=None,
            tanggal_mulai=LALU,
            tanggal_selesai=LALU,
        )
        kegiatan = kegiatan_selesaikan(
            kegiatan=kegiatan, actor=staf.user, berkas=SimpleUploadedFile("sk.pdf", PDF), nomor="800/12/2026"
        )
        assert SkTimKerja.objects.get(pegawai=staf, nomor_sk="800/12/2026").pk == kegiatan.riwayat_id


def test_coverage_and_completion_per_perangkat_daerah(instansi_a, organisasi):
    from apps.pengembangan.selectors import idp_cakupan, prioritas_hitung
    from tests.factories import UnitKerjaFactory

    with instansi_scope(instansi_a):
        bappeda = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Bappeda")
        perencana = PegawaiFactory(instansi=instansi_a, unit_kerja=bappeda)
        PegawaiFactory(instansi=instansi_a, unit_kerja=bappeda, aktif=False)  # left: not counted
        # Staf sits in a seksi, two levels under the Dinas: counted under the Dinas.
        idp = IdpFactory(pegawai=organisasi["staf"], status="disetujui")
        KegiatanIdpFactory(idp=idp, status="selesai")
        KegiatanIdpFactory(idp=idp)
        KegiatanIdpFactory(idp=idp, status="batal")  # cancelled: left out
        IdpFactory(pegawai=organisasi["kasi"])  # a draft: has a plan, not covered
        IdpFactory(pegawai=perencana, status="disetujui")
        PenempatanFactory(pegawai=organisasi["staf"], kotak=5)
        PenempatanFactory(pegawai=organisasi["kasi"], kotak=5)
        PenempatanFactory(pegawai=perencana, kotak=9)
        cakupan = idp_cakupan(instansi=instansi_a, tahun=TAHUN)
        prioritas = prioritas_hitung(instansi=instansi_a, tahun=TAHUN)
    baris = {
        b.unit.nama: (b.pegawai, b.idp, b.disetujui, b.cakupan, b.kegiatan, b.selesai, b.penyelesaian)
        for b in cakupan.baris
    }
    assert baris == {
        "Bappeda": (1, 1, 1, 100, 0, 0, 0),
        "Dinas Pendidikan": (4, 2, 1, 25, 2, 1, 50),
    }
    assert (cakupan.total.pegawai, cakupan.total.disetujui, cakupan.total.cakupan) == (5, 2, 40)
    assert prioritas == {
        4: {"n": 0, "disetujui": 0},
        5: {"n": 2, "disetujui": 1},
        6: {"n": 0, "disetujui": 0},
    }
