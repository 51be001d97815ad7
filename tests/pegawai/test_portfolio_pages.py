"""The ASN's own pages: home with completeness, Profil Saya, contact, portfolio items with documents.

Everything goes through the real middleware (tenant scope from the membership) and the real
services; uploads land in a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.pegawai.models import (
    Dokumen,
    HukumanDisiplin,
    KelengkapanData,
    Pegawai,
    PengaturanPegawai,
    RiwayatPendidikan,
    Sertifikat,
    StatusVerifikasi,
)
from apps.pegawai.services import kelengkapan_recompute, riwayat_approve, riwayat_create, riwayat_reject
from tests.assertions import assert_absent
from tests.factories import AsnPegawaiFactory, HukumanDisiplinFactory

pytestmark = pytest.mark.django_db

# --- helpers shared by the portfolio test modules ----------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload(name: str = "sertifikat.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def persen(pegawai: Pegawai) -> int:
    with scopes_disabled():
        return KelengkapanData.objects.get(pegawai=pegawai).persen


def sertifikat_data(**overrides) -> dict:
    data = {
        "nama": "Sertifikasi Pengadaan Barang/Jasa Tingkat Dasar",
        "penerbit": "LKPP",
        "nomor": "LKPP-2024-0001",
        "tanggal_terbit": "2024-03-15",
        "berlaku_sampai": "",
    }
    data.update(overrides)
    return data


def same_as_missing(found, found_url: str, missing, missing_url: str) -> bool:
    """Two answers are the same page apart from the requested path (the layout's language switcher
    echoes it) and the CSRF token (masked anew on every render)."""

    def normalise(body: bytes, url: str) -> bytes:
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
        return body.replace(url.encode(), b"#")

    return (found.status_code, normalise(found.content, found_url)) == (
        missing.status_code,
        normalise(missing.content, missing_url),
    )


def media_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


# --- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def asn_client(client, pegawai_a):
    client.force_login(pegawai_a.user)
    return client


# --- home ------------------------------------------------------------------------------------------------


def test_home_shows_completeness_with_links_to_fix(asn_client, pegawai_a):
    response = asn_client.get("/asn/")
    html = response.content.decode()
    assert response.status_code == 200
    assert persen(pegawai_a) == 57
    text = re.sub(r"<[^>]+>", "", html)
    assert (
        "Data Anda 57% lengkap — lengkapi: riwayat pendidikan, riwayat jabatan, diklat atau sertifikat"
        in (" ".join(text.split()))
    )
    assert 'href="/saya/riwayat/pendidikan/tambah/"' in html
    assert 'href="/saya/riwayat/jabatan/tambah/"' in html
    assert 'href="/saya/riwayat/sertifikat/tambah/">Tambah sertifikat</a>' in html
    assert 'href="/saya/riwayat/diklat/tambah/">Tambah diklat/pelatihan</a>' in html
    assert "Selamat datang, Siti Rahmawati" in html
    assert 'href="/saya/"' in html


def test_home_of_an_unlinked_asn_says_so(client, make_user, instansi_a):
    user = make_user(Role.ASN, instansi_a, username="asn.belum")
    client.force_login(user)
    html = assert_absent(client.get("/asn/"), "Data Anda")
    assert "Akun Anda belum terhubung dengan data pegawai; hubungi Admin BKD." in html
    saya = client.get("/saya/")
    assert saya.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai" in saya.content.decode()
    # Nothing to edit without a record: every form page explains why, and nothing is written.
    for method, url, data in [
        ("get", "/saya/kontak/", None),
        ("post", "/saya/kontak/", {"email": "a@example.go.id", "telepon": "1", "alamat": ""}),
        ("get", "/saya/riwayat/sertifikat/tambah/", None),
        ("post", "/saya/riwayat/sertifikat/tambah/", sertifikat_data()),
        ("get", "/saya/riwayat/sertifikat/1/ubah/", None),
        ("post", "/saya/riwayat/sertifikat/1/hapus/", {}),
    ]:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 200, url
        assert "Akun Anda belum terhubung dengan data pegawai" in response.content.decode(), url
    with scopes_disabled():
        assert not Sertifikat.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="pegawai.").exists()


def test_asn_of_another_instansi_with_the_same_user_link_is_not_found(client, instansi_a, instansi_b):
    """The record is looked up in the actor's own instansi only."""
    pegawai = AsnPegawaiFactory(instansi=instansi_a, username="asn.pindah")
    with scopes_disabled():
        membership = pegawai.user.membership
        membership.instansi = instansi_b
        membership.save()
    client.force_login(pegawai.user)
    assert "Akun Anda belum terhubung" in client.get("/asn/").content.decode()


