"""Calibration proposals and the decisions on agenda items: every rule and refusal of the services,
the stored record (computed / proposed / decided box, reason, votes, presence, recusal), the
calibration in force, the session's nine-box and the difference marker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.integrity import rantai_periksa, rantai_tambah
from apps.komite.models import (
    AgendaSidang,
    KehadiranSidang,
    KeputusanKomite,
    Penetapan,
    PengaturanKomite,
    UsulanKalibrasi,
)
from apps.komite.selectors_keputusan import kalibrasi_berlaku, kalibrasi_penanda, sidang_sebaran
from apps.komite.services_keputusan import (
    keputusan_kalibrasi_catat,
    keputusan_suksesi_catat,
    keputusan_tinjau_catat,
    usulan_kalibrasi_simpan,
)
from apps.petatalenta.models import Penempatan
from tests.factories import (
    AgendaSidangFactory,
    AnggotaKomiteFactory,
    JabatanKunciFactory,
    KandidatFactory,
    NominasiKhususFactory,
    PegawaiFactory,
    PenempatanFactory,
    SidangFactory,
    UnitKerjaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def komite_build(instansi, *, prefix: str = "k") -> SimpleNamespace:
    """A committee of four (ketua, sekretaris, two anggota), a session under way with the ketua,
    the sekretaris and the first anggota present (quorum: 3 of 4 with the ketua), a pegawai whose
    final placement is box 5, and one agenda item of each kind."""
    unit = UnitKerjaFactory(instansi=instansi, kode=f"{prefix}.01", nama="Dinas Pendidikan")
    unit_lain = UnitKerjaFactory(instansi=instansi, kode=f"{prefix}.02", nama="Dinas Kesehatan")
    users = {
        "ketua": user_with_role(Role.KOMITE_KETUA, instansi, username=f"{prefix}.ketua", first_name="Ketua"),
        "sekretaris": user_with_role(Role.KOMITE_SEKRETARIS, instansi, username=f"{prefix}.sekretaris"),
        "anggota": user_with_role(Role.KOMITE_ANGGOTA, instansi, username=f"{prefix}.anggota"),
        "absen": user_with_role(Role.KOMITE_ANGGOTA, instansi, username=f"{prefix}.absen"),
    }
    peran = {"ketua": "ketua", "sekretaris": "sekretaris", "anggota": "anggota", "absen": "anggota"}
    with instansi_scope(instansi):
        pegawai = PegawaiFactory(instansi=instansi, nama="Budi Santoso", unit_kerja=unit)
        pegawai_anggota = PegawaiFactory(instansi=instansi, nama="Rina Anggota", unit_kerja=unit)
        anggota = {
            key: AnggotaKomiteFactory(
                instansi=instansi,
                user=user,
                peran=peran[key],
                pegawai=pegawai_anggota if key == "anggota" else None,
            )
            for key, user in users.items()
        }
        sidang = SidangFactory(instansi=instansi, status="berlangsung")
        for key, a in anggota.items():
            KehadiranSidang.objects.create(
                instansi=instansi, sidang=sidang, anggota=a, hadir=key != "absen", dicatat_pada=timezone.now()
            )
        penempatan = PenempatanFactory(pegawai=pegawai, periode=sidang.periode, kotak=5)
        for kotak in (9, 8, 7, 5, 5, 4):
            PenempatanFactory(
                pegawai=PegawaiFactory(instansi=instansi, unit_kerja=unit_lain),
                periode=sidang.periode,
                kotak=kotak,
            )
        kalibrasi = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=pegawai)
        pemegang = PegawaiFactory(instansi=instansi, nama="Pemegang Jabatan", unit_kerja=unit)
        jabatan = JabatanKunciFactory(instansi=instansi, unit_kerja=unit, pemegang=pemegang)
        calon = [PegawaiFactory(instansi=instansi, nama=f"Calon {i}", unit_kerja=unit) for i in range(3)]
        for c in calon[:2]:
            KandidatFactory(jabatan_kunci=jabatan, pegawai=c)
        luar = PegawaiFactory(instansi=instansi, nama="Luar Krs", unit_kerja=unit)
        suksesi = AgendaSidangFactory(sidang=sidang, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=jabatan)
        tinjau = AgendaSidangFactory(
            sidang=sidang, jenis=AgendaSidang.Jenis.TINJAU_PETA, unit_kerja=unit_lain
        )
    return SimpleNamespace(
        instansi=instansi,
        unit=unit,
        unit_lain=unit_lain,
        users=users,
        anggota=anggota,
        sidang=sidang,
        pegawai=pegawai,
        pegawai_anggota=pegawai_anggota,
        penempatan=penempatan,
        kalibrasi=kalibrasi,
        jabatan=jabatan,
        pemegang=pemegang,
        calon=calon,
        luar=luar,
        suksesi=suksesi,
        tinjau=tinjau,
    )


@pytest.fixture(autouse=True)
def _scope(instansi_a):
    """The code under test and the assertions run in instansi A's scope, as a request would."""
    with instansi_scope(instansi_a):
        yield


