"""API v1 for pegawai, riwayat (portfolio) with verification, and document upload.

Real PostgreSQL and the real middleware: every request is scoped to the caller's instansi exactly as
in production. Three tenants (A, B in Kalimantan Tengah; C in Kalimantan Barat).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.pegawai.models import (
    RIWAYAT_BY_KODE,
    RIWAYAT_MODELS,
    Dokumen,
    KelengkapanData,
    Pegawai,
    RiwayatPendidikan,
    StatusVerifikasi,
)
from apps.pegawai.services import (
    dokumen_store,
    kelengkapan_recompute,
    riwayat_approve,
    riwayat_create,
    riwayat_reject,
)
from tests.factories import PegawaiFactory, UnitKerjaFactory, ni_pppk, nip_pns

pytestmark = pytest.mark.django_db

MISSING = 987654321
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Valid data of every riwayat kind, as JSON would carry it.
SAMPLE: dict[str, dict] = {
    "pendidikan": {
        "jenjang": "s1",
        "jurusan": "Ilmu Pemerintahan",
        "institusi": "Universitas Palangka Raya",
        "tahun_lulus": 2008,
    },
    "diklat": {
        "jenis": "teknis",
        "nama": "Pelatihan Kearsipan",
        "penyelenggara": "BPSDM Provinsi Kalimantan Tengah",
        "tanggal_mulai": "2023-03-01",
        "tanggal_selesai": "2023-03-05",
        "jam_pelajaran": 40,
    },
    "sertifikat": {
        "nama": "Sertifikat Pengadaan Barang/Jasa",
        "penerbit": "LKPP",
        "tanggal_terbit": "2022-05-10",
    },
    "penghargaan": {
        "jenis": "satyalencana_x",
        "pemberi": "Presiden Republik Indonesia",
        "tanggal": "2020-08-17",
    },
    "sk_tim": {
        "nama_tim": "Tim Percepatan SPBE",
        "peran": "Anggota",
        "nomor_sk": "800/12/BKD/2024",
        "tanggal_sk": "2024-01-15",
    },
    "jabatan": {
        "jenis_jabatan": "pelaksana",
        "nama_jabatan": "Pengadministrasi Umum",
        "unit": "BKPSDM",
        "tmt_mulai": "2015-05-01",
    },
    "organisasi": {"nama": "KORPRI", "jabatan": "Anggota", "tanggal_mulai": "2016-01-01"},
    "hukuman": {
        "tingkat": "ringan",
        "jenis_hukuman": "Teguran lisan",
        "nomor_sk": "862/1/BKD/2024",
        "tmt_mulai": "2024-02-01",
    },
}
ASN_KODES = [m.KODE for m in RIWAYAT_MODELS if m.DIISI_ASN]
# A field of each kind that a PATCH can change.
PATCH_FIELD = {
    "pendidikan": ("institusi", "Universitas Lambung Mangkurat"),
    "diklat": ("nama", "Pelatihan Kearsipan Lanjutan"),
    "sertifikat": ("penerbit", "LKPP RI"),
    "penghargaan": ("pemberi", "Gubernur Kalimantan Tengah"),
    "sk_tim": ("peran", "Ketua"),
    "jabatan": ("unit", "BKD"),
    "organisasi": ("jabatan", "Bendahara"),
    "hukuman": ("jenis_hukuman", "Teguran tertulis"),
}


def _python(data: dict) -> dict:
    """SAMPLE with dates as dates, for calling the services directly."""
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            value = dt.date.fromisoformat(value)
        out[key] = value
    return out


def _riwayat(pegawai, kode, *, approve_by=None, **overrides):
    model = RIWAYAT_BY_KODE[kode]
    with instansi_scope(pegawai.instansi):
        item = riwayat_create(
            model=model,
            pegawai=pegawai,
            actor=None,
            data={**_python(SAMPLE[kode]), **overrides},
            oleh_bkd=not model.DIISI_ASN,
        )
        if approve_by is not None and item.status == StatusVerifikasi.DIAJUKAN:
            riwayat_approve(riwayat=item, actor=approve_by)
    return item


def _reload(obj):
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def _events(action):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action).order_by("id"))


def pegawai_body(**overrides) -> dict:
    """A complete, valid PNS profile as JSON."""
    body = {
        "nip": "19860926 201505 1 001",
        "nama": "Siti Rahmawati",
        "gelar_depan": "",
        "gelar_belakang": "S.Pd.",
        "tempat_lahir": "Pangkalan Bun",
        "tanggal_lahir": "1986-09-26",
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "golongan": "III/b",
        "jenis_jabatan": "pelaksana",
        "nama_jabatan": "Pengadministrasi Umum",
        "jenjang_fungsional": "",
        "pendidikan_terakhir": "s1",
    }
    body.update(overrides)
    return body


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def users(make_user, instansi_a):
    return {
        role: make_user(role, instansi_a, username=f"api.{role.value}")
        for role in (Role.ADMIN_BKD, Role.VERIFIKATOR, Role.PPK, Role.KOMITE_ANGGOTA, Role.ASN)
    } | {Role.BKN: make_user(Role.BKN, username="api.bkn")}


@pytest.fixture
def pegawai_asn(instansi_a, users, unit_tree_a):
    """The ASN user's own pegawai record, in the seksi of unit_tree_a."""
    return PegawaiFactory(
        instansi=instansi_a, user=users[Role.ASN], nama="Budi Santoso", unit_kerja=unit_tree_a[2]
    )


@pytest.fixture
def pegawai_lain(instansi_a, make_user):
    """Another ASN of instansi A, with an account of their own."""
    user = make_user(Role.ASN, instansi_a, username="api.asn.lain")
    return PegawaiFactory(instansi=instansi_a, user=user, nama="Dewi Lestari")