def test_home_without_a_stored_completeness_row_computes_it(client, instansi_a):
    pegawai = AsnPegawaiFactory(instansi=instansi_a, username="asn.baru")
    with scopes_disabled():
        KelengkapanData.objects.filter(pegawai=pegawai).delete()
    client.force_login(pegawai.user)
    html = client.get("/asn/").content.decode()
    assert '<span class="kelengkapan__persen">57%</span>' in html
    with scopes_disabled():
        assert not KelengkapanData.objects.filter(pegawai=pegawai).exists()  # a GET writes nothing


# --- Profil Saya -------------------------------------------------------------------------------------------


def test_profil_saya_shows_profile_facts_and_every_section(asn_client, pegawai_a):
    HukumanDisiplinFactory(
        pegawai=pegawai_a,
        tingkat="ringan",
        jenis_hukuman="Teguran lisan",
        nomor_sk="800/12/BKD/2023",
        tmt_mulai=dt.date(2023, 5, 2),
        status=StatusVerifikasi.DISETUJUI,
    )
    response = asn_client.get("/saya/")
    html = response.content.decode()
    assert "19860926 201003 1" in html  # NIP grouped as on SKs
    assert "Penata Muda Tingkat I (III/b)" in html
    assert "Pengadministrasi Umum" in html
    assert pegawai_a.unit_kerja.nama in html
    # Pelaksana: BUP 58, born 26 September 1986 → pension from 1 October 2044.
    assert "1 Oktober 2044" in html
    for label in [
        "Riwayat pendidikan",
        "Diklat / pelatihan",
        "Sertifikat",
        "Penghargaan",
        "SK tim kerja",
        "Riwayat jabatan",
        "Organisasi",
        "Hukuman disiplin",
    ]:
        assert f">{label}</h2>" in html, label
    # Hukuman disiplin: shown, never editable by the ASN.
    assert "Ringan: Teguran lisan" in html
    assert_absent(response, "/saya/riwayat/hukuman/")
    assert "Dicatat oleh BKD" in html