@pytest.fixture
def k(instansi_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return komite_build(instansi_a)


def _usul(k, *, user="ketua", kotak=8, alasan="Kinerja penanganan banjir luar biasa.", bukti=None):
    with instansi_scope(k.instansi):
        return usulan_kalibrasi_simpan(
            agenda=k.kalibrasi, actor=k.users[user], kotak_usulan=kotak, alasan=alasan, bukti=bukti
        )


def _putus(k, *, user="ketua", **kwargs):
    kwargs = {"hasil": "setuju", "cara": "mufakat", **kwargs}
    with instansi_scope(k.instansi):
        return keputusan_kalibrasi_catat(agenda=k.kalibrasi, actor=k.users[user], **kwargs)


def _pesan(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# --- proposals ----------------------------------------------------------------------------------------


def test_proposal_with_reason_and_pdf_evidence_is_stored_and_audited(k):
    usulan = _usul(k, bukti=SimpleUploadedFile("notulen banjir.pdf", PDF, content_type="application/pdf"))
    assert (usulan.kotak_dihitung, usulan.kotak_usulan) == (5, 8)
    assert usulan.bukti_nama == "notulen banjir.pdf" and usulan.bukti.read() == PDF
    assert AuditEvent.objects.filter(
        action="komite.usulan_kalibrasi.simpan", target_id=str(usulan.pk)
    ).exists()


@pytest.mark.parametrize("alasan", ["", "   \n "])
def test_proposal_without_reason_is_refused(k, alasan):
    with pytest.raises(ValidationError) as error:
        _usul(k, alasan=alasan)
    assert "alasan" in _pesan(error)
    assert not UsulanKalibrasi.objects.exists()


@pytest.mark.parametrize("kotak", [5, 0, 10, "x", None])
def test_proposal_box_must_be_another_box_1_to_9(k, kotak):
    with pytest.raises(ValidationError):
        _usul(k, kotak=kotak)
    assert not UsulanKalibrasi.objects.exists()


def test_proposal_evidence_must_be_a_pdf_within_the_size_limit(k, settings):
    with pytest.raises(ValidationError) as error:
        _usul(k, bukti=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"))
    assert "PDF" in _pesan(error)
    with pytest.raises(ValidationError) as error:
        _usul(k, bukti=SimpleUploadedFile("besar.pdf", PDF + b"0" * (2048 * 1024)))
    assert "terlalu besar" in _pesan(error)
    assert not UsulanKalibrasi.objects.exists()


def test_proposal_can_be_replaced_before_the_decision_and_keeps_evidence(k):
    _usul(k, bukti=SimpleUploadedFile("a.pdf", PDF))
    usulan = _usul(k, user="sekretaris", kotak=7, alasan="Alasan yang lebih tepat.")
    assert UsulanKalibrasi.objects.count() == 1
    assert (usulan.kotak_usulan, usulan.alasan, usulan.bukti_nama) == (7, "Alasan yang lebih tepat.", "a.pdf")
    assert usulan.diusulkan_oleh == k.users["sekretaris"]


def test_proposal_refused_for_absent_recused_or_non_member(k, instansi_a):
    with pytest.raises(ValidationError) as error:
        _usul(k, user="absen")
    assert "hadir" in _pesan(error)
    # The first anggota is the pegawai of the item: recused.
    with instansi_scope(k.instansi):
        k.kalibrasi.pegawai = k.pegawai_anggota
        k.kalibrasi.save()
        PenempatanFactory(pegawai=k.pegawai_anggota, periode=k.sidang.periode, kotak=5)
    with pytest.raises(ValidationError) as error:
        _usul(k, user="anggota")
    assert "diri Anda sendiri" in _pesan(error)
    k.users["bkd"] = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="bukan.anggota")
    with pytest.raises(ValidationError) as error:
        _usul(k, user="bkd")
    assert "bukan anggota" in _pesan(error)
    assert not UsulanKalibrasi.objects.exists()


@pytest.mark.parametrize("status", ["draf", "selesai"])
def test_proposal_refused_when_the_session_is_not_under_way(k, status):
    k.sidang.status = status
    k.sidang.save()
    with pytest.raises(ValidationError) as error:
        _usul(k)
    assert "berlangsung" in _pesan(error)


def test_proposal_refused_when_placement_is_not_final(k):
    Penempatan.objects.filter(pk=k.penempatan.pk).update(status="perlu_data", kotak=None)
    with pytest.raises(ValidationError) as error:
        _usul(k)
    assert "belum final" in _pesan(error)


# --- calibration decision -----------------------------------------------------------------------------


def test_approved_calibration_keeps_computed_proposed_decided_reason_and_presence(k):
    _usul(k, user="sekretaris", bukti=SimpleUploadedFile("bukti.pdf", PDF))
    keputusan = _putus(
        k, cara="suara", suara_setuju=2, suara_tolak=1, suara_abstain=0, pendapat_berbeda="Anggota X"
    )
    keputusan.refresh_from_db()
    assert (keputusan.kotak_dihitung, keputusan.kotak_usulan, keputusan.kotak_diputuskan) == (5, 8, 8)
    assert keputusan.hasil == "setuju" and keputusan.alasan == "Kinerja penanganan banjir luar biasa."
    assert (keputusan.suara_setuju, keputusan.suara_tolak, keputusan.suara_abstain) == (2, 1, 0)
    assert keputusan.pendapat_berbeda == "Anggota X"
    assert {h["user_id"] for h in keputusan.isi["hadir"]} == {
        k.users["ketua"].pk,
        k.users["sekretaris"].pk,
        k.users["anggota"].pk,
    }
    assert keputusan.isi["pengusul"]["user_id"] == k.users["sekretaris"].pk
    assert keputusan.isi["bukti"] == "bukti.pdf"
    assert keputusan.urutan == 1 and keputusan.hash
    assert AuditEvent.objects.filter(
        action="komite.keputusan.kalibrasi", target_id=str(keputusan.pk)
    ).exists()
    with instansi_scope(k.instansi):
        assert rantai_periksa(instansi=k.instansi) == []
    # The placement itself is not changed: the computed box keeps being the engine's.
    k.penempatan.refresh_from_db()
    assert k.penempatan.kotak == 5


def test_rejected_calibration_decides_the_computed_box(k):
    _usul(k)
    keputusan = _putus(k, hasil="tolak")
    assert (keputusan.kotak_dihitung, keputusan.kotak_diputuskan) == (5, 5)


def test_decision_needs_a_proposal(k):
    with pytest.raises(ValidationError) as error:
        _putus(k)
    assert "usulan" in _pesan(error)
    assert not KeputusanKomite.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "pesan"),
    [
        ({"cara": "suara"}, "Isi jumlah suara"),
        ({"cara": "suara", "suara_setuju": 3, "suara_tolak": 1, "suara_abstain": 0}, "melebihi"),
        ({"cara": "suara", "suara_setuju": 1, "suara_tolak": 2, "suara_abstain": 0}, "tidak sesuai suara"),
        ({"cara": "suara", "suara_setuju": 1, "suara_tolak": 1, "suara_abstain": 1}, "tidak sesuai suara"),
        ({"cara": "suara", "suara_setuju": -1, "suara_tolak": 0, "suara_abstain": 0}, "bilangan bulat"),
        ({"cara": "aklamasi"}, "mufakat"),
        ({"hasil": "dicatat"}, "disetujui atau ditolak"),
    ],
)
def test_votes_are_checked(k, kwargs, pesan):
    _usul(k)
    with pytest.raises(ValidationError) as error:
        _putus(k, **kwargs)
    assert pesan in _pesan(error)
    assert not KeputusanKomite.objects.exists()