@pytest.fixture
def foreign(instansi_b, instansi_c, make_user):
    """In B and in C: a pegawai (with an ASN account), one item of every riwayat kind, a document."""
    out = {}
    for instansi in (instansi_b, instansi_c):
        unit = UnitKerjaFactory(
            instansi=instansi, kode=f"F.{instansi.kode}", nama=f"Rahasia Unit {instansi.kode}"
        )
        user = make_user(Role.ASN, instansi, username=f"asn.rahasia.{instansi.kode}")
        pegawai = PegawaiFactory(
            instansi=instansi, user=user, nama=f"Rahasia Pegawai {instansi.kode}", unit_kerja=unit
        )
        items = {
            kode: _riwayat(pegawai, kode, institusi=f"Rahasia {instansi.kode}")
            if kode == "pendidikan"
            else _riwayat(pegawai, kode)
            for kode in SAMPLE
        }
        with instansi_scope(instansi):
            dokumen = dokumen_store(
                pegawai=pegawai, actor=None, berkas=SimpleUploadedFile("ijazah.pdf", PDF, "application/pdf")
            )
        out[instansi.kode] = {"pegawai": pegawai, "unit": unit, "items": items, "dokumen": dokumen}
    return out


# --- pegawai list: filters, pagination, queries -------------------------------------------------------------


@pytest.fixture
def directory(instansi_a, unit_tree_a):
    """Pegawai of A spread over two perangkat daerah, with completeness rows."""
    dinas, bidang, seksi = unit_tree_a
    other_pd = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    people = {
        "andi": PegawaiFactory(
            instansi=instansi_a,
            nama="Andi Wijaya",
            nip=nip_pns(lahir=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1), kelamin="L", urut=1),
            tanggal_lahir=dt.date(1986, 9, 26),
            jenis_kelamin="L",
            unit_kerja=dinas,
            jenis_jabatan="administrator",
            golongan="III/d",
        ),
        "bunga": PegawaiFactory(instansi=instansi_a, nama="Bunga Citra", unit_kerja=bidang, golongan="III/b"),
        "candra": PegawaiFactory(
            instansi=instansi_a,
            nama="Candra Kirana",
            unit_kerja=seksi,
            jenis_jabatan="fungsional",
            jenjang_fungsional="ahli_pertama",
            nama_jabatan="Analis SDM Aparatur",
            golongan="III/c",
        ),
        "dodi": PegawaiFactory(instansi=instansi_a, nama="Dodi Pratama", unit_kerja=other_pd),
        "eka": PegawaiFactory(
            instansi=instansi_a,
            nama="Eka Putri",
            nip=ni_pppk(lahir=dt.date(1995, 3, 15), tahun=2022, kelamin="P"),
            tanggal_lahir=dt.date(1995, 3, 15),
            jenis_kelamin="P",
            status_kepegawaian="pppk",
            golongan="IX",
            unit_kerja=None,
        ),
    }
    for persen, key in zip((100, 71, 43, 14, 0), people, strict=True):
        KelengkapanData.objects.create(instansi=instansi_a, pegawai=people[key], persen=persen, kekurangan=[])
    return people


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {row["nama"] for row in response.json()["results"]}


def test_list_filters(api_login, users, directory, unit_tree_a):
    client = api_login(users[Role.ADMIN_BKD])
    dinas, bidang, _seksi = unit_tree_a
    url = "/api/v1/pegawai/"
    assert _names(client.get(url)) == {
        "Andi Wijaya",
        "Bunga Citra",
        "Candra Kirana",
        "Dodi Pratama",
        "Eka Putri",
    }
    assert _names(client.get(url, {"q": "kirana"})) == {"Candra Kirana"}
    # NIP typed the way it is printed, with spaces, or a fragment of it.
    assert _names(client.get(url, {"q": "19860926 201505 1 001"})) == {"Andi Wijaya"}
    assert _names(client.get(url, {"q": "2015051"})) == {"Andi Wijaya"}
    assert _names(client.get(url, {"unit_kerja": bidang.pk})) == {"Bunga Citra"}
    assert _names(client.get(url, {"perangkat_daerah": dinas.pk})) == {
        "Andi Wijaya",
        "Bunga Citra",
        "Candra Kirana",
    }
    assert _names(client.get(url, {"perangkat_daerah": bidang.pk})) == {"Bunga Citra", "Candra Kirana"}
    assert _names(client.get(url, {"jenis_jabatan": "fungsional"})) == {"Candra Kirana"}
    assert _names(client.get(url, {"golongan": "III/d"})) == {"Andi Wijaya"}
    assert _names(client.get(url, {"status_kepegawaian": "pppk"})) == {"Eka Putri"}
    assert _names(client.get(url, {"kelengkapan_min": 43})) == {"Andi Wijaya", "Bunga Citra", "Candra Kirana"}
    assert _names(client.get(url, {"kelengkapan_max": 43})) == {"Candra Kirana", "Dodi Pratama", "Eka Putri"}
    assert _names(client.get(url, {"kelengkapan_min": 14, "kelengkapan_max": 71})) == {
        "Bunga Citra",
        "Candra Kirana",
        "Dodi Pratama",
    }
    assert _names(client.get(url, {"perangkat_daerah": dinas.pk, "golongan": "III/b"})) == {"Bunga Citra"}
    # Empty parameters (a submitted empty form) mean "no filter".
    assert len(_names(client.get(url, {"q": "", "unit_kerja": ""}))) == 5


def test_list_rows_carry_nip_as_text_and_completeness(api_login, users, directory):
    rows = api_login(users[Role.VERIFIKATOR]).get("/api/v1/pegawai/", {"q": "Andi"}).json()["results"]
    assert rows[0]["nip"] == "198609262015051001"
    assert rows[0]["nip_tampilan"] == "19860926 201505 1 001"
    assert rows[0]["kelengkapan_persen"] == 100
    assert rows[0]["unit_kerja_nama"] == "Dinas Pendidikan"
    assert rows[0]["golongan_tampilan"] == "Penata Tingkat I (III/d)"