def test_profil_saya_needs_portfolio_own(client, make_user, instansi_a):
    client.force_login(make_user(Role.VERIFIKATOR, instansi_a))
    assert client.get("/saya/").status_code == 403
    assert client.get("/saya/riwayat/sertifikat/tambah/").status_code == 403
    client.logout()
    response = client.get("/saya/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_kontak_is_saved_without_verification(asn_client, pegawai_a):
    with scopes_disabled():
        Pegawai.objects.filter(pk=pegawai_a.pk).update(telepon="")
        kelengkapan_recompute(pegawai=Pegawai.objects.get(pk=pegawai_a.pk))
    assert persen(pegawai_a) == 43  # kontak incomplete too
    form = asn_client.get("/saya/kontak/").content.decode()
    assert 'type="tel"' in form and 'value="asn.siti@example.go.id"' in form

    response = asn_client.post(
        "/saya/kontak/",
        {"email": "siti.baru@example.go.id", "telepon": "0812 5555 1234", "alamat": "Jl. Iskandar No. 5"},
    )
    assert response.status_code == 302 and response["Location"] == "/saya/"
    with scopes_disabled():
        pegawai = Pegawai.objects.get(pk=pegawai_a.pk)
        event = AuditEvent.objects.get(action="pegawai.update_kontak")
    assert (pegawai.email, pegawai.telepon, pegawai.alamat) == (
        "siti.baru@example.go.id",
        "0812 5555 1234",
        "Jl. Iskandar No. 5",
    )
    assert event.new_values["telepon"] == "0812 5555 1234"
    assert persen(pegawai_a) == 57
    assert "Jl. Iskandar No. 5" in asn_client.get("/saya/").content.decode()


def test_kontak_rejects_an_invalid_email(asn_client, pegawai_a):
    response = asn_client.post("/saya/kontak/", {"email": "bukan-email", "telepon": "1", "alamat": ""})
    assert response.status_code == 200
    assert "Masukkan alamat email dengan format yang benar." in response.content.decode()
    with scopes_disabled():
        assert Pegawai.objects.get(pk=pegawai_a.pk).email == "asn.siti@example.go.id"


# --- adding and editing items --------------------------------------------------------------------------------


def test_the_generated_form_has_the_kinds_fields_date_inputs_and_an_upload(asn_client):
    response = asn_client.get("/saya/riwayat/diklat/tambah/")
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ["jenis", "nama", "penyelenggara", "tanggal_mulai", "tanggal_selesai", "jam_pelajaran"]:
        assert f'name="{name}"' in html, name
    assert re.search(r'<input type="date" name="tanggal_mulai"', html)
    assert "Jam pelajaran (JP)" in html
    assert 'name="berkas"' in html and "paling besar 2048 KB" in html
    assert_absent(response, 'name="status"', 'name="pegawai"')  # verification columns stay out
    html = asn_client.get("/saya/riwayat/penghargaan/tambah/").content.decode()
    assert "Satyalencana Karya Satya XX Tahun" in html


def test_asn_adds_a_sertifikat_with_a_pdf(asn_client, pegawai_a, media):
    response = asn_client.post(
        "/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload("Sertifikat LKPP.pdf")}
    )
    assert response.status_code == 302
    assert response["Location"] == "/saya/#riwayat-sertifikat"
    with scopes_disabled():
        item = Sertifikat.objects.get(pegawai=pegawai_a)
        dokumen = item.dokumen
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert item.status == StatusVerifikasi.DIAJUKAN
    assert item.tanggal_terbit == dt.date(2024, 3, 15)
    assert dokumen.content_type == "application/pdf" and dokumen.nama_asli == "Sertifikat LKPP.pdf"
    # Stored per instansi under a random name.
    assert dokumen.berkas.name == f"dokumen/{pegawai_a.instansi_id}/{dokumen.uuid.hex}.pdf"
    assert (media / dokumen.berkas.name).read_bytes() == PDF
    assert {"dokumen.upload", "riwayat.sertifikat.create"} <= actions

    html = assert_absent(asn_client.get("/saya/"), "Penerbit: LKPP")  # already in the title
    assert "Sertifikasi Pengadaan Barang/Jasa Tingkat Dasar — LKPP" in html
    assert "Menunggu verifikasi" in html
    assert f'href="/dokumen/{dokumen.uuid}/"' in html
    assert "Tanggal terbit: 15 Maret 2024" in html
    assert persen(pegawai_a) == 57  # waiting items do not count yet


def test_a_document_is_required_for_a_new_item(asn_client, pegawai_a, media):
    response = asn_client.post("/saya/riwayat/sertifikat/tambah/", sertifikat_data())
    assert response.status_code == 200
    assert "Unggah dokumen pendukung (PDF, JPG atau PNG)." in response.content.decode()
    with scopes_disabled():
        assert not Sertifikat.objects.exists()


def test_invalid_fields_store_no_document(asn_client, pegawai_a, media):
    response = asn_client.post(
        "/saya/riwayat/sertifikat/tambah/",
        {**sertifikat_data(nama="", tanggal_terbit="31-02-2024"), "berkas": upload()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini harus diisi." in html
    assert "Masukkan tanggal yang valid." in html
    with scopes_disabled():
        assert not Sertifikat.objects.exists()
        assert not Dokumen.objects.exists()
    assert media_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("sertifikat.pdf", EXE, "application/pdf"),
        ("sertifikat.pdf", HTML, "application/pdf"),
        ("halaman.html", HTML, "text/html"),
        ("catatan.txt", b"hanya teks biasa", "text/plain"),
    ],
    ids=["exe-as-pdf", "html-as-pdf", "html", "text"],
)
def test_wrong_file_types_are_rejected_by_content(asn_client, pegawai_a, media, name, content, content_type):
    response = asn_client.post(
        "/saya/riwayat/sertifikat/tambah/",
        {**sertifikat_data(), "berkas": upload(name, content, content_type)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jenis berkas tidak didukung: unggah PDF, JPG atau PNG" in html
    assert 'class="field field--error"' in html  # on the upload field
    with scopes_disabled():
        assert not Sertifikat.objects.exists()
        assert not Dokumen.objects.exists()
    assert media_files(media) == []


def test_png_content_under_a_pdf_name_is_stored_as_png(asn_client, pegawai_a, media):
    """The content decides, not the name: a PNG called .pdf is a PNG (and is served as one)."""
    response = asn_client.post(
        "/saya/riwayat/sertifikat/tambah/",
        {**sertifikat_data(), "berkas": upload("scan.pdf", PNG, "application/pdf")},
    )
    assert response.status_code == 302
    with scopes_disabled():
        dokumen = Dokumen.objects.get()
    assert dokumen.content_type == "image/png"
    assert dokumen.berkas.name.endswith(".png")


def test_too_large_a_file_is_rejected(asn_client, pegawai_a, media):
    with scopes_disabled():
        PengaturanPegawai.objects.create(instansi=pegawai_a.instansi, ukuran_dokumen_maks_kb=1)
    assert "paling besar 1 KB" in asn_client.get("/saya/riwayat/sertifikat/tambah/").content.decode()
    big = PDF + b"0" * 3000
    response = asn_client.post(
        "/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload("besar.pdf", big)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Berkas terlalu besar (3 KB); maksimal 1 KB." in html
    with scopes_disabled():
        assert not Sertifikat.objects.exists()
        assert not Dokumen.objects.exists()
    assert media_files(media) == []


def test_a_service_error_after_the_upload_leaves_nothing_behind(asn_client, pegawai_a, media):
    """dokumen_store succeeded, riwayat_create failed: the row rolls back and the file is removed."""

    def refuse(sender, instance, **kwargs):
        raise ValidationError({"nomor": "Nomor sertifikat ini sudah pernah diajukan."})

    pre_save.connect(refuse, sender=Sertifikat, dispatch_uid="test-refuse")
    try:
        response = asn_client.post(
            "/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()}
        )
    finally:
        pre_save.disconnect(dispatch_uid="test-refuse", sender=Sertifikat)
    assert response.status_code == 200
    assert "Nomor sertifikat ini sudah pernah diajukan." in response.content.decode()
    with scopes_disabled():
        assert not Sertifikat.objects.exists()
        assert not Dokumen.objects.exists()
        assert not AuditEvent.objects.filter(action="dokumen.upload").exists()
    assert media_files(media) == []


def test_editing_an_approved_item_sends_it_back_for_verification(
    asn_client, pegawai_a, media, make_user, instansi_a
):
    verifikator = make_user(Role.VERIFIKATOR, instansi_a)
    asn_client.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get()
        riwayat_approve(riwayat=item, actor=verifikator)
        dokumen_lama = item.dokumen_id
    assert persen(pegawai_a) == 71

    url = f"/saya/riwayat/sertifikat/{item.pk}/ubah/"
    form = assert_absent(asn_client.get(url), "Hapus data ini")  # approved items are BKD's to remove
    assert 'value="2024-03-15"' in form  # ISO value for the date picker
    assert "akan diverifikasi ulang" in form
    # Without a new file the existing document stays.
    response = asn_client.post(url, sertifikat_data(nomor="LKPP-2024-0002"))
    assert response.status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
    assert item.status == StatusVerifikasi.DIAJUKAN
    assert item.nomor == "LKPP-2024-0002"
    assert item.dokumen_id == dokumen_lama
    assert persen(pegawai_a) == 57


def test_saving_an_unchanged_item_keeps_its_status(asn_client, pegawai_a, media):
    asn_client.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get()
        count = AuditEvent.objects.count()
    response = asn_client.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", sertifikat_data(), follow=True)
    assert "Tidak ada perubahan; status tetap: Menunggu verifikasi." in response.content.decode()
    with scopes_disabled():
        assert AuditEvent.objects.count() == count


def test_asn_withdraws_a_waiting_item_but_not_an_approved_one(
    asn_client, pegawai_a, media, make_user, instansi_a
):
    with scopes_disabled():
        waiting = riwayat_create(
            model=RiwayatPendidikan,
            pegawai=pegawai_a,
            actor=pegawai_a.user,
            data={
                "jenjang": "s1",
                "jurusan": "Akuntansi",
                "institusi": "Universitas Palangka Raya",
                "tahun_lulus": 2009,
            },
        )
        approved = riwayat_create(
            model=RiwayatPendidikan,
            pegawai=pegawai_a,
            actor=pegawai_a.user,
            data={"jenjang": "sma", "institusi": "SMAN 1 Pangkalan Bun", "tahun_lulus": 2004},
        )
        riwayat_approve(riwayat=approved, actor=make_user(Role.VERIFIKATOR, instansi_a))

    assert asn_client.get(f"/saya/riwayat/pendidikan/{waiting.pk}/hapus/").status_code == 405
    response = asn_client.post(f"/saya/riwayat/pendidikan/{waiting.pk}/hapus/")
    assert response.status_code == 302
    response = asn_client.post(f"/saya/riwayat/pendidikan/{approved.pk}/hapus/", follow=True)
    assert "Data yang sudah disetujui hanya dapat dihapus oleh BKD." in response.content.decode()
    with scopes_disabled():
        assert list(RiwayatPendidikan.objects.values_list("pk", flat=True)) == [approved.pk]
        assert AuditEvent.objects.filter(action="riwayat.pendidikan.delete").count() == 1


# --- what the ASN may not touch ---------------------------------------------------------------------------


def test_asn_cannot_add_edit_or_delete_hukuman_disiplin(asn_client, pegawai_a, media):
    hukuman = HukumanDisiplinFactory(
        pegawai=pegawai_a,
        tingkat="sedang",
        jenis_hukuman="Pemotongan tunjangan kinerja 25% selama 6 bulan",
        nomor_sk="800/7/BKD/2024",
        tmt_mulai=dt.date(2024, 1, 2),
        status=StatusVerifikasi.DISETUJUI,
    )
    data = {"tingkat": "ringan", "jenis_hukuman": "Teguran", "nomor_sk": "x", "tmt_mulai": "2024-01-02"}
    assert asn_client.get("/saya/riwayat/hukuman/tambah/").status_code == 404
    assert asn_client.post("/saya/riwayat/hukuman/tambah/", {**data, "berkas": upload()}).status_code == 404
    assert asn_client.get(f"/saya/riwayat/hukuman/{hukuman.pk}/ubah/").status_code == 404
    assert asn_client.post(f"/saya/riwayat/hukuman/{hukuman.pk}/ubah/", data).status_code == 404
    assert asn_client.post(f"/saya/riwayat/hukuman/{hukuman.pk}/hapus/").status_code == 404
    assert asn_client.get("/saya/riwayat/tidak-ada/tambah/").status_code == 404
    with scopes_disabled():
        hukuman.refresh_from_db()
        assert hukuman.tingkat == "sedang"
        assert HukumanDisiplin.objects.count() == 1
        assert not Dokumen.objects.exists()


def test_asn_cannot_see_or_touch_another_pegawais_items(asn_client, pegawai_a, instansi_a, instansi_b, media):
    rekan = AsnPegawaiFactory(instansi=instansi_a, username="asn.rekan", nama="Budi Santoso")
    asing = AsnPegawaiFactory(instansi=instansi_b, username="asn.asing", nama="Yohana Dewi")
    items = {}
    with scopes_disabled():
        for owner in (rekan, asing):
            items[owner.pk] = riwayat_create(
                model=Sertifikat,
                pegawai=owner,
                actor=owner.user,
                data={
                    "nama": "Sertifikat Rahasia",
                    "penerbit": "BNSP",
                    "tanggal_terbit": dt.date(2023, 1, 1),
                },
            )
    missing_url = "/saya/riwayat/sertifikat/999999/ubah/"
    missing = asn_client.get(missing_url)
    assert missing.status_code == 404
    for item in items.values():
        url = f"/saya/riwayat/sertifikat/{item.pk}/"
        assert same_as_missing(asn_client.get(url + "ubah/"), url + "ubah/", missing, missing_url)
        assert asn_client.post(url + "ubah/", sertifikat_data(nama="Diubah")).status_code == 404
        assert asn_client.post(url + "hapus/").status_code == 404
    assert_absent(asn_client.get("/saya/"), "Sertifikat Rahasia")
    with scopes_disabled():
        assert Sertifikat.objects.filter(nama="Sertifikat Rahasia").count() == 2


def test_a_failed_edit_changes_nothing(asn_client, pegawai_a, media, make_user, instansi_a):
    asn_client.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get()
        riwayat_reject(riwayat=item, actor=make_user(Role.VERIFIKATOR, instansi_a), alasan="Dokumen buram.")
    url = f"/saya/riwayat/sertifikat/{item.pk}/ubah/"

    # A wrong file: refused before anything is stored.
    response = asn_client.post(url, {**sertifikat_data(nomor="BARU-1"), "berkas": upload("x.pdf", EXE)})
    assert "Jenis berkas tidak didukung" in response.content.decode()

    # The service refuses after the new file was stored: rows roll back, the file goes.
    def refuse(sender, instance, **kwargs):
        raise ValidationError({"nomor": "Nomor ini tidak dikenal penerbitnya."})

    pre_save.connect(refuse, sender=Sertifikat, dispatch_uid="test-refuse-update")
    try:
        response = asn_client.post(url, {**sertifikat_data(nomor="BARU-2"), "berkas": upload("baru.pdf")})
    finally:
        pre_save.disconnect(dispatch_uid="test-refuse-update", sender=Sertifikat)
    html = response.content.decode()
    assert "Nomor ini tidak dikenal penerbitnya." in html
    assert '<span class="badge badge--ditolak">Ditolak</span>' in html  # the page shows the stored state
    with scopes_disabled():
        item.refresh_from_db()
        assert Dokumen.objects.count() == 1
    assert (item.status, item.nomor, item.alasan_penolakan) == ("ditolak", "LKPP-2024-0001", "Dokumen buram.")
    assert len(media_files(media)) == 1