def test_decision_without_quorum_is_refused(k):
    _usul(k)
    KehadiranSidang.objects.filter(anggota=k.anggota["anggota"]).update(hadir=False)
    with pytest.raises(ValidationError) as error:
        _putus(k)
    assert "kuorum" in _pesan(error).lower()
    assert not KeputusanKomite.objects.exists()


def test_member_deciding_on_their_own_item_is_refused(k):
    with instansi_scope(k.instansi):
        k.kalibrasi.pegawai = k.pegawai_anggota
        k.kalibrasi.save()
        PenempatanFactory(pegawai=k.pegawai_anggota, periode=k.sidang.periode, kotak=5)
    _usul(k)
    with pytest.raises(ValidationError) as error:
        _putus(k, user="anggota")
    assert "diri Anda sendiri" in _pesan(error)
    assert not KeputusanKomite.objects.exists()
    # The others decide; the recused member is named with why.
    keputusan = _putus(k)
    assert [t["user_id"] for t in keputusan.isi["terhalang"]] == [k.users["anggota"].pk]
    assert keputusan.isi["terhalang"][0]["alasan"]


def test_second_decision_and_change_after_decision_are_refused(k):
    _usul(k)
    _putus(k)
    with pytest.raises(ValidationError) as error:
        _putus(k, hasil="tolak")
    assert "sudah diputuskan" in _pesan(error)
    with pytest.raises(ValidationError) as error:
        _usul(k, kotak=7)
    assert "sudah diputuskan" in _pesan(error)
    assert KeputusanKomite.objects.count() == 1


