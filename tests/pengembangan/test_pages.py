"""IDP pages and API as each role uses them: the ASN's own plan (submit, progress, completion with a
certificate), the atasan's approvals, the BKD's overview and editing, the Komite's KRS view. Another
person's or instansi's plan answers 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.pegawai.models import RiwayatDiklat
from apps.pengembangan.models import Idp, KegiatanIdp
from tests.factories import (
    IdpFactory,
    JabatanKunciFactory,
    KandidatFactory,
    KegiatanIdpFactory,
    PenempatanFactory,
)

from .conftest import LALU, TAHUN

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _status(idp, status):
    with instansi_scope(idp.instansi):
        Idp.objects.filter(pk=idp.pk).update(status=status)


@pytest.fixture
def idp_staf(instansi_a, organisasi):
    with instansi_scope(instansi_a):
        idp = IdpFactory(pegawai=organisasi["staf"], atasan=organisasi["kasi"], kotak=5)
        KegiatanIdpFactory(
            idp=idp, nama="Pelatihan Penyusunan Kurikulum", tanggal_mulai=LALU, tanggal_selesai=LALU
        )
        KegiatanIdpFactory(
            idp=idp, jenis="pengalaman", sub_jenis="rotasi", nama="Rotasi ke Seksi Sarana", perkiraan_jam=10,
            jam_pelajaran=None,
        )  # fmt: skip
    return idp


def test_asn_submits_then_atasan_approves(client, organisasi, idp_staf):
    client.force_login(organisasi["staf"].user)
    page = client.get("/pengembangan/idp/saya/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pelatihan Penyusunan Kurikulum" in html and "Rotasi ke Seksi Sarana" in html
    # 10 h of experience, 0 of exposure, 16 of training: far from 70:20:10, and the page says why.
    assert "Porsi rencana 38:0:62 jauh dari 70:20:10" in html
    assert "Catat progres" not in html  # not approved yet
    response = client.post(f"/pengembangan/idp/saya/{idp_staf.pk}/ajukan/")
    assert response.status_code == 302
    idp_staf.refresh_from_db()
    assert idp_staf.status == "diajukan"

    # The atasan sees it waiting and approves it.
    client.force_login(organisasi["kasi"].user)
    daftar = client.get("/pengembangan/idp/atasan/").content.decode()
    assert "Budi Santoso" in daftar and "Periksa dan putuskan" in daftar
    assert client.get(f"/pengembangan/idp/atasan/{idp_staf.pk}/").status_code == 200
    # An empty reason is refused with a message, nothing changes.
    response = client.post(f"/pengembangan/idp/atasan/{idp_staf.pk}/kembalikan/", {"alasan": ""})
    assert response.status_code == 200 and "field--error" in response.content.decode()
    assert client.post(f"/pengembangan/idp/atasan/{idp_staf.pk}/setujui/").status_code == 302
    idp_staf.refresh_from_db()
    assert (idp_staf.status, idp_staf.disetujui_oleh) == ("disetujui", organisasi["kasi"].user)

    # Another ASN (the head of bidang is not this plan's atasan) gets 404 on it.
    client.force_login(organisasi["kabid"].user)
    assert client.get(f"/pengembangan/idp/atasan/{idp_staf.pk}/").status_code == 404
    assert client.post(f"/pengembangan/idp/atasan/{idp_staf.pk}/setujui/").status_code == 404


def test_asn_records_progress_and_completes_with_a_certificate(
    client, organisasi, idp_staf, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    _status(idp_staf, "disetujui")
    with instansi_scope(idp_staf.instansi):
        pelatihan = KegiatanIdp.objects.get(idp=idp_staf, sub_jenis="e_learning")
    client.force_login(organisasi["staf"].user)
    response = client.post(
        f"/pengembangan/idp/saya/kegiatan/{pelatihan.pk}/progres/",
        {"progres": "50", "catatan": "Separuh modul"},
    )
    assert response.status_code == 302
    # All errors at once: no file, no organiser.
    response = client.post(
        f"/pengembangan/idp/saya/kegiatan/{pelatihan.pk}/selesai/", {"jam_pelajaran": "16"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Unggah bukti kegiatan" in html and "Isi penyelenggara" in html
    response = client.post(
        f"/pengembangan/idp/saya/kegiatan/{pelatihan.pk}/selesai/",
        {
            "berkas": SimpleUploadedFile("sertifikat.pdf", PDF),
            "tanggal_mulai": LALU.isoformat(),
            "tanggal_selesai": LALU.isoformat(),
            "penyelenggara": "BPSDM Provinsi",
            "nomor": "STTPP/2026/1",
            "jam_pelajaran": "16",
        },
    )
    assert response.status_code == 302
    with instansi_scope(idp_staf.instansi):
        pelatihan.refresh_from_db()
        diklat = RiwayatDiklat.objects.get(pk=pelatihan.riwayat_id)
    assert (pelatihan.status, diklat.status, diklat.jam_pelajaran) == ("selesai", "diajukan", 16)
    html = client.get("/pengembangan/idp/saya/").content.decode()
    assert "masuk portofolio" in html and "1 dari 2 kegiatan selesai" in html


def test_asn_cannot_touch_someone_elses_activity(client, instansi_a, organisasi, idp_staf):
    _status(idp_staf, "disetujui")
    with instansi_scope(instansi_a):
        kegiatan = KegiatanIdp.objects.filter(idp=idp_staf).first()
    client.force_login(organisasi["kasi"].user)
    assert client.get(f"/pengembangan/idp/saya/kegiatan/{kegiatan.pk}/progres/").status_code == 404
    assert client.post(f"/pengembangan/idp/saya/kegiatan/{kegiatan.pk}/selesai/", {}).status_code == 404
    assert client.post(f"/pengembangan/idp/saya/{idp_staf.pk}/ajukan/").status_code == 404


def test_bkd_overview_coverage_and_priority(client, instansi_a, organisasi, idp_staf, admin_bkd_a):
    with instansi_scope(instansi_a):
        PenempatanFactory(pegawai=organisasi["staf"], kotak=5)
        PenempatanFactory(pegawai=organisasi["kasi"], kotak=4)
    _status(idp_staf, "disetujui")
    client.force_login(admin_bkd_a)
    html = client.get(f"/pengembangan/idp/?tahun={TAHUN}").content.decode()
    assert "Dinas Pendidikan" in html
    # 4 active pegawai in the Dinas, 1 approved plan: 25 %; 0 of 2 activities done.
    assert '<td class="num">25 %</td>' in html
    assert "jauh dari 70:20:10" in html
    prioritas = client.get("/pengembangan/idp/prioritas/").content.decode()
    assert "Dedi Kasi" in prioritas and "Belum ada IDP" in prioritas and "Susun draf" in prioritas
    # Draft the missing plan of box 4 from the priority list.
    response = client.post(f"/pengembangan/idp/pegawai/{organisasi['kasi'].pk}/susun/?tahun={TAHUN}")
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        baru = Idp.objects.get(pegawai=organisasi["kasi"], tahun=TAHUN)
    assert (baru.kotak, baru.atasan_id) == (4, organisasi["kabid"].pk)
    assert client.get(f"/pengembangan/idp/{baru.pk}/").status_code == 200
    # Edit an activity, then approve the draft directly.
    with instansi_scope(instansi_a):
        kegiatan = baru.kegiatan.first()
    response = client.post(
        f"/pengembangan/idp/{baru.pk}/kegiatan/{kegiatan.pk}/ubah/",
        {
            "sub_jenis": "rotasi", "nama": "Rotasi ke Bidang Sarana", "tanggal_mulai": f"{TAHUN}-07-01",
            "tanggal_selesai": f"{TAHUN}-12-31", "perkiraan_jam": "80",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert client.post(f"/pengembangan/idp/{baru.pk}/setujui/").status_code == 302
    baru.refresh_from_db()
    assert baru.status == "disetujui"
    with instansi_scope(instansi_a):
        assert AuditEvent.objects.filter(action="idp.kegiatan.ubah", target_id=str(kegiatan.pk)).exists()


def test_bulk_drafting_is_queued_for_a_worker(client, admin_bkd_a, organisasi, instansi_a):
    """In tests the Celery app runs eagerly: the queued task drafts everyone's plan."""
    client.force_login(admin_bkd_a)
    assert client.get("/pengembangan/idp/susun/").status_code == 200
    response = client.post("/pengembangan/idp/susun/", {"tahun": str(TAHUN)})
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        assert Idp.objects.filter(tahun=TAHUN).count() == 4


