"""GET /dokumen/<uuid>/: the file goes to its owner and to the instansi's BKD staff, nobody else.

Another ASN and every user of another instansi get the very page a missing uuid gets. There is no
MEDIA_URL route: the stored path answers 404 even for the owner.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.pegawai.models import Dokumen
from apps.pegawai.services import dokumen_store
from tests.assertions import assert_absent
from tests.factories import AsnPegawaiFactory
from tests.pegawai.test_portfolio_pages import PDF, PNG, same_as_missing, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def dokumen(pegawai_a, media) -> Dokumen:
    with scopes_disabled():
        return dokumen_store(pegawai=pegawai_a, actor=pegawai_a.user, berkas=upload("Ijazah S1.pdf", PDF))


def get_as(user, url: str):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def url_of(dokumen: Dokumen) -> str:
    return f"/dokumen/{dokumen.uuid}/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_owner_gets_the_file_with_safe_headers(pegawai_a, dokumen):
    response = get_as(pegawai_a.user, url_of(dokumen))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="Ijazah S1.pdf"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'; img-src 'self'"


@pytest.mark.parametrize(
    "role",
    [Role.VERIFIKATOR, Role.ADMIN_BKD, Role.PPK, Role.KOMITE_KETUA, Role.KOMITE_ANGGOTA],
    ids=lambda r: r.value,
)
def test_bkd_staff_of_the_same_instansi_get_it(role, make_user, instansi_a, dokumen):
    response = get_as(make_user(role, instansi_a), url_of(dokumen))
    assert response.status_code == 200
    assert body(response) == PDF


def test_everyone_else_gets_exactly_the_missing_page(make_user, instansi_a, instansi_b, instansi_c, dokumen):
    missing_url = f"/dokumen/{uuid.uuid4()}/"
    other_asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.rekan", nama="Budi Santoso").user
    callers = {
        "asn lain, instansi sama": other_asn,
        "asn tanpa data pegawai": make_user(Role.ASN, instansi_a, username="asn.kosong"),
        "verifikator instansi lain (provinsi sama)": make_user(Role.VERIFIKATOR, instansi_b),
        "admin bkd instansi lain (provinsi lain)": make_user(Role.ADMIN_BKD, instansi_c),
        "asn instansi lain": make_user(Role.ASN, instansi_b),
    }
    for label, user in callers.items():
        found = get_as(user, url_of(dokumen))
        missing = get_as(user, missing_url)
        assert found.status_code == 404, label
        assert same_as_missing(found, url_of(dokumen), missing, missing_url), label


def test_a_foreign_verifier_cannot_get_it_even_for_an_identical_document(
    make_user, instansi_b, dokumen, media
):
    """Same content, other tenant: the uuid of A's row never resolves in B."""
    pegawai_b = AsnPegawaiFactory(instansi=instansi_b, username="asn.b")
    with scopes_disabled():
        dokumen_store(pegawai=pegawai_b, actor=pegawai_b.user, berkas=upload("Ijazah S1.pdf", PDF))
    assert get_as(make_user(Role.VERIFIKATOR, instansi_b), url_of(dokumen)).status_code == 404


def test_anonymous_is_sent_to_the_login(dokumen):
    response = get_as(None, url_of(dokumen))
    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={url_of(dokumen)}"


def test_roles_without_documents_are_refused(make_user, dokumen):
    assert get_as(make_user(Role.BKN), url_of(dokumen)).status_code == 403
    assert get_as(make_user(Role.OPERATOR), url_of(dokumen)).status_code == 403


def test_no_public_media_route(pegawai_a, dokumen, settings):
    client = Client()
    client.force_login(pegawai_a.user)
    for prefix in ("/media/", settings.MEDIA_URL or "/media/"):
        assert client.get(f"{prefix}{dokumen.berkas.name}").status_code == 404
    assert client.get(f"/{dokumen.berkas.name}").status_code == 404


def test_the_file_name_is_made_safe_and_follows_the_content(pegawai_a, media):
    with scopes_disabled():
        weird = dokumen_store(
            pegawai=pegawai_a,
            actor=pegawai_a.user,
            berkas=upload('..\\..\\x/"Surat";\r\nX-Evil: 1<script>.html', PDF),
        )
        png = dokumen_store(pegawai=pegawai_a, actor=pegawai_a.user, berkas=upload("scan.pdf", PNG))
    response = get_as(pegawai_a.user, url_of(weird))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('.pdf"')
    for bad in ["\\", "/", "\r", "\n", ';"', "<", ">", ".html"]:
        assert bad not in disposition.removeprefix('attachment; filename="').removesuffix('"'), bad
    assert "X-Evil" not in response.headers

    response = get_as(pegawai_a.user, url_of(png))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="scan.png"'
    assert body(response) == PNG


def test_a_file_missing_on_disk_is_not_found(pegawai_a, dokumen, media):
    (media / dokumen.berkas.name).unlink()
    assert get_as(pegawai_a.user, url_of(dokumen)).status_code == 404


def test_document_links_on_the_pages_lead_to_the_protected_route(pegawai_a, make_user, instansi_a, media):
    client = Client()
    client.force_login(pegawai_a.user)
    client.post(
        "/saya/riwayat/sertifikat/tambah/",
        {
            "nama": "Sertifikat Kearsipan",
            "penerbit": "ANRI",
            "tanggal_terbit": "2022-11-22",
            "berkas": upload("arsip.pdf"),
        },
    )
    with scopes_disabled():
        dokumen = Dokumen.objects.get()
    html = assert_absent(client.get("/saya/"), dokumen.berkas.name)  # the storage path never reaches a page
    assert f'href="/dokumen/{dokumen.uuid}/"' in html
    verif = Client()
    verif.force_login(make_user(Role.VERIFIKATOR, instansi_a))
    queue = assert_absent(verif.get("/verifikasi/sertifikat/"), dokumen.berkas.name)
    assert f'href="/dokumen/{dokumen.uuid}/"' in queue