def test_closed_session_refuses_decisions(k):
    _usul(k)
    k.sidang.status = "selesai"
    k.sidang.save()
    with pytest.raises(ValidationError) as error:
        _putus(k)
    assert "berlangsung" in _pesan(error)


# --- succession decision ------------------------------------------------------------------------------


def _suksesi(k, *, user="ketua", **kwargs):
    data = {
        "daftar_pendek": [{"pegawai_id": k.calon[1].pk}, {"pegawai_id": k.calon[0].pk}],
        "suksesor": [{"pegawai_id": k.calon[1].pk, "kesiapan": "siap_sekarang"}],
        "suksesor_darurat": {"pegawai_id": k.calon[0].pk, "kesiapan": "siap_1_2"},
        "arahan": [{"jenis": "pelatihan", "pegawai_id": k.calon[0].pk, "uraian": "Diklat PKA 2026"}],
        "cara": "mufakat",
        **kwargs,
    }
    with instansi_scope(k.instansi):
        return keputusan_suksesi_catat(agenda=k.suksesi, actor=k.users[user], **data)


def test_succession_decision_keeps_ordered_shortlist_successors_emergency_and_directions(k):
    keputusan = _suksesi(k)
    isi = keputusan.isi
    assert [d["pegawai_id"] for d in isi["daftar_pendek"]] == [k.calon[1].pk, k.calon[0].pk]
    assert [d["urutan"] for d in isi["daftar_pendek"]] == [1, 2]
    assert isi["suksesor"] == [
        {
            "urutan": 1,
            "pegawai_id": k.calon[1].pk,
            "nama": "Calon 1",
            "nip": k.calon[1].nip,
            "kesiapan": "siap_sekarang",
        }
    ]
    assert isi["suksesor_darurat"]["pegawai_id"] == k.calon[0].pk
    assert isi["arahan"][0]["jenis"] == "pelatihan"
    assert keputusan.jabatan_kunci == k.jabatan and keputusan.hasil == "setuju"
    assert AuditEvent.objects.filter(action="komite.keputusan.suksesi").count() == 1