def test_komite_sees_krs_members_gaps(client, instansi_a, organisasi, komite_a):
    with instansi_scope(instansi_a):
        PenempatanFactory(pegawai=organisasi["kasi"], kotak=8)
        jabatan = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=organisasi["bidang"], nama="Kepala Bidang Kurikulum",
            standar_kompetensi=[{"kompetensi": "Visi Strategis", "level": 4}],
        )  # fmt: skip
        KandidatFactory(jabatan_kunci=jabatan, pegawai=organisasi["kasi"], kotak=8)
    client.force_login(komite_a)
    html = client.get("/pengembangan/idp/krs/").content.decode()
    assert "Dedi Kasi" in html
    assert "Visi Strategis untuk Kepala Bidang Kurikulum: level — dari standar 4" in html
    assert "Belum ada IDP" in html
    # Komite may read but not edit.
    assert client.post("/pengembangan/idp/susun/", {"tahun": str(TAHUN)}).status_code == 403


def test_home_cards(client, instansi_a, organisasi, idp_staf, admin_bkd_a, komite_a):
    client.force_login(organisasi["staf"].user)
    html = client.get("/asn/").content.decode()
    assert f"IDP Saya {TAHUN}" in html and "0 dari 2 kegiatan selesai" in html
    _status(idp_staf, "diajukan")
    client.force_login(organisasi["kasi"].user)
    assert "1 IDP pegawai menunggu persetujuan Anda" in client.get("/asn/").content.decode()
    client.force_login(admin_bkd_a)
    assert f"Cakupan IDP {TAHUN}" in client.get("/bkd/").content.decode()
    client.force_login(komite_a)
    assert "IDP anggota KRS" in client.get("/komite/").content.decode()


