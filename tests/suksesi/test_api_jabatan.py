"""/api/v1/jabatan-kunci/ (suksesi: jabatan): list and read for the roles holding suksesi.view,
create / change / deactivate for Admin BKD, the holder given by NIP or id; every bad input a 400
naming the field with nothing written; another instansi's post, unit or pegawai answers like an
unknown one."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.suksesi.models import JabatanKunci, StatusSuksesi
from tests.factories import JabatanKunciFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/jabatan-kunci/"


def body(pejabat, **changes) -> dict:
    data = {
        "unit_kerja": pejabat.dinas.pk,
        "nama": "Kepala Dinas",
        "jenis_jabatan": "jpt_pratama",
        "pemegang_nip": pejabat.kepala.nip,
        "alasan": "Pemegang mencapai BUP",
        "standar_kompetensi": [{"kompetensi": "Integritas", "level": 4}],
        "syarat_tambahan": {"golongan_minimum": "IV/a", "sertifikat": ["PKN II"]},
    }
    data.update(changes)
    return data


def stored(instansi) -> list[JabatanKunci]:
    with scopes_disabled():
        return list(JabatanKunci.objects.filter(instansi=instansi).order_by("pk"))


def audited(instansi) -> int:
    with scopes_disabled():
        return AuditEvent.objects.filter(instansi=instansi, action__startswith="jabatan_kunci.").count()


def test_create_read_update_deactivate(api_login, admin_bkd_a, instansi_a, pejabat):
    api = api_login(admin_bkd_a)
    response = api.post(URL, body(pejabat), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["pemegang"] == pejabat.kepala.pk and data["pemegang_nip"] == pejabat.kepala.nip
    assert data["tanggal_bup_pemegang"] == "2026-06-01"
    assert data["unit_kerja_kode"] == "A.01" and data["syarat_tambahan"] == {
        "golongan_minimum": "IV/a",
        "sertifikat": ["PKN II"],
    }
    pk = data["id"]
    with scopes_disabled():
        assert StatusSuksesi.objects.get(jabatan_kunci_id=pk).dirty_since is not None

    assert api.get(f"{URL}{pk}/").json()["nama"] == "Kepala Dinas"
    assert [row["id"] for row in api.get(URL).json()["results"]] == [pk]
    assert api.get(URL, {"status": "lowong"}).json()["results"] == []

    # The holder by id, then vacant (null).
    response = api.patch(f"{URL}{pk}/", {"pemegang": pejabat.sekretaris.pk}, format="json")
    assert response.status_code == 200 and response.json()["pemegang"] == pejabat.sekretaris.pk
    response = api.patch(f"{URL}{pk}/", {"pemegang": None}, format="json")
    assert response.status_code == 200 and response.json()["pemegang"] is None
    assert response.json()["tanggal_bup_pemegang"] is None
    response = api.put(
        f"{URL}{pk}/", body(pejabat, nama="Kepala Dinas Pendidikan", pemegang_nip=""), format="json"
    )
    assert response.status_code == 200 and response.json()["nama"] == "Kepala Dinas Pendidikan"

    assert api.post(f"{URL}{pk}/nonaktifkan/", {}, format="json").status_code == 400
    response = api.post(f"{URL}{pk}/nonaktifkan/", {"alasan": "SOTK baru"}, format="json")
    assert response.status_code == 200 and response.json()["aktif"] is False
    assert audited(instansi_a) == 5


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        pytest.param({"pemegang_nip": "asing"}, "pemegang", "tidak terdaftar sebagai pegawai instansi ini", id="holder-nip-of-another-instansi"),
        pytest.param({"pemegang_nip": "", "pemegang": "asing"}, "pemegang", "tidak ditemukan di instansi ini", id="holder-id-of-another-instansi"),
        pytest.param({"pemegang_nip": "nonaktif"}, "pemegang", "tidak aktif", id="inactive-holder"),
        pytest.param({"pemegang_nip": "sekretaris"}, "pemegang", "sudah memegang jabatan kunci Sekretaris", id="holder-of-another-post"),
        pytest.param({"nama": "Sekretaris", "pemegang_nip": ""}, "nama", "sudah ada", id="same-post-twice"),
        pytest.param({"unit_kerja": "asing"}, "unit_kerja", "tidak ditemukan di instansi ini", id="unit-of-another-instansi"),
        pytest.param({"jenis_jabatan": "fungsional"}, "jenjang_fungsional", "wajib diisi", id="fungsional-without-jenjang"),
        pytest.param({"jenjang_fungsional": "ahli_madya"}, "jenjang_fungsional", "hanya untuk jabatan fungsional", id="jenjang-for-structural"),
        pytest.param({"jenis_jabatan": "pelaksana"}, "jenis_jabatan", "", id="not-a-key-level"),
        pytest.param({"standar_kompetensi": [{"kompetensi": "Integritas", "level": 6}]}, "standar_kompetensi", "1–5", id="level-6"),
        pytest.param({"standar_kompetensi": [{"kompetensi": "Integritas", "level": 0}]}, "standar_kompetensi", "1–5", id="level-0"),
        pytest.param({"syarat_tambahan": {"golongan_minimum": "Z"}}, "golongan_minimum", "tidak dikenal", id="unknown-golongan"),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(
    api_login, admin_bkd_a, instansi_a, pejabat, unit_b, changes, field, fragment
):
    with scopes_disabled():
        JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
    resolved = {}
    for name, value in changes.items():
        if name == "pemegang_nip" and value and not value.isdigit():
            value = getattr(pejabat, value).nip
        elif name == "pemegang" and value == "asing":
            value = pejabat.asing.pk
        elif name == "unit_kerja" and value == "asing":
            value = unit_b.pk
        resolved[name] = value
    response = api_login(admin_bkd_a).post(URL, body(pejabat, **resolved), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors and any(fragment in message for message in errors[field]), errors
    assert len(stored(instansi_a)) == 1 and audited(instansi_a) == 0


def test_a_holder_id_of_another_instansi_answers_like_an_unknown_id(api_login, admin_bkd_a, pejabat):
    api = api_login(admin_bkd_a)
    foreign = api.post(URL, body(pejabat, pemegang_nip="", pemegang=pejabat.asing.pk), format="json").json()
    unknown = api.post(URL, body(pejabat, pemegang_nip="", pemegang=99999999), format="json").json()
    assert foreign["pemegang"][0].replace(str(pejabat.asing.pk), "<id>") == unknown["pemegang"][0].replace(
        "99999999", "<id>"
    )


def test_another_instansis_post_is_404_and_roles_follow_the_matrix(
    api_login, make_user, instansi_a, instansi_b, unit_b, pejabat
):
    with scopes_disabled():
        foreign = JabatanKunciFactory(instansi=instansi_b, unit_kerja=unit_b, nama="Kepala Dinas")
        own = JabatanKunciFactory(instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris")
    admin = api_login(make_user(Role.ADMIN_BKD, instansi_a, username="api.admin"))
    assert admin.get(f"{URL}{foreign.pk}/").status_code == 404
    assert admin.patch(f"{URL}{foreign.pk}/", {"nama": "X"}, format="json").status_code == 404
    assert admin.post(f"{URL}{foreign.pk}/nonaktifkan/", {"alasan": "x"}, format="json").status_code == 404
    komite = api_login(make_user(Role.KOMITE_ANGGOTA, instansi_a, username="api.komite"))
    assert [row["id"] for row in komite.get(URL).json()["results"]] == [own.pk]
    assert komite.post(URL, body(pejabat), format="json").status_code == 403
    asn = api_login(make_user(Role.ASN, instansi_a, username="api.asn"))
    assert asn.get(URL).status_code == 403
    with scopes_disabled():
        foreign.refresh_from_db()
        assert foreign.nama == "Kepala Dinas" and foreign.aktif


def test_list_filters(api_login, admin_bkd_a, instansi_a, pejabat):
    with scopes_disabled():
        a = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.bidang, nama="Kepala Bidang", pemegang=pejabat.kabid
        )
        b = JabatanKunciFactory(
            instansi=instansi_a,
            unit_kerja=pejabat.unit_lain,
            nama="Kepala Dinas Kesehatan",
            jenis_jabatan="jpt_pratama",
        )
    api = api_login(admin_bkd_a)
    ids = lambda params: [row["id"] for row in api.get(URL, params).json()["results"]]  # noqa: E731
    assert ids({"perangkat_daerah": pejabat.dinas.pk}) == [a.pk]
    assert ids({"jenis_jabatan": "jpt_pratama"}) == [b.pk]
    assert ids({"q": pejabat.kabid.nip}) == [a.pk]
    assert ids({"status": "lowong"}) == [b.pk]