def test_nominee_outside_the_krs_needs_a_written_reason(k):
    pendek = [{"pegawai_id": k.calon[0].pk}, {"pegawai_id": k.luar.pk, "alasan_luar_krs": "  "}]
    lain = {"suksesor": [{"pegawai_id": k.luar.pk, "kesiapan": "siap_3"}], "suksesor_darurat": None}
    with pytest.raises(ValidationError) as error:
        _suksesi(k, daftar_pendek=pendek, **lain)
    assert "Luar Krs" in _pesan(error) and "KRS" in _pesan(error)
    # A special nomination is outside the computed KRS list too.
    with instansi_scope(k.instansi):
        NominasiKhususFactory(jabatan_kunci=k.jabatan, pegawai=k.luar)
        KandidatFactory(jabatan_kunci=k.jabatan, pegawai=k.luar, nominasi=True)
    with pytest.raises(ValidationError):
        _suksesi(k, daftar_pendek=pendek, **lain)
    assert not KeputusanKomite.objects.exists()
    pendek[1]["alasan_luar_krs"] = "Memimpin tim penanganan banjir 2025."
    keputusan = _suksesi(k, daftar_pendek=pendek, **lain)
    assert keputusan.isi["daftar_pendek"][1] == {
        "urutan": 2,
        "pegawai_id": k.luar.pk,
        "nama": "Luar Krs",
        "nip": k.luar.nip,
        "dalam_krs": False,
        "alasan_luar_krs": "Memimpin tim penanganan banjir 2025.",
    }


@pytest.mark.parametrize(
    ("ubah", "kolom"),
    [
        ({"suksesor": [{"pegawai_id": "luar", "kesiapan": "siap_sekarang"}]}, "suksesor"),
        ({"suksesor": []}, "suksesor"),
        ({"suksesor": [{"pegawai_id": "calon1", "kesiapan": "kapan-kapan"}]}, "suksesor"),
        ({"suksesor_darurat": {"pegawai_id": "luar"}}, "suksesor_darurat"),
        ({"daftar_pendek": [{"pegawai_id": "pemegang"}]}, "daftar_pendek"),
        ({"daftar_pendek": [{"pegawai_id": "calon1"}, {"pegawai_id": "calon1"}]}, "daftar_pendek"),
        ({"daftar_pendek": []}, "daftar_pendek"),
        ({"arahan": [{"jenis": "mutasi", "uraian": "x"}]}, "arahan"),
        ({"arahan": [{"jenis": "rotasi", "uraian": " "}]}, "arahan"),
        ({"arahan": [{"jenis": "rotasi", "pegawai_id": "luar", "uraian": "Rotasi"}]}, "arahan"),
    ],
)
def test_succession_refusals(k, ubah, kolom):
    ids = {"luar": k.luar.pk, "calon1": k.calon[1].pk, "pemegang": k.pemegang.pk}

    def isi(value):
        if isinstance(value, list):
            return [isi(v) for v in value]
        if isinstance(value, dict):
            return {key: ids.get(v, v) if key == "pegawai_id" else v for key, v in value.items()}
        return value

    with pytest.raises(ValidationError) as error:
        _suksesi(k, **{key: isi(value) for key, value in ubah.items()})
    assert kolom in error.value.message_dict
    assert not KeputusanKomite.objects.exists()