def test_api(api_login, instansi_a, organisasi, idp_staf, admin_bkd_a):
    api = api_login(admin_bkd_a)
    listing = api.get(f"/api/v1/pengembangan/idp/?tahun={TAHUN}").json()
    assert [row["id"] for row in listing["results"]] == [idp_staf.pk]
    detail = api.get(f"/api/v1/pengembangan/idp/{idp_staf.pk}/").json()
    assert len(detail["kegiatan"]) == 2 and detail["porsi_peringatan"].startswith("Porsi rencana")
    created = api.post(
        "/api/v1/pengembangan/idp/", {"pegawai": organisasi["kasi"].pk, "tahun": TAHUN}, format="json"
    )
    assert created.status_code == 201, created.content
    again = api.post(
        "/api/v1/pengembangan/idp/", {"pegawai": organisasi["kasi"].pk, "tahun": TAHUN}, format="json"
    )
    assert again.status_code == 400 and "sudah memiliki IDP" in str(again.json())
    kegiatan = api.post(
        "/api/v1/pengembangan/kegiatan-idp/",
        {"idp": idp_staf.pk, "sub_jenis": "coaching", "nama": "Coaching kinerja", "perkiraan_jam": 6,
         "tanggal_mulai": f"{TAHUN}-02-01", "tanggal_selesai": f"{TAHUN}-03-01"},
        format="json",
    )  # fmt: skip
    assert kegiatan.status_code == 201 and kegiatan.json()["jenis"] == "eksposur"
    assert api.post(f"/api/v1/pengembangan/idp/{idp_staf.pk}/setujui/").json()["status"] == "disetujui"
    # The ASN's own plans and progress on their own activity.
    asn = api_login(organisasi["staf"].user)
    saya = asn.get("/api/v1/pengembangan/idp/saya/").json()
    assert [row["id"] for row in saya] == [idp_staf.pk]
    kid = kegiatan.json()["id"]
    progres = asn.post(f"/api/v1/pengembangan/kegiatan-idp/{kid}/progres/", {"progres": 30}, format="json")
    assert progres.status_code == 200 and progres.json()["status"] == "berjalan"
    other = api_login(organisasi["kasi"].user)
    assert (
        other.post(
            f"/api/v1/pengembangan/kegiatan-idp/{kid}/progres/", {"progres": 30}, format="json"
        ).status_code
        == 404
    )
    # Only the caller's own plan (the one drafted above through the API).
    assert [row["id"] for row in other.get("/api/v1/pengembangan/idp/saya/").json()] == [created.json()["id"]]


def test_asn_without_pegawai_record_sees_a_clear_message(client, make_user, instansi_a):
    from apps.core.roles import Role

    user = make_user(Role.ASN, instansi_a, username="asn.tanpa.data")
    client.force_login(user)
    html = client.get("/pengembangan/idp/saya/").content.decode()
    assert "belum terhubung dengan data pegawai" in html