@pytest.mark.parametrize(
    "params",
    [
        {"kelengkapan_min": 101},
        {"unit_kerja": "abc"},
        {"golongan": "III/z"},
        {"status_kepegawaian": "honorer"},
    ],
)
def test_invalid_filter_is_a_400_with_the_parameter_named(api_login, users, directory, params):
    response = api_login(users[Role.ADMIN_BKD]).get("/api/v1/pegawai/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_list_pagination(api_login, users, directory):
    client = api_login(users[Role.ADMIN_BKD])
    first = client.get("/api/v1/pegawai/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert [r["nama"] for r in first["results"]] == ["Andi Wijaya", "Bunga Citra"]
    assert "page=2" in first["next"]
    third = client.get("/api/v1/pegawai/", {"page_size": 2, "page": 3}).json()
    assert [r["nama"] for r in third["results"]] == ["Eka Putri"]
    assert third["next"] is None
    assert client.get("/api/v1/pegawai/", {"page_size": 2, "page": 4}).status_code == 404


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_the_rows(api_login, users, instansi_a, unit_tree_a):
    client = api_login(users[Role.ADMIN_BKD])
    url = "/api/v1/pegawai/?page_size=100"

    def add(n):
        for _ in range(n):
            pegawai = PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[1])
            KelengkapanData.objects.create(instansi=instansi_a, pegawai=pegawai, persen=57, kekurangan=[])

    with scopes_disabled():
        add(5)
    few = _list_queries(client, url)
    with scopes_disabled():
        add(35)
    many = _list_queries(client, url)
    assert client.get(url).json()["count"] == 40
    assert many == few


def test_riwayat_list_query_count_does_not_grow_with_the_rows(api_login, users, instansi_a):
    client = api_login(users[Role.VERIFIKATOR])
    url = "/api/v1/riwayat/diklat/?page_size=100"
    with scopes_disabled():
        people = [PegawaiFactory(instansi=instansi_a) for _ in range(8)]
    for pegawai in people[:2]:
        _riwayat(pegawai, "diklat")
    few = _list_queries(client, url)
    for pegawai in people[2:]:
        _riwayat(pegawai, "diklat")
        _riwayat(pegawai, "diklat")
    many = _list_queries(client, url)
    assert client.get(url).json()["count"] == 14
    assert many == few


# --- pegawai detail, create, update -------------------------------------------------------------------------


def test_detail_has_completeness_and_riwayat_counts(api_login, users, pegawai_asn):
    verifikator = users[Role.VERIFIKATOR]
    _riwayat(pegawai_asn, "pendidikan", approve_by=verifikator)
    _riwayat(pegawai_asn, "diklat")
    _riwayat(pegawai_asn, "diklat")
    ditolak = _riwayat(pegawai_asn, "sertifikat")
    with instansi_scope(pegawai_asn.instansi):
        riwayat_reject(riwayat=ditolak, actor=verifikator, alasan="Sertifikat tidak terbaca, unggah ulang.")
    body = api_login(users[Role.PPK]).get(f"/api/v1/pegawai/{pegawai_asn.pk}/").json()
    assert body["ringkasan_riwayat"]["total"] == {"diajukan": 2, "disetujui": 1, "ditolak": 1}
    assert body["ringkasan_riwayat"]["per_jenis"]["diklat"] == {"diajukan": 2, "disetujui": 0, "ditolak": 0}
    assert set(body["ringkasan_riwayat"]["per_jenis"]) == set(RIWAYAT_BY_KODE)
    with scopes_disabled():
        persen = KelengkapanData.objects.get(pegawai=pegawai_asn).persen
    assert body["kelengkapan"]["persen"] == persen == body["kelengkapan_persen"]
    kinds = {k["jenis"] for k in body["kelengkapan"]["kekurangan"]}
    assert {"kurang", "menunggu", "ditolak"} <= kinds
    assert any("tidak terbaca" in k["pesan"] for k in body["kelengkapan"]["kekurangan"])


def test_create_pegawai_through_the_service(api_login, users, instansi_a, unit_tree_a):
    response = api_login(users[Role.ADMIN_BKD]).post(
        "/api/v1/pegawai/", pegawai_body(unit_kerja=unit_tree_a[1].pk), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == "198609262015051001"  # stored without the grouping spaces
    assert body["nip_tampilan"] == "19860926 201505 1 001"
    assert body["unit_kerja"] == unit_tree_a[1].pk
    assert body["kelengkapan"]["persen"] == body["kelengkapan_persen"] >= 0
    with scopes_disabled():
        pegawai = Pegawai.objects.get(pk=body["id"])
    assert pegawai.instansi_id == instansi_a.pk
    [event] = _events("pegawai.create")
    assert event.actor_id == users[Role.ADMIN_BKD].pk
    assert event.target_id == str(pegawai.pk)


def test_duplicate_nip_is_a_400_not_a_500(api_login, users, instansi_a, instansi_b):
    client = api_login(users[Role.ADMIN_BKD])
    assert client.post("/api/v1/pegawai/", pegawai_body(), format="json").status_code == 201
    again = client.post(
        "/api/v1/pegawai/", pegawai_body(nama="Orang Lain", nip="198609262015051001"), format="json"
    )
    assert again.status_code == 400
    assert again.json() == {"nip": ["NIP 198609262015051001 sudah terdaftar di instansi ini."]}
    # The same NIP in another instansi does not count (uniqueness is per instansi).
    PegawaiFactory(instansi=instansi_b, nip="198609262015051002")
    ok = client.post("/api/v1/pegawai/", pegawai_body(nip="198609262015051002"), format="json")
    assert ok.status_code == 201
    # Changing a NIP into one already taken is refused the same way.
    taken = client.patch(f"/api/v1/pegawai/{ok.json()['id']}/", {"nip": "198609262015051001"}, format="json")
    assert taken.status_code == 400
    assert "sudah terdaftar" in taken.json()["nip"][0]
    with scopes_disabled():
        assert Pegawai.objects.filter(instansi=instansi_a).count() == 2


@pytest.mark.parametrize("nip", [198609262015051001, 1.98609262015051e17])
def test_nip_as_a_json_number_is_refused_with_the_spreadsheet_message(api_login, users, nip):
    response = api_login(users[Role.ADMIN_BKD]).post("/api/v1/pegawai/", pegawai_body(nip=nip), format="json")
    assert response.status_code == 400
    assert "tersimpan sebagai angka" in response.json()["nip"][0]
    with scopes_disabled():
        assert not Pegawai.objects.exists()


def test_service_rules_answer_per_field(api_login, users):
    response = api_login(users[Role.ADMIN_BKD]).post(
        "/api/v1/pegawai/",
        pegawai_body(jenis_kelamin="P", golongan="IX", jenis_jabatan="fungsional"),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"jenis_kelamin", "golongan", "jenjang_fungsional"}
    assert "digit jenis kelamin pada NIP" in errors["jenis_kelamin"][0]


def test_foreign_unit_kerja_is_refused_like_a_missing_one(api_login, users, foreign):
    client = api_login(users[Role.ADMIN_BKD])
    foreign_unit = foreign["6202"]["unit"].pk
    a = client.post("/api/v1/pegawai/", pegawai_body(unit_kerja=foreign_unit), format="json")
    b = client.post("/api/v1/pegawai/", pegawai_body(unit_kerja=MISSING), format="json")
    assert a.status_code == b.status_code == 400
    assert a.json()["unit_kerja"][0].replace(str(foreign_unit), "#") == b.json()["unit_kerja"][0].replace(
        str(MISSING), "#"
    )
    assert "tidak ditemukan" in a.json()["unit_kerja"][0]


def test_update_and_partial_update(api_login, users, directory, unit_tree_a):
    client = api_login(users[Role.ADMIN_BKD])
    andi = directory["andi"]
    patched = client.patch(
        f"/api/v1/pegawai/{andi.pk}/", {"nama_jabatan": "Kepala Bagian Umum"}, format="json"
    )
    assert patched.status_code == 200
    assert patched.json()["nama_jabatan"] == "Kepala Bagian Umum"
    assert patched.json()["nama"] == "Andi Wijaya"
    put = client.put(
        f"/api/v1/pegawai/{andi.pk}/",
        pegawai_body(nama="Andi Wijaya Kusuma", unit_kerja=unit_tree_a[2].pk, jenis_jabatan="administrator"),
        format="json",
    )
    assert put.status_code == 200, put.content
    assert _reload(andi).unit_kerja_id == unit_tree_a[2].pk
    [event] = [e for e in _events("pegawai.update") if "nama" in e.new_values]
    assert event.new_values["nama"] == "Andi Wijaya Kusuma"
    bad = client.patch(f"/api/v1/pegawai/{andi.pk}/", {"tanggal_lahir": "1990-01-01"}, format="json")
    assert bad.status_code == 400
    assert "tanggal_lahir" in bad.json()


# --- the ASN's own profile ---------------------------------------------------------------------------------


def test_asn_reads_own_profile_and_changes_contact_only(api_login, users, pegawai_asn):
    client = api_login(users[Role.ASN])
    body = client.get("/api/v1/saya/pegawai/").json()
    assert body["id"] == pegawai_asn.pk
    assert body["nip"] == pegawai_asn.nip
    response = client.patch(
        "/api/v1/saya/pegawai/",
        {
            "email": "budi@kotawaringinbaratkab.go.id",
            "telepon": "081234567890",
            "nama": "Diganti",
            "golongan": "IV/e",
        },
        format="json",
    )
    assert response.status_code == 200
    fresh = _reload(pegawai_asn)
    assert (fresh.email, fresh.telepon) == ("budi@kotawaringinbaratkab.go.id", "081234567890")
    # Fields outside the contact data are ignored, not applied.
    assert (fresh.nama, fresh.golongan) == ("Budi Santoso", "III/b")
    assert response.json()["nama"] == "Budi Santoso"
    [event] = _events("pegawai.update_kontak")
    assert event.actor_id == users[Role.ASN].pk
    assert set(event.new_values) == {"email", "telepon"}
    invalid = client.patch("/api/v1/saya/pegawai/", {"email": "bukan-email"}, format="json")
    assert invalid.status_code == 400
    assert "email" in invalid.json()


def test_asn_without_a_pegawai_record(api_login, users):
    client = api_login(users[Role.ASN])
    response = client.get("/api/v1/saya/pegawai/")
    assert response.status_code == 404
    assert "belum terhubung" in response.json()["detail"]
    created = client.post("/api/v1/riwayat/pendidikan/", SAMPLE["pendidikan"], format="json")
    assert created.status_code == 403
    assert "belum terhubung" in created.json()["detail"]
    assert client.get("/api/v1/riwayat/pendidikan/").json()["results"] == []


# --- riwayat: who sees and writes what ---------------------------------------------------------------------


@pytest.mark.parametrize("kode", ASN_KODES)
def test_asn_creates_updates_and_withdraws_own_items(api_login, users, pegawai_asn, kode):
    client = api_login(users[Role.ASN])
    created = client.post(f"/api/v1/riwayat/{kode}/", SAMPLE[kode], format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["pegawai"] == pegawai_asn.pk
    assert body["status"] == "diajukan"
    assert body["diajukan_pada"]
    field, value = PATCH_FIELD[kode]
    patched = client.patch(f"/api/v1/riwayat/{kode}/{body['id']}/", {field: value}, format="json")
    assert patched.status_code == 200
    assert patched.json()[field] == value
    assert [e.action for e in _events(f"riwayat.{kode}.update")] == [f"riwayat.{kode}.update"]
    deleted = client.delete(f"/api/v1/riwayat/{kode}/{body['id']}/")
    assert deleted.status_code == 204
    with scopes_disabled():
        assert not RIWAYAT_BY_KODE[kode].objects.filter(pk=body["id"]).exists()


def test_asn_payload_cannot_set_owner_or_status(api_login, users, pegawai_asn, pegawai_lain):
    """`pegawai` and `status` in the body are ignored: the owner is the caller, the status diajukan."""
    client = api_login(users[Role.ASN])
    response = client.post(
        "/api/v1/riwayat/pendidikan/",
        {
            **SAMPLE["pendidikan"],
            "pegawai": pegawai_lain.pk,
            "status": "disetujui",
            "diverifikasi_pada": "2024-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201
    with scopes_disabled():
        item = RiwayatPendidikan.objects.get(pk=response.json()["id"])
    assert item.pegawai_id == pegawai_asn.pk
    assert item.status == StatusVerifikasi.DIAJUKAN
    assert item.diverifikasi_pada is None
    patched = client.patch(
        f"/api/v1/riwayat/pendidikan/{item.pk}/",
        {"status": "disetujui", "pegawai": pegawai_lain.pk},
        format="json",
    )
    assert patched.status_code == 200
    assert (_reload(item).status, _reload(item).pegawai_id) == (StatusVerifikasi.DIAJUKAN, pegawai_asn.pk)


def test_asn_sees_only_own_items(api_login, users, pegawai_asn, pegawai_lain):
    mine = _riwayat(pegawai_asn, "pendidikan")
    theirs = _riwayat(pegawai_lain, "pendidikan", institusi="Universitas Milik Orang Lain")
    hukuman_lain = _riwayat(pegawai_lain, "hukuman")
    client = api_login(users[Role.ASN])
    listed = client.get("/api/v1/riwayat/pendidikan/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    # Filtering by someone else's id does not widen the view.
    assert client.get("/api/v1/riwayat/pendidikan/", {"pegawai": pegawai_lain.pk}).json()["results"] == []
    for kode, pk in (("pendidikan", theirs.pk), ("hukuman", hukuman_lain.pk)):
        other = client.get(f"/api/v1/riwayat/{kode}/{pk}/")
        missing = client.get(f"/api/v1/riwayat/{kode}/{MISSING}/")
        assert other.status_code == missing.status_code == 404
        assert other.json() == missing.json()
    assert (
        client.patch(f"/api/v1/riwayat/pendidikan/{theirs.pk}/", {"jurusan": "X"}, format="json").status_code
        == 404
    )
    assert client.delete(f"/api/v1/riwayat/pendidikan/{theirs.pk}/").status_code == 404
    assert _reload(theirs).jurusan == SAMPLE["pendidikan"]["jurusan"]


def test_asn_sees_own_hukuman_but_cannot_create_or_change_it(api_login, users, pegawai_asn):
    hukuman = _riwayat(pegawai_asn, "hukuman")
    client = api_login(users[Role.ASN])
    assert [r["id"] for r in client.get("/api/v1/riwayat/hukuman/").json()["results"]] == [hukuman.pk]
    assert client.post("/api/v1/riwayat/hukuman/", SAMPLE["hukuman"], format="json").status_code == 403
    assert (
        client.patch(
            f"/api/v1/riwayat/hukuman/{hukuman.pk}/", {"tingkat": "berat"}, format="json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/riwayat/hukuman/{hukuman.pk}/").status_code == 403
    assert _reload(hukuman).tingkat == "ringan"


def test_asn_edit_of_an_approved_item_goes_back_to_verification(api_login, users, pegawai_asn):
    item = _riwayat(pegawai_asn, "diklat", approve_by=users[Role.VERIFIKATOR])
    client = api_login(users[Role.ASN])
    response = client.patch(f"/api/v1/riwayat/diklat/{item.pk}/", {"jam_pelajaran": 32}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "diajukan"
    assert response.json()["diverifikasi_pada"] is None


def test_asn_cannot_withdraw_an_approved_item(api_login, users, pegawai_asn):
    item = _riwayat(pegawai_asn, "diklat", approve_by=users[Role.VERIFIKATOR])
    response = api_login(users[Role.ASN]).delete(f"/api/v1/riwayat/diklat/{item.pk}/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Data yang sudah disetujui hanya dapat dihapus oleh BKD."]
    }
    assert _reload(item).status == StatusVerifikasi.DISETUJUI


def test_riwayat_validation_errors_are_per_field(api_login, users, pegawai_asn):
    client = api_login(users[Role.ASN])
    response = client.post(
        "/api/v1/riwayat/diklat/", {**SAMPLE["diklat"], "jenis": "wisata", "jam_pelajaran": -1}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"jenis", "jam_pelajaran"}


def test_bkd_records_hukuman_for_a_pegawai_of_the_instansi(api_login, users, pegawai_asn, foreign):
    client = api_login(users[Role.ADMIN_BKD])
    response = client.post(
        "/api/v1/riwayat/hukuman/", {**SAMPLE["hukuman"], "pegawai": pegawai_asn.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "disetujui"  # BKD's record needs no verification
    assert response.json()["pegawai"] == pegawai_asn.pk
    [event] = [e for e in _events("riwayat.hukuman.create") if e.instansi_id == pegawai_asn.instansi_id]
    assert event.actor_id == users[Role.ADMIN_BKD].pk
    # The pegawai is resolved inside the instansi: a foreign id reads like a missing one.
    foreign_id = foreign["6101"]["pegawai"].pk
    a = client.post("/api/v1/riwayat/hukuman/", {**SAMPLE["hukuman"], "pegawai": foreign_id}, format="json")
    b = client.post("/api/v1/riwayat/hukuman/", {**SAMPLE["hukuman"], "pegawai": MISSING}, format="json")
    assert a.status_code == b.status_code == 400
    assert a.json()["pegawai"][0].replace(str(foreign_id), "#") == b.json()["pegawai"][0].replace(
        str(MISSING), "#"
    )
    missing_owner = client.post("/api/v1/riwayat/hukuman/", SAMPLE["hukuman"], format="json")
    assert missing_owner.status_code == 400
    assert "pegawai" in missing_owner.json()
    item_id = response.json()["id"]
    changed = client.patch(f"/api/v1/riwayat/hukuman/{item_id}/", {"tingkat": "sedang"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["status"] == "disetujui"
    moved = client.patch(f"/api/v1/riwayat/hukuman/{item_id}/", {"pegawai": foreign_id}, format="json")
    assert moved.status_code == 400


def test_staff_list_filters_by_pegawai_and_status(api_login, users, pegawai_asn, pegawai_lain):
    a = _riwayat(pegawai_asn, "sertifikat")
    b = _riwayat(pegawai_lain, "sertifikat", approve_by=users[Role.VERIFIKATOR])
    c = _riwayat(pegawai_lain, "sertifikat")
    client = api_login(users[Role.VERIFIKATOR])

    def ids(params):
        response = client.get("/api/v1/riwayat/sertifikat/", params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids({}) == {a.pk, b.pk, c.pk}
    assert ids({"pegawai": pegawai_lain.pk}) == {b.pk, c.pk}
    assert ids({"status": "diajukan"}) == {a.pk, c.pk}
    assert ids({"status": "diajukan", "pegawai": pegawai_lain.pk}) == {c.pk}
    assert client.get("/api/v1/riwayat/sertifikat/", {"status": "batal"}).status_code == 400


# --- documents ----------------------------------------------------------------------------------------------


def test_asn_uploads_a_document_and_attaches_it(api_login, users, pegawai_asn, pegawai_lain):
    client = api_login(users[Role.ASN])
    response = client.post(
        "/api/v1/dokumen/",
        {"berkas": SimpleUploadedFile("ijazah.pdf", PDF, "application/pdf"), "pegawai": pegawai_lain.pk},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"uuid", "content_type", "ukuran"}
    assert (body["content_type"], body["ukuran"]) == ("application/pdf", len(PDF))
    with scopes_disabled():
        dokumen = Dokumen.objects.get(uuid=body["uuid"])
    assert dokumen.pegawai_id == pegawai_asn.pk  # the `pegawai` sent along was ignored
    created = client.post(
        "/api/v1/riwayat/pendidikan/", {**SAMPLE["pendidikan"], "dokumen": body["uuid"]}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["dokumen"] == body["uuid"]


def test_document_checks(api_login, users, pegawai_asn, pegawai_lain, foreign):
    client = api_login(users[Role.ASN])
    fake = client.post(
        "/api/v1/dokumen/",
        {"berkas": SimpleUploadedFile("ijazah.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        format="multipart",
    )
    assert fake.status_code == 400
    assert "Jenis berkas tidak didukung" in fake.json()["berkas"][0]
    assert client.post("/api/v1/dokumen/", {}, format="multipart").status_code == 400
    # Someone else's document, in A or in another instansi, cannot be attached: "tidak ditemukan".
    with instansi_scope(pegawai_lain.instansi):
        other = dokumen_store(
            pegawai=pegawai_lain, actor=None, berkas=SimpleUploadedFile("x.pdf", PDF, "application/pdf")
        )
    for uuid in (other.uuid, foreign["6202"]["dokumen"].uuid):
        response = client.post(
            "/api/v1/riwayat/pendidikan/", {**SAMPLE["pendidikan"], "dokumen": str(uuid)}, format="json"
        )
        assert response.status_code == 400
        assert "tidak ditemukan" in response.json()["dokumen"][0]
    bad = client.post(
        "/api/v1/riwayat/pendidikan/", {**SAMPLE["pendidikan"], "dokumen": "bukan-uuid"}, format="json"
    )
    assert bad.status_code == 400


def test_bkd_uploads_for_a_named_pegawai(api_login, users, pegawai_asn, foreign):
    client = api_login(users[Role.ADMIN_BKD])

    def upload(**extra):
        return client.post(
            "/api/v1/dokumen/",
            {"berkas": SimpleUploadedFile("sk.pdf", PDF, "application/pdf"), **extra},
            format="multipart",
        )

    ok = upload(pegawai=pegawai_asn.pk)
    assert ok.status_code == 201
    with scopes_disabled():
        assert Dokumen.objects.get(uuid=ok.json()["uuid"]).pegawai_id == pegawai_asn.pk
    assert "pegawai" in upload().json()
    foreign_id = foreign["6202"]["pegawai"].pk
    a, b = upload(pegawai=foreign_id), upload(pegawai=MISSING)
    assert a.status_code == b.status_code == 400
    assert a.json()["pegawai"][0].replace(str(foreign_id), "#") == b.json()["pegawai"][0].replace(
        str(MISSING), "#"
    )


# --- verification -------------------------------------------------------------------------------------------


def test_approve_and_reject_with_audit(api_login, users, pegawai_asn):
    verifikator = users[Role.VERIFIKATOR]
    client = api_login(verifikator)
    item = _riwayat(pegawai_asn, "pendidikan")
    response = client.post(f"/api/v1/riwayat/pendidikan/{item.pk}/setujui/")
    assert response.status_code == 200
    assert response.json()["status"] == "disetujui"
    assert response.json()["diverifikasi_pada"]
    [event] = _events("riwayat.pendidikan.approve")
    assert (event.actor_id, event.target_id) == (verifikator.pk, str(item.pk))
    assert event.new_values == {"status": "disetujui"}
    again = client.post(f"/api/v1/riwayat/pendidikan/{item.pk}/setujui/")
    assert again.status_code == 400
    assert "Hanya data yang menunggu verifikasi" in again.json()["non_field_errors"][0]

    other = _riwayat(pegawai_asn, "organisasi")
    no_reason = client.post(f"/api/v1/riwayat/organisasi/{other.pk}/tolak/", {"alasan": "  "}, format="json")
    assert no_reason.status_code == 400
    assert "alasan" in no_reason.json()
    assert _reload(other).status == StatusVerifikasi.DIAJUKAN
    rejected = client.post(
        f"/api/v1/riwayat/organisasi/{other.pk}/tolak/",
        {"alasan": "SK kepengurusan belum dilampirkan."},
        format="json",
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "ditolak"
    assert rejected.json()["alasan_penolakan"] == "SK kepengurusan belum dilampirkan."
    [event] = _events("riwayat.organisasi.reject")
    assert event.new_values["alasan"] == "SK kepengurusan belum dilampirkan."
    # The ASN sees the reason on their own item.
    mine = api_login(users[Role.ASN]).get(f"/api/v1/riwayat/organisasi/{other.pk}/").json()
    assert (mine["status"], mine["alasan_penolakan"]) == ("ditolak", "SK kepengurusan belum dilampirkan.")


def test_bulk_approve_skips_items_not_waiting_and_foreign_ids(
    api_login, users, pegawai_asn, pegawai_lain, foreign
):
    verifikator = users[Role.VERIFIKATOR]
    waiting = [_riwayat(pegawai_asn, "diklat"), _riwayat(pegawai_lain, "diklat")]
    done = _riwayat(pegawai_lain, "diklat", approve_by=verifikator)
    foreign_item = foreign["6202"]["items"]["diklat"]
    response = api_login(verifikator).post(
        "/api/v1/riwayat/diklat/setujui-massal/",
        {"ids": [w.pk for w in waiting] + [done.pk, foreign_item.pk, MISSING]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"disetujui": 2}
    assert all(_reload(w).status == StatusVerifikasi.DISETUJUI for w in waiting)
    assert _reload(foreign_item).status == StatusVerifikasi.DIAJUKAN
    assert len(_events("riwayat.diklat.approve")) == 3  # 1 from the fixture, 2 from the request
    empty = api_login(verifikator).post("/api/v1/riwayat/diklat/setujui-massal/", {"ids": []}, format="json")
    assert empty.status_code == 400


def test_hukuman_has_no_verification_routes(api_login, users, pegawai_asn):
    """Hukuman disiplin is BKD's record, approved when entered: nothing to verify."""
    item = _riwayat(pegawai_asn, "hukuman")
    client = api_login(users[Role.VERIFIKATOR])
    assert client.post(f"/api/v1/riwayat/hukuman/{item.pk}/setujui/").status_code == 404
    # "setujui-massal" is read as an object id on the detail route, where POST is no action.
    massal = client.post("/api/v1/riwayat/hukuman/setujui-massal/", {"ids": [item.pk]}, format="json")
    assert massal.status_code == 403
    assert massal.json() == {"detail": "Tindakan ini tidak tersedia."}


# --- role cells ---------------------------------------------------------------------------------------------

STAFF_READ = {Role.ADMIN_BKD, Role.VERIFIKATOR, Role.PPK, Role.KOMITE_ANGGOTA}
VERIFY = {Role.ADMIN_BKD, Role.VERIFIKATOR}
ROLES = [Role.ASN, Role.VERIFIKATOR, Role.ADMIN_BKD, Role.PPK, Role.KOMITE_ANGGOTA, Role.BKN]

# (method, path, body, roles allowed, success status). {p}: the ASN's pegawai; {item}: a waiting
# pendidikan item of theirs; {huk}: a hukuman of theirs.
ROLE_CASES = [
    ("get", "/api/v1/pegawai/", None, STAFF_READ, 200),
    ("get", "/api/v1/pegawai/{p}/", None, STAFF_READ, 200),
    ("post", "/api/v1/pegawai/", "pegawai_body", {Role.ADMIN_BKD}, 201),
    ("patch", "/api/v1/pegawai/{p}/", {"nama_jabatan": "Analis Kepegawaian"}, {Role.ADMIN_BKD}, 200),
    ("put", "/api/v1/pegawai/{p}/", "pegawai_put", {Role.ADMIN_BKD}, 200),
    ("get", "/api/v1/saya/pegawai/", None, {Role.ASN}, 200),
    ("patch", "/api/v1/saya/pegawai/", {"telepon": "0812"}, {Role.ASN}, 200),
    ("get", "/api/v1/riwayat/pendidikan/", None, STAFF_READ | {Role.ASN}, 200),
    ("get", "/api/v1/riwayat/pendidikan/{item}/", None, STAFF_READ | {Role.ASN}, 200),
    ("post", "/api/v1/riwayat/pendidikan/", SAMPLE["pendidikan"], {Role.ASN}, 201),
    ("patch", "/api/v1/riwayat/pendidikan/{item}/", {"jurusan": "Administrasi Negara"}, {Role.ASN}, 200),
    ("put", "/api/v1/riwayat/pendidikan/{item}/", SAMPLE["pendidikan"], {Role.ASN}, 200),
    ("delete", "/api/v1/riwayat/pendidikan/{item}/", None, {Role.ASN}, 204),
    ("post", "/api/v1/riwayat/pendidikan/{item}/setujui/", None, VERIFY, 200),
    ("post", "/api/v1/riwayat/pendidikan/{item}/tolak/", {"alasan": "Ijazah tidak terbaca."}, VERIFY, 200),
    ("post", "/api/v1/riwayat/pendidikan/setujui-massal/", {"ids": ["{item}"]}, VERIFY, 200),
    ("get", "/api/v1/riwayat/hukuman/", None, STAFF_READ | {Role.ASN}, 200),
    ("get", "/api/v1/riwayat/hukuman/{huk}/", None, STAFF_READ | {Role.ASN}, 200),
    ("post", "/api/v1/riwayat/hukuman/", "hukuman_body", {Role.ADMIN_BKD}, 201),
    ("patch", "/api/v1/riwayat/hukuman/{huk}/", {"tingkat": "sedang"}, {Role.ADMIN_BKD}, 200),
    ("put", "/api/v1/riwayat/hukuman/{huk}/", "hukuman_body", {Role.ADMIN_BKD}, 200),
    ("delete", "/api/v1/riwayat/hukuman/{huk}/", None, {Role.ADMIN_BKD}, 204),
    ("post", "/api/v1/dokumen/", "upload", {Role.ASN, Role.ADMIN_BKD}, 201),
]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("method", "template", "body", "allowed", "success"),
    ROLE_CASES,
    ids=[f"{m}-{t}" for m, t, *_ in ROLE_CASES],
)
def test_role_cell(method, template, body, allowed, success, role, users, pegawai_asn, api_login):
    item = _riwayat(pegawai_asn, "pendidikan")
    hukuman = _riwayat(pegawai_asn, "hukuman")
    url = template.format(p=pegawai_asn.pk, item=item.pk, huk=hukuman.pk)
    fmt = "json"
    if body == "pegawai_body":
        body = pegawai_body()
    elif body == "pegawai_put":
        body = pegawai_body(
            nip=pegawai_asn.nip,
            tanggal_lahir=str(pegawai_asn.tanggal_lahir),
            jenis_kelamin=pegawai_asn.jenis_kelamin,
        )
    elif body == "hukuman_body":
        body = {**SAMPLE["hukuman"], "pegawai": pegawai_asn.pk}
    elif body == "upload":
        body, fmt = (
            {"berkas": SimpleUploadedFile("a.pdf", PDF, "application/pdf"), "pegawai": pegawai_asn.pk},
            "multipart",
        )
    elif isinstance(body, dict) and body.get("ids") == ["{item}"]:
        body = {"ids": [item.pk]}
    client = api_login(users[role])
    response = (
        getattr(client, method)(url, data=body, format=fmt)
        if body is not None
        else getattr(client, method)(url)
    )
    expected = success if role in allowed else 403
    assert response.status_code == expected, (response.status_code, response.content[:300])


# --- tenant isolation ---------------------------------------------------------------------------------------

ISOLATION_CASES = [
    ("get", "pegawai", None, Role.ADMIN_BKD),
    ("patch", "pegawai", {"nama": "Diambil alih"}, Role.ADMIN_BKD),
    ("put", "pegawai", "pegawai_body", Role.ADMIN_BKD),
    *[("get", kode, None, Role.ADMIN_BKD) for kode in SAMPLE],
    *[("get", kode, None, Role.ASN) for kode in SAMPLE],
    *[("patch", kode, dict([PATCH_FIELD[kode]]), Role.ASN) for kode in ASN_KODES],
    *[("put", kode, SAMPLE[kode], Role.ASN) for kode in ASN_KODES],
    *[("delete", kode, None, Role.ASN) for kode in ASN_KODES],
    *[("post", f"{kode}/setujui", None, Role.VERIFIKATOR) for kode in ASN_KODES],
    *[("post", f"{kode}/tolak", {"alasan": "Dokumen tidak sesuai."}, Role.VERIFIKATOR) for kode in ASN_KODES],
    ("patch", "hukuman", {"tingkat": "berat"}, Role.ADMIN_BKD),
    ("put", "hukuman", "hukuman_body", Role.ADMIN_BKD),
    ("delete", "hukuman", None, Role.ADMIN_BKD),
]


def _object_url(kind: str, pk: int) -> str:
    if kind == "pegawai":
        return f"/api/v1/pegawai/{pk}/"
    kode, _, action = kind.partition("/")
    return f"/api/v1/riwayat/{kode}/{pk}/" + (f"{action}/" if action else "")


@pytest.mark.parametrize("other", ["6202", "6101"])  # same province, other province
@pytest.mark.parametrize(
    ("method", "kind", "body", "role"),
    ISOLATION_CASES,
    ids=[f"{m}-{k}-{r.value}" for m, k, _b, r in ISOLATION_CASES],
)
def test_foreign_object_answers_exactly_like_a_missing_one(
    method, kind, body, role, other, users, pegawai_asn, foreign, api_login
):
    client = api_login(users[role])
    target = foreign[other]
    foreign_obj = target["pegawai"] if kind == "pegawai" else target["items"][kind.partition("/")[0]]
    foreign_pk = foreign_obj.pk
    if body == "pegawai_body":
        body = pegawai_body()
    elif body == "hukuman_body":
        body = {**SAMPLE["hukuman"], "pegawai": pegawai_asn.pk}
    responses = []
    for pk in (foreign_pk, MISSING):
        url = _object_url(kind, pk)
        call = getattr(client, method)
        responses.append(call(url, data=body, format="json") if body is not None else call(url))
    foreign_response, missing_response = responses
    assert foreign_response.status_code == missing_response.status_code == 404
    assert foreign_response.content == missing_response.content


def test_foreign_objects_were_not_changed(users, pegawai_asn, foreign, api_login):
    asn, verifikator, admin = (api_login(users[r]) for r in (Role.ASN, Role.VERIFIKATOR, Role.ADMIN_BKD))
    for other in ("6202", "6101"):
        target = foreign[other]
        admin.patch(f"/api/v1/pegawai/{target['pegawai'].pk}/", {"nama": "Diambil alih"}, format="json")
        for kode, item in target["items"].items():
            asn.patch(f"/api/v1/riwayat/{kode}/{item.pk}/", dict([PATCH_FIELD[kode]]), format="json")
            asn.delete(f"/api/v1/riwayat/{kode}/{item.pk}/")
            admin.delete(f"/api/v1/riwayat/{kode}/{item.pk}/")
            verifikator.post(f"/api/v1/riwayat/{kode}/{item.pk}/setujui/")
            verifikator.post(f"/api/v1/riwayat/{kode}/setujui-massal/", {"ids": [item.pk]}, format="json")
    with scopes_disabled():
        assert not Pegawai.objects.filter(nama="Diambil alih").exists()
        for other in ("6202", "6101"):
            for kode, item in foreign[other]["items"].items():
                fresh = type(item).objects.get(pk=item.pk)
                assert fresh.status == item.status
                assert getattr(fresh, PATCH_FIELD[kode][0]) == getattr(item, PATCH_FIELD[kode][0])
    assert not [e for e in _events("riwayat.pendidikan.approve") if e.instansi_id != pegawai_asn.instansi_id]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/pegawai/", *[f"/api/v1/riwayat/{kode}/" for kode in SAMPLE]],
)
def test_lists_never_show_foreign_rows(url, users, pegawai_asn, foreign, api_login):
    for kode in SAMPLE:
        _riwayat(pegawai_asn, kode)
    for role in (Role.ADMIN_BKD, Role.VERIFIKATOR, Role.ASN):
        response = api_login(users[role]).get(url)
        if role == Role.ASN and url == "/api/v1/pegawai/":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        content = response.content.decode()
        assert "Rahasia" not in content
        rows = response.json()["results"]
        assert rows, "the caller's own rows are listed"
        foreign_ids = {foreign[k]["pegawai"].pk for k in foreign}
        assert all(
            (row["id"] if url == "/api/v1/pegawai/" else row["pegawai"]) not in foreign_ids for row in rows
        )


def test_bkn_is_refused_before_any_lookup(users, foreign, api_login):
    client = api_login(users[Role.BKN])
    item = foreign["6202"]["items"]["pendidikan"]
    for url in (f"/api/v1/riwayat/pendidikan/{item.pk}/", f"/api/v1/riwayat/pendidikan/{MISSING}/"):
        assert client.get(url).status_code == 403
    assert client.get("/api/v1/pegawai/").status_code == 403
    assert client.post("/api/v1/dokumen/", {}, format="multipart").status_code == 403


def test_kelengkapan_is_recomputed_by_the_api_writes(api_login, users, pegawai_asn):
    with instansi_scope(pegawai_asn.instansi):
        before = kelengkapan_recompute(pegawai=pegawai_asn).persen
    client = api_login(users[Role.ASN])
    client.patch("/api/v1/saya/pegawai/", {"email": "budi@example.go.id", "telepon": "08123"}, format="json")
    after = client.get("/api/v1/saya/pegawai/").json()["kelengkapan"]["persen"]
    assert after > before