def test_succession_refused_for_a_candidate_member_and_for_another_instansi_pegawai(k, instansi_b):
    with instansi_scope(k.instansi):
        KandidatFactory(jabatan_kunci=k.jabatan, pegawai=k.pegawai_anggota)
    with pytest.raises(ValidationError) as error:
        _suksesi(k, user="anggota")
    assert "calon suksesor" in _pesan(error)
    with instansi_scope(instansi_b):
        asing = PegawaiFactory(instansi=instansi_b)
    with pytest.raises(ValidationError) as error:
        _suksesi(k, daftar_pendek=[{"pegawai_id": asing.pk, "alasan_luar_krs": "x"}])
    assert "tidak ditemukan" in _pesan(error)


# --- review decision ----------------------------------------------------------------------------------


def test_review_decision_records_note_directions_and_the_distribution(k):
    with instansi_scope(k.instansi):
        keputusan = keputusan_tinjau_catat(
            agenda=k.tinjau,
            actor=k.users["ketua"],
            catatan="Sebaran Dinas Kesehatan wajar.",
            arahan=[{"jenis": "rotasi", "uraian": "Rotasi kepala seksi."}],
            cara="mufakat",
        )
    assert keputusan.hasil == "dicatat" and keputusan.alasan == "Sebaran Dinas Kesehatan wajar."
    assert keputusan.isi["sebaran"]["ditempatkan"] == 6  # the unit's six placements only
    assert keputusan.isi["sebaran"]["sebelum"]["9"] == 1
    with pytest.raises(ValidationError), instansi_scope(k.instansi):
        keputusan_tinjau_catat(agenda=k.tinjau, actor=k.users["ketua"], catatan="lagi", cara="mufakat")


def test_review_needs_a_note(k):
    with pytest.raises(ValidationError) as error, instansi_scope(k.instansi):
        keputusan_tinjau_catat(agenda=k.tinjau, actor=k.users["ketua"], catatan=" ", cara="mufakat")
    assert "catatan" in error.value.message_dict


def test_wrong_kind_is_refused(k):
    with pytest.raises(ValidationError), instansi_scope(k.instansi):
        keputusan_tinjau_catat(agenda=k.kalibrasi, actor=k.users["ketua"], catatan="x", cara="mufakat")


# --- reads: nine-box, marker, calibration in force ---------------------------------------------------------


def test_sebaran_before_and_after_with_warnings(k):
    with instansi_scope(k.instansi):
        sebaran = sidang_sebaran(sidang=k.sidang)
        assert sebaran.sebelum.ditempatkan == 7
        assert sebaran.sebelum.per_kotak[5].jumlah == 3
        # 1 of 7 in box 9 (14.3 %) > 10 %; pool 3 of 7 (42.9 %) > 30 %.
        assert {p.kode for p in sebaran.peringatan} == {"kotak_9", "talent_pool"}
    _usul(k, kotak=9)
    _putus(k)
    with instansi_scope(k.instansi):
        sebaran = sidang_sebaran(sidang=k.sidang)
        assert (sebaran.sebelum.per_kotak[9].jumlah, sebaran.sesudah.per_kotak[9].jumlah) == (1, 2)
        assert (sebaran.sebelum.per_kotak[5].jumlah, sebaran.sesudah.per_kotak[5].jumlah) == (3, 2)
        assert (sebaran.sebelum.talent_pool, sebaran.sesudah.talent_pool) == (3, 4)
        assert sebaran.dikalibrasi == 1
        # Limits from the settings.
        PengaturanKomite.objects.create(
            instansi=k.instansi, batas_kotak_9_persen=50, batas_talent_pool_persen=60
        )
        assert sidang_sebaran(sidang=k.sidang).peringatan == []
        # One perangkat daerah only.
        assert sidang_sebaran(sidang=k.sidang, unit_kerja=k.unit).sebelum.ditempatkan == 1