def test_next_year_page_without_a_plan(client, organisasi):
    client.force_login(organisasi["staf"].user)
    html = client.get(f"/pengembangan/idp/saya/?tahun={TAHUN + 1}").content.decode()
    assert f"Belum ada IDP tahun {TAHUN + 1}" in html


def test_bkd_pegawai_page_shows_the_idp_card(client, instansi_a, organisasi, idp_staf, admin_bkd_a, komite_a):
    client.force_login(admin_bkd_a)
    html = client.get(f"/pegawai/{organisasi['staf'].pk}/").content.decode()
    assert f"IDP tahun {TAHUN}" in html and f"/pengembangan/idp/{idp_staf.pk}/" in html
    html = client.get(f"/pegawai/{organisasi['kasi'].pk}/").content.decode()
    assert "belum punya IDP" in html and f"/pengembangan/idp/pegawai/{organisasi['kasi'].pk}/susun/" in html
    # The Komite reads plans but drafts none.
    client.force_login(komite_a)
    html = client.get(f"/pegawai/{organisasi['kasi'].pk}/").content.decode()
    assert "belum punya IDP" in html and "/susun/" not in html


def test_excel_export(client, instansi_a, organisasi, idp_staf, admin_bkd_a):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(admin_bkd_a)
    response = client.get(f"/pengembangan/idp/ekspor.xlsx?tahun={TAHUN}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    kegiatan = list(workbook["Kegiatan IDP"].iter_rows(values_only=True))
    assert kegiatan[0][:3] == ("NIP", "Nama", "Unit kerja")
    assert [row[8] for row in kegiatan[1:]] == ["Pelatihan Penyusunan Kurikulum", "Rotasi ke Seksi Sarana"]
    assert kegiatan[1][0] == organisasi["staf"].nip
    cakupan = list(workbook["Cakupan"].iter_rows(values_only=True))
    assert cakupan[1][:4] == ("Dinas Pendidikan", 4, 1, 0) and cakupan[-1][0] == "Jumlah"


@pytest.mark.parametrize("terbuka", [False, True])
def test_asn_own_plan_follows_the_box_and_candidacy_switches(
    client, api_login, instansi_a, organisasi, terbuka
):
    """The plan's box and its generated reasons name the box and the key post; an ASN sees them
    only where the instansi lets ASN see their box and their candidacies (page and API)."""
    from apps.petatalenta.models import PengaturanTalenta
    from apps.suksesi.models import PengaturanSuksesi

    with instansi_scope(instansi_a):
        PengaturanTalenta.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_kotak": terbuka}
        )
        PengaturanSuksesi.objects.update_or_create(
            instansi=instansi_a, defaults={"asn_boleh_lihat_pencalonan": terbuka}
        )
        idp = IdpFactory(pegawai=organisasi["staf"], kotak=5)
        KegiatanIdpFactory(idp=idp, nama="Coaching kinerja", sumber="kotak", alasan="Tindak lanjut kotak 5")
        KegiatanIdpFactory(
            idp=idp, nama="Mentoring Manajemen Perubahan", sumber="jabatan_kunci",
            alasan="Kesenjangan ke Kepala Bidang Kurikulum",
        )  # fmt: skip
    client.force_login(organisasi["staf"].user)
    html = client.get("/pengembangan/idp/saya/").content.decode()
    saya = api_login(organisasi["staf"].user).get("/api/v1/pengembangan/idp/saya/").json()[0]
    alasan = sorted(k["alasan"] for k in saya["kegiatan"])
    if terbuka:
        assert "Kotak saat disusun" in html and "Tindak lanjut kotak 5" in html
        assert "Kesenjangan ke Kepala Bidang Kurikulum" in html
        assert saya["kotak"] == 5
        assert alasan == ["Kesenjangan ke Kepala Bidang Kurikulum", "Tindak lanjut kotak 5"]
    else:
        assert "Kotak saat disusun" not in html and "kotak 5" not in html
        assert "Kepala Bidang Kurikulum" not in html
        assert html.count("Tindak lanjut hasil pemetaan talenta") == 2
        assert saya["kotak"] is None
        assert alasan == ["Tindak lanjut hasil pemetaan talenta"] * 2
