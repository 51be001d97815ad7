"""The jenjang of a fungsional riwayat jabatan (the succession path counts years by level) is
entered where riwayat jabatan is entered: the ASN's portfolio form and the API; it is required
for a fungsional post and refused for any other, and nothing is written when it is wrong."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.pegawai.models import RiwayatJabatan
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
URL = "/saya/riwayat/jabatan/tambah/"


def _data(**changes) -> dict:
    return {
        "jenis_jabatan": "fungsional",
        "jenjang_fungsional": "ahli_muda",
        "nama_jabatan": "Analis Kebijakan Ahli Muda",
        "unit": "Bappeda",
        "tmt_mulai": "2021-01-04",
        "tmt_selesai": "",
        "nomor_sk": "821.2/44/BKPSDM/2021",
        **changes,
    }


def _rows(pegawai) -> list[tuple[str, str]]:
    with scopes_disabled():
        return list(
            RiwayatJabatan.objects.filter(pegawai=pegawai).values_list("jenis_jabatan", "jenjang_fungsional")
        )


@pytest.fixture
def asn(client, pegawai_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(pegawai_a.user)
    return client


def test_the_portfolio_form_offers_the_jenjang(asn):
    page = asn.get(URL).content.decode()
    assert 'name="jenjang_fungsional"' in page
    assert '<option value="ahli_madya">Ahli Madya</option>' in page


def test_the_asn_enters_a_fungsional_post_with_its_jenjang(asn, pegawai_a):
    pdf = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    response = asn.post(URL, {**_data(), "berkas": pdf})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _rows(pegawai_a) == [("fungsional", "ahli_muda")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"jenjang_fungsional": ""}, "Jabatan fungsional harus mempunyai jenjang"),
        ({"jenis_jabatan": "pengawas"}, "Jenjang hanya diisi untuk jabatan fungsional."),
    ],
)
def test_a_wrong_jenjang_is_refused_and_nothing_written(asn, pegawai_a, changes, message):
    pdf = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    response = asn.post(URL, {**_data(**changes), "berkas": pdf})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _rows(pegawai_a) == []


def test_the_api_takes_and_checks_the_jenjang(api_login, make_user, instansi_a):
    user = make_user(Role.ASN, instansi_a, username="api.jenjang")
    with scopes_disabled():
        pegawai = PegawaiFactory(instansi=instansi_a, user=user)
    client = api_login(user)
    data = {k: v for k, v in _data().items() if v != ""}
    created = client.post("/api/v1/riwayat/jabatan/", data, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["jenjang_fungsional"] == "ahli_muda"
    refused = client.post("/api/v1/riwayat/jabatan/", {**data, "jenjang_fungsional": ""}, format="json")
    assert refused.status_code == 400
    assert "jenjang_fungsional" in refused.json()
    assert _rows(pegawai) == [("fungsional", "ahli_muda")]