def test_marker_appears_when_the_recomputed_box_differs_from_the_decided_one(k):
    _usul(k, kotak=8)
    keputusan = _putus(k)
    with instansi_scope(k.instansi):
        penanda = kalibrasi_penanda(keputusan=keputusan)
    assert (penanda.kotak_sekarang, penanda.kotak_diputuskan, penanda.berbeda) == (5, 8, True)
    assert penanda.hitungan_berubah is False  # the calibration differs; the data did not change
    Penempatan.objects.filter(pk=k.penempatan.pk).update(kotak=6)  # new data, another recompute
    with instansi_scope(k.instansi):
        penanda = kalibrasi_penanda(keputusan=keputusan)
    assert (penanda.berbeda, penanda.hitungan_berubah) == (True, True)
    Penempatan.objects.filter(pk=k.penempatan.pk).update(kotak=8)  # a recompute moved it there
    with instansi_scope(k.instansi):
        assert kalibrasi_penanda(keputusan=keputusan).berbeda is False


def test_kalibrasi_berlaku_only_from_established_sessions_latest_wins(k):
    _usul(k, kotak=8)
    pertama = _putus(k)
    with instansi_scope(k.instansi):
        assert kalibrasi_berlaku(instansi=k.instansi, periode=k.sidang.periode) == {}
    k.sidang.status = "selesai"
    k.sidang.save()
    with instansi_scope(k.instansi):
        rantai_tambah(
            Penetapan(
                instansi=k.instansi, sidang=k.sidang, periode=k.sidang.periode, hasil="ditetapkan",
                nomor_keputusan="800/1", tanggal_keputusan=timezone.localdate(), oleh=k.users["ketua"],
                pada=timezone.now(),
            )
        )  # fmt: skip
        assert kalibrasi_berlaku(instansi=k.instansi, periode=k.sidang.periode) == {k.pegawai.pk: pertama}
        # A later established session's approved calibration is the one in force.
        kedua_sidang = SidangFactory(instansi=k.instansi, status="berlangsung")
        for a in k.anggota.values():
            KehadiranSidang.objects.create(instansi=k.instansi, sidang=kedua_sidang, anggota=a, hadir=True)
        agenda = AgendaSidangFactory(sidang=kedua_sidang, jenis="kalibrasi", pegawai=k.pegawai)
        usulan_kalibrasi_simpan(agenda=agenda, actor=k.users["ketua"], kotak_usulan=7, alasan="Koreksi")
        kedua = keputusan_kalibrasi_catat(
            agenda=agenda, actor=k.users["ketua"], hasil="setuju", cara="mufakat"
        )
        kedua_sidang.status = "selesai"
        kedua_sidang.save()
        rantai_tambah(
            Penetapan(
                instansi=k.instansi, sidang=kedua_sidang, periode=k.sidang.periode, hasil="ditetapkan",
                nomor_keputusan="800/2", tanggal_keputusan=timezone.localdate(), oleh=k.users["ketua"],
                pada=timezone.now(),
            )
        )  # fmt: skip
        assert kalibrasi_berlaku(instansi=k.instansi, periode=k.sidang.periode) == {k.pegawai.pk: kedua}
        assert kalibrasi_berlaku(instansi=k.instansi, periode=k.sidang.periode - 1) == {}


def test_a_recorded_decision_marks_the_national_summary_dirty(k):
    """A decided successor is an implementation-stage indicator the national summary shows."""
    from apps.core.tenancy import scopes_disabled
    from apps.nasional.models import RingkasanKotor

    with scopes_disabled():
        RingkasanKotor.objects.all().delete()
    with instansi_scope(k.instansi):
        keputusan_tinjau_catat(
            agenda=k.tinjau, actor=k.users["ketua"], catatan="Sebaran wajar.", cara="mufakat"
        )
    with scopes_disabled():
        assert RingkasanKotor.objects.get(instansi=k.instansi).penyebab == "komite.keputusan"
