"""BKD pegawai pages: list with search and filters (query count independent of the rows), the
profile with every riwayat, the add/change/hukuman forms, completeness pages, and isolation
(403 for roles without the permission, 404 for another instansi's rows exactly like missing ones)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.demo.pegawai import demo_pdf, demo_png
from apps.pegawai.models import (
    HukumanDisiplin,
    KelengkapanData,
    Organisasi,
    Pegawai,
    PengaturanPegawai,
    Penghargaan,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikat,
    SkTimKerja,
    StatusVerifikasi,
)
from apps.pegawai.services import (
    dokumen_store,
    pegawai_create,
    riwayat_approve,
    riwayat_create,
    riwayat_reject,
)
from tests.assertions import assert_absent
from tests.factories import PegawaiFactory, UnitKerjaFactory, ni_pppk, nip_pns

pytestmark = pytest.mark.django_db

MISSING = 987654321
SITI_NIP = "199003152015032002"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def create(instansi, **fields) -> Pegawai:
    with instansi_scope(instansi):
        return pegawai_create(instansi=instansi, actor=None, **fields)


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, bidang, seksi = unit_tree_a
    dinkes = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Rumah Sakit Umum Daerah")
    siti = create(
        instansi_a,
        nip=SITI_NIP,
        nama="Siti Rahmawati",
        gelar_belakang="S.Pd.",
        tanggal_lahir=dt.date(1990, 3, 15),
        jenis_kelamin="P",
        status_kepegawaian="pns",
        golongan="III/c",
        jenis_jabatan="fungsional",
        nama_jabatan="Guru",
        jenjang_fungsional="ahli_muda",
        unit_kerja=seksi,
        tmt_jabatan=dt.date(2021, 1, 1),
        pendidikan_terakhir="s1",
    )
    budi = create(
        instansi_a,
        nip=nip_pns(lahir=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1), kelamin="L"),
        nama="Budi Santoso",
        tanggal_lahir=dt.date(1986, 9, 26),
        jenis_kelamin="L",
        status_kepegawaian="pns",
        golongan="III/a",
        jenis_jabatan="pelaksana",
        nama_jabatan="Penata Layanan Operasional",
        unit_kerja=dinas,
    )
    yohanes = create(
        instansi_a,
        nip=ni_pppk(lahir=dt.date(1992, 7, 1), tahun=2023, kelamin="L"),
        nama="Yohanes Ardi",
        tanggal_lahir=dt.date(1992, 7, 1),
        jenis_kelamin="L",
        status_kepegawaian="pppk",
        golongan="VII",
        jenis_jabatan="fungsional",
        nama_jabatan="Perawat",
        jenjang_fungsional="terampil",
        unit_kerja=dinkes,
    )
    rahasia = create(
        instansi_b,
        nip=nip_pns(lahir=dt.date(1980, 1, 1), tmt=dt.date(2005, 1, 1), kelamin="L"),
        nama="Rahasia Pegawai",
        tanggal_lahir=dt.date(1980, 1, 1),
        jenis_kelamin="L",
        status_kepegawaian="pns",
        golongan="IV/a",
        jenis_jabatan="pelaksana",
        nama_jabatan="Rahasia",
        unit_kerja=unit_b,
    )
    with scopes_disabled():
        for pegawai, persen in ((siti, 100), (budi, 57), (yohanes, 86)):
            KelengkapanData.objects.filter(pegawai=pegawai).update(persen=persen)
    return {
        "siti": siti,
        "budi": budi,
        "yohanes": yohanes,
        "rahasia": rahasia,
        "dinas": dinas,
        "bidang": bidang,
        "seksi": seksi,
        "dinkes": dinkes,
        "unit_b": unit_b,
    }


def names(response) -> list[str]:
    assert response.status_code == 200
    return [p.nama for p in response.context["pegawai_list"]]


# --- list ----------------------------------------------------------------------------------------------


def test_list_shows_the_own_instansi_only(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get("/pegawai/")
    assert names(response) == ["Budi Santoso", "Siti Rahmawati", "Yohanes Ardi"]
    content = response.content.decode()
    assert "Rahasia" not in content
    assert "19900315 201503 2 002" in content  # NIP grouped
    assert "19920701 2023 01 1 001" in content  # NI PPPK grouped by its own layout
    assert "Guru (Ahli Muda)" in content


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("siti", ["Siti Rahmawati"]),
        ("SANTOSO", ["Budi Santoso"]),
        ("19900315 201503 2 002", ["Siti Rahmawati"]),
        (SITI_NIP, ["Siti Rahmawati"]),
        ("19860926", ["Budi Santoso"]),
        ("2023 01", ["Yohanes Ardi"]),
        ("rahasia", []),
        ("19800101", []),  # the foreign pegawai's NIP
    ],
)
def test_search_by_name_or_nip_ignoring_spaces(login, admin_bkd_a, data, q, expected):
    assert names(login(admin_bkd_a).get("/pegawai/", {"q": q})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "dinas"}, ["Budi Santoso", "Siti Rahmawati"]),  # the seksi below it included
        ({"unit": "bidang"}, ["Siti Rahmawati"]),
        ({"unit": "seksi"}, ["Siti Rahmawati"]),
        ({"unit": "dinkes"}, ["Yohanes Ardi"]),
        ({"jenis_jabatan": "fungsional"}, ["Siti Rahmawati", "Yohanes Ardi"]),
        ({"jenis_jabatan": "pelaksana"}, ["Budi Santoso"]),
        ({"golongan": "III/c"}, ["Siti Rahmawati"]),
        ({"golongan": "VII"}, ["Yohanes Ardi"]),
        ({"status": "pppk"}, ["Yohanes Ardi"]),
        ({"status": "pns"}, ["Budi Santoso", "Siti Rahmawati"]),
        ({"kelengkapan": "lengkap"}, ["Siti Rahmawati"]),
        ({"kelengkapan": "tinggi"}, ["Yohanes Ardi"]),
        ({"kelengkapan": "sedang"}, ["Budi Santoso"]),
        ({"kelengkapan": "rendah"}, []),
        ({"status": "pns", "jenis_jabatan": "fungsional", "unit": "dinas"}, ["Siti Rahmawati"]),
        ({"status": "pns", "q": "budi"}, ["Budi Santoso"]),
    ],
)
def test_filters(login, admin_bkd_a, data, params, expected):
    if "unit" in params:
        params = {**params, "unit": data[params["unit"]].pk}
    assert names(login(admin_bkd_a).get("/pegawai/", params)) == expected


def test_pegawai_without_completeness_row_is_in_the_lowest_band(login, admin_bkd_a, instansi_a, data):
    PegawaiFactory(instansi=instansi_a, nama="Tanpa Baris")
    assert names(login(admin_bkd_a).get("/pegawai/", {"kelengkapan": "rendah"})) == ["Tanpa Baris"]


def test_a_foreign_unit_in_the_filter_is_not_a_valid_choice(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get("/pegawai/", {"unit": data["unit_b"].pk})
    assert names(response) == ["Budi Santoso", "Siti Rahmawati", "Yohanes Ardi"]  # filter dropped
    assert "Rahasia" not in response.content.decode()
    assert response.context["filter_form"].errors["unit"]


def test_pagination_by_50_keeps_the_filters(login, admin_bkd_a, instansi_a):
    for i in range(55):
        PegawaiFactory(instansi=instansi_a, nama=f"Pegawai {i:02d}", golongan="III/b")
    PegawaiFactory(instansi=instansi_a, nama="Golongan Lain", golongan="II/a")
    client = login(admin_bkd_a)
    first = client.get("/pegawai/", {"golongan": "III/b"})
    assert len(names(first)) == 50
    assert first.context["paginator"].count == 55
    content = first.content.decode()
    assert "golongan=III%2Fb&amp;page=2" in content
    second = client.get("/pegawai/", {"golongan": "III/b", "page": 2})
    assert names(second) == [f"Pegawai {i:02d}" for i in range(50, 55)]


def test_list_query_count_does_not_grow_with_the_rows(login, admin_bkd_a, instansi_a, unit_tree_a):
    client = login(admin_bkd_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/pegawai/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        with scopes_disabled():
            for _ in range(n):
                pegawai = PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[2])
                KelengkapanData.objects.create(instansi=instansi_a, pegawai=pegawai, persen=71, kekurangan=[])

    add(2)
    few = queries()
    add(40)
    assert queries() == few


# --- detail -------------------------------------------------------------------------------------------------


@pytest.fixture
def portfolio(data, admin_bkd_a, make_user, instansi_a):
    """Siti has an item of every kind, in every verification state."""
    verifikator = make_user(Role.VERIFIKATOR, instansi_a, username="verifikator.a")
    siti = data["siti"]
    with instansi_scope(instansi_a):
        ijazah = dokumen_store(
            pegawai=siti,
            actor=None,
            berkas=SimpleUploadedFile("ijazah-s1.pdf", demo_pdf("Ijazah"), content_type="application/pdf"),
        )
        foto = dokumen_store(
            pegawai=siti,
            actor=None,
            berkas=SimpleUploadedFile("kartu.png", demo_png(1), content_type="image/png"),
        )

        def item(model, data_, dokumen=None):
            return riwayat_create(model=model, pegawai=siti, actor=None, data=data_, dokumen=dokumen)

        pendidikan = item(
            RiwayatPendidikan,
            {"jenjang": "s1", "jurusan": "Pendidikan Bahasa Indonesia", "institusi": "Universitas Palangka Raya", "tahun_lulus": 2012},
            ijazah,
        )  # fmt: skip
        riwayat_approve(riwayat=pendidikan, actor=verifikator)
        item(
            RiwayatDiklat,
            {"jenis": "teknis", "nama": "Pelatihan Kurikulum Merdeka", "penyelenggara": "Balai Guru Penggerak",
             "tanggal_mulai": dt.date(2025, 7, 14), "tanggal_selesai": dt.date(2025, 7, 18), "jam_pelajaran": 32},
        )  # fmt: skip
        sertifikat = item(
            Sertifikat,
            {
                "nama": "Sertifikat Pendidik",
                "penerbit": "Kemendikbudristek",
                "tanggal_terbit": dt.date(2019, 12, 2),
            },
        )
        riwayat_reject(riwayat=sertifikat, actor=verifikator, alasan="Nomor sertifikat tidak terbaca.")
        penghargaan = item(
            Penghargaan,
            {
                "jenis": "satyalencana_x",
                "pemberi": "Presiden Republik Indonesia",
                "tanggal": dt.date(2025, 8, 17),
            },
        )
        riwayat_approve(riwayat=penghargaan, actor=verifikator)
        item(
            SkTimKerja,
            {"nama_tim": "Tim Penurunan Stunting", "peran": "Anggota", "nomor_sk": "100/1/2024", "tanggal_sk": dt.date(2024, 2, 1)},
        )  # fmt: skip
        jabatan = item(
            RiwayatJabatan,
            {"jenis_jabatan": "fungsional", "jenjang_fungsional": "ahli_muda", "nama_jabatan": "Guru Ahli Muda", "unit": "SMP Negeri 1", "tmt_mulai": dt.date(2021, 1, 1)},
        )  # fmt: skip
        riwayat_approve(riwayat=jabatan, actor=verifikator)
        item(Organisasi, {"nama": "PGRI", "jabatan": "Anggota", "tanggal_mulai": dt.date(2015, 6, 1)}, foto)
        riwayat_create(
            model=HukumanDisiplin,
            pegawai=siti,
            actor=admin_bkd_a,
            data={"tingkat": "ringan", "jenis_hukuman": "Teguran tertulis", "nomor_sk": "800/9/2025", "tmt_mulai": dt.date(2025, 2, 3)},
            oleh_bkd=True,
        )  # fmt: skip
    return {"ijazah": ijazah, "foto": foto}


def test_detail_shows_the_profile(login, admin_bkd_a, data, portfolio):
    response = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Siti Rahmawati, S.Pd." in content
    assert "19900315 201503 2 002" in content
    assert "Penata (III/c)" in content  # golongan with pangkat
    assert "Ahli Muda" in content
    path = re.findall(r"Dinas Pendidikan|Bidang Pembinaan SD|Seksi Kurikulum", content.split("Unit kerja")[1])
    assert path[:3] == ["Dinas Pendidikan", "Bidang Pembinaan SD", "Seksi Kurikulum"]
    assert "58 tahun" in content
    assert "1 April 2048" in content  # born 15 March 1990, BUP 58
    assert "Belum terhubung dengan akun pengguna." in content


def test_detail_uses_the_bup_setting_of_the_instansi(login, admin_bkd_a, instansi_a, data):
    with scopes_disabled():
        PengaturanPegawai.objects.create(instansi=instansi_a, bup={"ahli_muda": 60})
    content = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/").content.decode()
    assert "60 tahun" in content
    assert "1 April 2050" in content


def test_detail_shows_every_riwayat_kind_with_status_and_documents(login, admin_bkd_a, data, portfolio):
    response = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/")
    content = response.content.decode()
    for heading in (
        "Riwayat pendidikan",
        "Diklat / pelatihan",
        "Sertifikat",
        "Penghargaan",
        "SK tim kerja",
        "Riwayat jabatan",
        "Organisasi",
        "Hukuman disiplin",
    ):
        assert f"<h2>{heading} <span" in content, heading
    for kode in (
        "pendidikan",
        "diklat",
        "sertifikat",
        "penghargaan",
        "sk_tim",
        "jabatan",
        "organisasi",
        "hukuman",
    ):
        section = content.split(f'id="riwayat-{kode}"')[1].split("</section>")[0]
        assert "<tbody>" in section, kode  # one row each
    riwayat_html = "".join(
        part.split("</section>")[0] for part in content.split('class="card card--wide riwayat"')[1:]
    )
    assert (
        riwayat_html.count('class="badge badge--disetujui"') == 4
    )  # pendidikan, penghargaan, jabatan, hukuman
    assert riwayat_html.count('class="badge badge--diajukan"') == 3
    assert riwayat_html.count('class="badge badge--ditolak"') == 1
    assert riwayat_html.count("Menunggu verifikasi</span>") == 3
    assert "Nomor sertifikat tidak terbaca." in content
    assert "Teguran tertulis" in content
    assert "Universitas Palangka Raya" in content and "2012" in content
    assert "14 Juli 2025" in content  # dates in Indonesian
    for key, name in (("ijazah", "ijazah-s1.pdf"), ("foto", "kartu.png")):
        url = reverse("pegawai:dokumen", args=[portfolio[key].uuid])
        assert url == f"/dokumen/{portfolio[key].uuid}/"
        assert f'<a href="{url}">{name}</a>' in content
    assert content.count("Tanpa dokumen") == 6


def test_detail_shows_completeness_with_what_is_missing(login, admin_bkd_a, data, portfolio):
    response = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/")
    content = response.content.decode()
    with scopes_disabled():
        persen = KelengkapanData.objects.get(pegawai=data["siti"]).persen
    assert f"<strong>{persen}%</strong>" in content
    assert "Ditolak: sertifikat “Sertifikat Pendidik — Kemendikbudristek”" in content
    assert "Menunggu verifikasi: diklat / pelatihan" in content
    assert "Kontak belum lengkap: e-mail, nomor telepon." in content


def test_detail_shows_the_audit_events_of_this_pegawai(login, admin_bkd_a, instansi_a, data):
    with scopes_disabled():
        AuditEvent.objects.create(
            instansi=instansi_a, actor_label="x", action="test.lain", target_type="pegawai.Pegawai",
            target_id=str(data["budi"].pk), target_repr="Budi",
        )  # fmt: skip
    content = assert_absent(login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/"), "test.lain")  # Budi's
    assert "<code>pegawai.create</code>" in content


def test_detail_shows_the_linked_account(login, admin_bkd_a, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a, username="siti.asn", nip=SITI_NIP)
    with scopes_disabled():
        Pegawai.objects.filter(pk=data["siti"].pk).update(user=user)
    content = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/").content.decode()
    assert "<strong>siti.asn</strong>" in content


def test_detail_computes_completeness_when_no_row_exists_yet(login, admin_bkd_a, instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Belum Dihitung", email="", telepon="")
    response = login(admin_bkd_a).get(f"/pegawai/{pegawai.pk}/")
    assert response.status_code == 200
    assert response.context["kelengkapan"].persen == 29  # data pokok and dokumen only
    assert "Kontak belum lengkap: e-mail, nomor telepon." in response.content.decode()


def test_verifikator_reads_but_sees_no_change_buttons(login, make_user, instansi_a, data):
    client = login(make_user(Role.VERIFIKATOR, instansi_a))
    content = assert_absent(client.get(f"/pegawai/{data['siti'].pk}/"), f"/pegawai/{data['siti'].pk}/ubah/")
    assert "Siti Rahmawati" in content
    assert_absent(client.get("/pegawai/"), "/pegawai/tambah/")


# --- forms ------------------------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "nip": "19860926 201505 1 007",
        "gelar_depan": "",
        "nama": "Agus Saputra",
        "gelar_belakang": "S.T.",
        "tempat_lahir": "Sampit",
        "tanggal_lahir": "1986-09-26",
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "golongan": "III/d",
        "tmt_golongan": "2023-04-01",
        "jenis_jabatan": "fungsional",
        "nama_jabatan": "Teknik Jalan dan Jembatan",
        "jenjang_fungsional": "ahli_muda",
        "unit_kerja": "",
        "tmt_jabatan": "2022-01-01",
        "pendidikan_terakhir": "s1",
        "email": "agus@example.com",
        "telepon": "0812-5555-0101",
        "alamat": "Jl. Ahmad Yani No. 3, Sampit",
        "akun": "",
    }
    data.update(overrides)
    return data


def test_create(login, admin_bkd_a, instansi_a, unit_tree_a):
    client = login(admin_bkd_a)
    assert client.get("/pegawai/tambah/").status_code == 200
    response = client.post("/pegawai/tambah/", form_data(unit_kerja=unit_tree_a[1].pk))
    with scopes_disabled():
        pegawai = Pegawai.objects.get(nama="Agus Saputra")
        assert KelengkapanData.objects.filter(pegawai=pegawai).exists()
        assert AuditEvent.objects.filter(action="pegawai.create", target_id=str(pegawai.pk)).exists()
    assert response.status_code == 302
    assert response["Location"] == f"/pegawai/{pegawai.pk}/"
    assert (pegawai.nip, pegawai.instansi_id, pegawai.unit_kerja_id) == (
        "198609262015051007",
        instansi_a.pk,
        unit_tree_a[1].pk,
    )
    assert pegawai.aktif


def _form_errors(response) -> dict:
    assert response.status_code == 200
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "19860231 201505 1 001"}, "nip", "Tanggal lahir pada NIP (digit 1–8: 19860231) bukan tanggal yang valid."),
        ({"nip": "1986092620150510"}, "nip", "NIP harus 18 digit; yang diisi 16 digit."),
        ({"nip": "1.98609E+17"}, "nip", "notasi ilmiah"),
        ({"nip": "198609262015053001"}, "nip", "Digit jenis kelamin pada NIP (digit ke-15) harus 1"),
        ({"tanggal_lahir": "1986-09-27"}, "tanggal_lahir", "tidak sama dengan tanggal lahir pada NIP (26-09-1986)"),
        ({"jenis_kelamin": "P"}, "jenis_kelamin", "tidak sama dengan digit jenis kelamin pada NIP"),
        ({"golongan": "IX"}, "golongan", "Golongan PNS/CPNS ditulis I/a–IV/e, bukan IX."),
        ({"jenjang_fungsional": ""}, "jenjang_fungsional", "Jabatan fungsional harus mempunyai jenjang"),
        ({"status_kepegawaian": "pppk", "golongan": "IX"}, "nip", "Tahun pengangkatan PPPK pada NI PPPK"),
    ],
)  # fmt: skip
def test_create_shows_service_errors_in_indonesian_on_the_field(
    login, admin_bkd_a, overrides, field, message
):
    response = login(admin_bkd_a).post("/pegawai/tambah/", form_data(**overrides))
    errors = _form_errors(response)
    assert any(message in e for e in errors[field]), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    with scopes_disabled():
        assert not Pegawai.objects.exists()


def test_create_refuses_a_nip_already_registered(login, admin_bkd_a, data):
    response = login(admin_bkd_a).post(
        "/pegawai/tambah/",
        form_data(nip=SITI_NIP, tanggal_lahir="1990-03-15", jenis_kelamin="P"),
    )
    assert _form_errors(response)["nip"] == [f"NIP {SITI_NIP} sudah terdaftar di instansi ini."]


def test_create_links_an_asn_account_of_the_instansi(login, admin_bkd_a, make_user, instansi_a):
    user = make_user(Role.ASN, instansi_a, username="agus.asn")
    response = login(admin_bkd_a).post("/pegawai/tambah/", form_data(akun="agus.asn"))
    assert response.status_code == 302
    with scopes_disabled():
        pegawai = Pegawai.objects.get(nama="Agus Saputra")
        assert pegawai.user_id == user.pk
        assert AuditEvent.objects.get(action="pegawai.akun").new_values == {"akun": "agus.asn"}


@pytest.mark.parametrize(
    ("role", "where", "nip", "message"),
    [
        (Role.ASN, "b", None, "Tidak ada pengguna ASN instansi ini dengan nama pengguna “akun.x”."),
        (Role.VERIFIKATOR, "a", None, "Tidak ada pengguna ASN instansi ini dengan nama pengguna “akun.x”."),
        (Role.ASN, "a", "199001012015031001", "NIP pada akun “akun.x” (199001012015031001) berbeda"),
    ],
)
def test_create_refuses_other_accounts_and_creates_nothing(
    login, admin_bkd_a, make_user, instansi_a, instansi_b, role, where, nip, message
):
    make_user(role, instansi_a if where == "a" else instansi_b, username="akun.x", nip=nip)
    response = login(admin_bkd_a).post("/pegawai/tambah/", form_data(akun="akun.x"))
    assert any(message in e for e in _form_errors(response)["akun"])
    with scopes_disabled():
        assert not Pegawai.objects.exists()  # the whole save was rolled back


def test_an_account_cannot_be_linked_twice(login, admin_bkd_a, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a, username="siti.asn")
    with scopes_disabled():
        Pegawai.objects.filter(pk=data["siti"].pk).update(user=user)
    response = login(admin_bkd_a).post("/pegawai/tambah/", form_data(akun="siti.asn"))
    assert _form_errors(response)["akun"] == [
        "Akun “siti.asn” sudah terhubung dengan pegawai lain (Siti Rahmawati, S.Pd.)."
    ]


def _update_data(pegawai: Pegawai, **overrides) -> dict:
    values = {
        "nip": pegawai.nip,
        "nama": pegawai.nama,
        "gelar_depan": pegawai.gelar_depan,
        "gelar_belakang": pegawai.gelar_belakang,
        "tempat_lahir": pegawai.tempat_lahir,
        "tanggal_lahir": pegawai.tanggal_lahir.isoformat(),
        "jenis_kelamin": pegawai.jenis_kelamin,
        "status_kepegawaian": pegawai.status_kepegawaian,
        "golongan": pegawai.golongan,
        "tmt_golongan": "",
        "jenis_jabatan": pegawai.jenis_jabatan,
        "nama_jabatan": pegawai.nama_jabatan,
        "jenjang_fungsional": pegawai.jenjang_fungsional,
        "unit_kerja": pegawai.unit_kerja_id or "",
        "tmt_jabatan": pegawai.tmt_jabatan.isoformat() if pegawai.tmt_jabatan else "",
        "pendidikan_terakhir": pegawai.pendidikan_terakhir,
        "email": pegawai.email,
        "telepon": pegawai.telepon,
        "alamat": pegawai.alamat,
        "aktif": "on",
        "akun": "",
    }
    values.update(overrides)
    return values


def test_update_form_is_filled_in(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get(f"/pegawai/{data['siti'].pk}/ubah/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["nip"] == SITI_NIP and form.initial["golongan"] == "III/c"
    assert 'value="2021-01-01"' in response.content.decode()  # date input in ISO


def test_update_saves_audits_and_links_the_account(login, admin_bkd_a, make_user, instansi_a, data):
    make_user(Role.ASN, instansi_a, username="siti.asn", nip=SITI_NIP)
    siti = data["siti"]
    response = login(admin_bkd_a).post(
        f"/pegawai/{siti.pk}/ubah/", _update_data(siti, golongan="III/d", telepon="0813", akun="siti.asn")
    )
    assert response.status_code == 302 and response["Location"] == f"/pegawai/{siti.pk}/"
    with scopes_disabled():
        siti = Pegawai.objects.select_related("user").get(pk=siti.pk)
        event = AuditEvent.objects.get(action="pegawai.update", target_id=str(siti.pk))
    assert (siti.golongan, siti.telepon, siti.user.username) == ("III/d", "0813", "siti.asn")
    assert event.old_values == {"golongan": "III/c", "telepon": ""}
    assert event.new_values == {"golongan": "III/d", "telepon": "0813"}


def test_update_can_deactivate_and_unlink(login, admin_bkd_a, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a, username="siti.asn")
    with scopes_disabled():
        Pegawai.objects.filter(pk=data["siti"].pk).update(user=user)
        siti = Pegawai.objects.get(pk=data["siti"].pk)
    values = _update_data(siti)
    del values["aktif"]
    assert login(admin_bkd_a).post(f"/pegawai/{siti.pk}/ubah/", values).status_code == 302
    with scopes_disabled():
        siti = Pegawai.objects.get(pk=siti.pk)
    assert (siti.aktif, siti.user_id) == (False, None)


def test_update_error_keeps_the_old_data(login, admin_bkd_a, data):
    siti = data["siti"]
    response = login(admin_bkd_a).post(
        f"/pegawai/{siti.pk}/ubah/", _update_data(siti, nip="199003152015033002")
    )
    assert "Digit jenis kelamin" in _form_errors(response)["nip"][0]
    with scopes_disabled():
        assert Pegawai.objects.get(pk=siti.pk).nip == SITI_NIP


def test_record_hukuman_disiplin(login, admin_bkd_a, data):
    siti = data["siti"]
    client = login(admin_bkd_a)
    assert client.get(f"/pegawai/{siti.pk}/hukuman/tambah/").status_code == 200
    response = client.post(
        f"/pegawai/{siti.pk}/hukuman/tambah/",
        {
            "tingkat": "sedang",
            "jenis_hukuman": "Pemotongan tunjangan kinerja 25% selama 6 bulan",
            "nomor_sk": "800.1.6/77/BKPSDM/2025",
            "tmt_mulai": "2025-03-01",
            "tmt_selesai": "2025-08-31",
            "berkas": SimpleUploadedFile("sk.pdf", demo_pdf("SK"), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/pegawai/{siti.pk}/"
    with scopes_disabled():
        hukuman = HukumanDisiplin.objects.select_related("dokumen").get(pegawai=siti)
    assert (hukuman.status, hukuman.diverifikasi_oleh_id) == (StatusVerifikasi.DISETUJUI, admin_bkd_a.pk)
    assert hukuman.dokumen.content_type == "application/pdf" and hukuman.dokumen.nama_asli == "sk.pdf"
    assert "Pemotongan tunjangan kinerja 25%" in client.get(f"/pegawai/{siti.pk}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"tmt_selesai": "2025-01-01"}, "tmt_selesai", "TMT selesai tidak boleh sebelum TMT mulai."),
        (
            {
                "berkas": SimpleUploadedFile(
                    "sk.pdf", b"bukan pdf sama sekali", content_type="application/pdf"
                )
            },
            "berkas",
            "Jenis berkas tidak didukung",
        ),
        ({"nomor_sk": ""}, "nomor_sk", ""),
    ],
)
def test_hukuman_form_errors(login, admin_bkd_a, data, overrides, field, message):
    values = {
        "tingkat": "ringan",
        "jenis_hukuman": "Teguran tertulis",
        "nomor_sk": "800/1/2025",
        "tmt_mulai": "2025-03-01",
        **overrides,
    }
    response = login(admin_bkd_a).post(f"/pegawai/{data['siti'].pk}/hukuman/tambah/", values)
    assert any(message in e for e in _form_errors(response)[field])
    with scopes_disabled():
        assert not HukumanDisiplin.objects.exists()


# --- completeness pages -----------------------------------------------------------------------------------------


def test_kelengkapan_ranking(login, admin_bkd_a, instansi_a, data):
    response = login(admin_bkd_a).get("/kelengkapan/")
    assert response.status_code == 200
    content = response.content.decode()
    # The RSUD at 86% (Yohanes) ranks above Dinas Pendidikan at 78,5% (Siti 100, Budi 57).
    assert content.index("Rumah Sakit Umum Daerah") < content.index("Dinas Pendidikan")
    assert "78,5%" in content and "86,0%" in content
    assert "81,0%" in content  # instansi average: (100 + 57 + 86) / 3
    assert "Dinas Kesehatan" not in content  # instansi B's perangkat daerah
    assert f"/kelengkapan/{data['unit_b'].pk}/" not in content
    ranking = [(row.peringkat, row.unit.nama) for row in response.context["ringkasan"].perangkat_daerah]
    assert ranking == [(1, "Rumah Sakit Umum Daerah"), (2, "Dinas Pendidikan")]


def test_kelengkapan_drill_down(login, admin_bkd_a, data):
    response = login(admin_bkd_a).get(f"/kelengkapan/{data['dinas'].pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    for nama in ("Dinas Pendidikan", "Bidang Pembinaan SD", "Seksi Kurikulum"):
        assert nama in content
    rows = [r.unit.nama for r in response.context["baris"]]
    assert rows == ["Dinas Pendidikan", "Bidang Pembinaan SD", "Seksi Kurikulum"]
    assert [p.nama for p in response.context["terendah"]] == ["Budi Santoso", "Siti Rahmawati"]
    assert f"/pegawai/?unit={data['dinas'].pk}" in content


# --- permissions and isolation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN_BKD, {"list", "detail", "create", "update", "hukuman", "kelengkapan"}),
        (Role.VERIFIKATOR, {"list", "detail", "kelengkapan"}),
        (Role.PPK, {"list", "detail", "kelengkapan"}),
        (Role.KOMITE_KETUA, {"list", "detail"}),
        (Role.KOMITE_ANGGOTA, {"list", "detail"}),
        (Role.ASN, set()),
        (Role.BKN, set()),
        (Role.OPERATOR, set()),
    ],
)
def test_permissions(login, make_user, instansi_a, data, role, allowed):
    client = login(make_user(role, instansi_a))
    pk = data["siti"].pk
    urls = {
        "list": "/pegawai/",
        "detail": f"/pegawai/{pk}/",
        "create": "/pegawai/tambah/",
        "update": f"/pegawai/{pk}/ubah/",
        "hukuman": f"/pegawai/{pk}/hukuman/tambah/",
        "kelengkapan": "/kelengkapan/",
        "kelengkapan_unit": f"/kelengkapan/{data['dinas'].pk}/",
    }
    for name, url in urls.items():
        expected = 200 if (name if name != "kelengkapan_unit" else "kelengkapan") in allowed else 403
        assert client.get(url).status_code == expected, (name, role)


def test_anonymous_is_sent_to_login(client, data):
    response = client.get("/pegawai/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def _normalise(body: bytes, url: str) -> bytes:
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return body.replace(url.encode(), b"#")


@pytest.mark.parametrize(
    ("method", "template", "kind"),
    [
        ("get", "/pegawai/{pk}/", "pegawai"),
        ("get", "/pegawai/{pk}/ubah/", "pegawai"),
        ("post", "/pegawai/{pk}/ubah/", "pegawai"),
        ("get", "/pegawai/{pk}/hukuman/tambah/", "pegawai"),
        ("post", "/pegawai/{pk}/hukuman/tambah/", "pegawai"),
        ("get", "/kelengkapan/{pk}/", "unit"),
    ],
)
def test_foreign_object_answers_exactly_like_a_missing_one(login, admin_bkd_a, data, method, template, kind):
    client = login(admin_bkd_a)
    foreign_pk = data["rahasia"].pk if kind == "pegawai" else data["unit_b"].pk
    body = {
        "tingkat": "ringan",
        "jenis_hukuman": "x",
        "nomor_sk": "1",
        "tmt_mulai": "2025-01-01",
        "nama": "Diambil",
    }
    foreign_url, missing_url = template.format(pk=foreign_pk), template.format(pk=MISSING)
    foreign = getattr(client, method)(foreign_url, body) if method == "post" else client.get(foreign_url)
    missing = getattr(client, method)(missing_url, body) if method == "post" else client.get(missing_url)
    assert foreign.status_code == missing.status_code == 404
    assert _normalise(foreign.content, foreign_url) == _normalise(missing.content, missing_url)
    with scopes_disabled():
        assert not HukumanDisiplin.objects.exists()
        assert Pegawai.objects.get(pk=data["rahasia"].pk).nama == "Rahasia Pegawai"
