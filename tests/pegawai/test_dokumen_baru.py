"""#13 point 8, first bullets: a new evidence document for an approved item waits for the verifier
while the item stays approved and counting (approve swaps it, reject keeps the old one with a reason
for the ASN); changing the data sends the item back to verification; completeness counts only
approved items and accepted documents; the portfolio form reports every error at once; success
messages end a sentence with one full stop after a name with a degree."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.pegawai.models import KelengkapanData, Sertifikat, StatusVerifikasi
from apps.pegawai.services import riwayat_approve
from tests.pegawai.test_portfolio_pages import EXE, PNG, persen, sertifikat_data, upload
from tests.pegawai.test_verifikasi_pages import as_user, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def verifikator_a(make_user, instansi_a):
    return make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")


@pytest.fixture
def clients(pegawai_a, verifikator_a):
    return as_user(pegawai_a.user), as_user(verifikator_a)


def approved_sertifikat(asn, pegawai, verifikator, *, berkas=True) -> Sertifikat:
    data = sertifikat_data()
    if berkas:
        data["berkas"] = upload()
    with scopes_disabled():
        if berkas:
            asn.post("/saya/riwayat/sertifikat/tambah/", data)
            item = Sertifikat.objects.get(pegawai=pegawai)
        else:
            from apps.pegawai.services import riwayat_create

            item = riwayat_create(
                model=Sertifikat,
                pegawai=pegawai,
                actor=pegawai.user,
                data={
                    "nama": data["nama"],
                    "penerbit": data["penerbit"],
                    "nomor": data["nomor"],
                    "tanggal_terbit": dt.date(2024, 3, 15),
                },
            )
        riwayat_approve(riwayat=item, actor=verifikator)
        item.refresh_from_db()
    return item


def reload(item):
    with scopes_disabled():
        item.refresh_from_db()
    return item


def test_new_document_waits_while_the_item_stays_approved_then_approve_swaps_it(
    clients, pegawai_a, verifikator_a, media
):
    asn, verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a)
    lama = item.dokumen_id
    before = persen(pegawai_a)

    response = asn.post(
        f"/saya/riwayat/sertifikat/{item.pk}/ubah/",
        {**sertifikat_data(), "berkas": upload("baru.png", PNG, "image/png")},
        follow=True,
    )
    assert "Dokumen baru untuk" in text(response) and "Data tetap disetujui dan dihitung." in text(response)
    item = reload(item)
    assert item.status == StatusVerifikasi.DISETUJUI  # still approved …
    assert item.dokumen_id == lama and item.dokumen_baru_id not in (None, lama)  # … the new one waits
    assert persen(pegawai_a) == before  # … and it still counts
    saya = text(asn.get("/saya/"))
    assert "Dokumen baru menunggu verifikasi" in saya

    queue = verif.get("/verifikasi/sertifikat/")
    html = queue.content.decode()
    assert f"/dokumen/{item.dokumen_baru.uuid}/" in html  # the queue shows the waiting document
    assert "Sertifikat: 1 menunggu verifikasi" in text(queue)
    detail = text(verif.get(f"/verifikasi/sertifikat/{item.pk}/"))
    assert "Dokumen baru" in detail and "menggantikan dokumen lama" in detail

    verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    baru = item.dokumen_baru_id
    item = reload(item)
    assert (item.status, item.dokumen_id, item.dokumen_baru_id) == (StatusVerifikasi.DISETUJUI, baru, None)
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="riwayat.sertifikat.dokumen_baru_approve").count() == 1
    assert "Tidak ada data yang menunggu verifikasi." in text(verif.get("/verifikasi/sertifikat/"))


def test_rejecting_the_new_document_keeps_the_old_one_and_tells_the_asn_why(
    clients, pegawai_a, verifikator_a, media
):
    asn, verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a)
    lama = item.dokumen_id
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", {**sertifikat_data(), "berkas": upload("b.pdf")})
    response = verif.post(
        f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "Halaman tanda tangan terpotong."}, follow=True
    )
    assert "Dokumen baru ditolak" in text(response)
    item = reload(item)
    assert (item.status, item.dokumen_id, item.dokumen_baru_id) == (StatusVerifikasi.DISETUJUI, lama, None)
    saya = text(asn.get("/saya/"))
    assert "Dokumen baru ditolak: Halaman tanda tangan terpotong." in saya
    home = text(asn.get("/asn/"))
    assert "Halaman tanda tangan terpotong." in home and "Dokumen lama tetap berlaku." in home

    # The next upload answers the refusal: the reason goes, the new document waits.
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", {**sertifikat_data(), "berkas": upload("c.pdf")})
    item = reload(item)
    assert item.alasan_penolakan == "" and item.dokumen_baru_id is not None


def test_changing_the_data_sends_the_item_back_to_verification(clients, pegawai_a, verifikator_a, media):
    asn, _verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a)
    before = persen(pegawai_a)
    asn.post(
        f"/saya/riwayat/sertifikat/{item.pk}/ubah/",
        {**sertifikat_data(penerbit="BNSP"), "berkas": upload("d.pdf")},
    )
    item = reload(item)
    assert item.status == StatusVerifikasi.DIAJUKAN and item.dokumen_baru_id is None
    assert persen(pegawai_a) < before  # no longer counts until approved again


def test_data_change_while_a_new_document_waits_takes_the_newest_document(
    clients, pegawai_a, verifikator_a, media
):
    asn, _verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a)
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", {**sertifikat_data(), "berkas": upload("e.pdf")})
    waiting = reload(item).dokumen_baru_id
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", sertifikat_data(penerbit="BNSP"))
    item = reload(item)
    assert (item.status, item.dokumen_id, item.dokumen_baru_id) == (StatusVerifikasi.DIAJUKAN, waiting, None)


def test_first_document_of_an_approved_item_counts_only_once_accepted(
    clients, pegawai_a, verifikator_a, media
):
    # The walk-through: completeness rose to 100% on upload. An approved item without evidence
    # misses the "dokumen" check until a verifier accepts the uploaded document.
    asn, verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a, berkas=False)
    with scopes_disabled():
        kekurangan = KelengkapanData.objects.get(pegawai=pegawai_a).kekurangan
    assert any(k["kode"] == "dokumen" for k in kekurangan)
    before = persen(pegawai_a)
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", {**sertifikat_data(), "berkas": upload()})
    assert reload(item).status == StatusVerifikasi.DISETUJUI
    assert persen(pegawai_a) == before  # uploading alone does not raise it
    verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    assert persen(pegawai_a) == before + 14  # the accepted document does


def test_bulk_approve_takes_waiting_documents_too(clients, pegawai_a, verifikator_a, media):
    asn, verif = clients
    item = approved_sertifikat(asn, pegawai_a, verifikator_a)
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", {**sertifikat_data(), "berkas": upload("f.pdf")})
    baru = reload(item).dokumen_baru_id
    verif.post("/verifikasi/sertifikat/setujui-massal/", {"pilih": [str(item.pk)]})
    assert reload(item).dokumen_id == baru


def test_form_shows_file_and_date_errors_together_with_a_capital(clients, media):
    asn, _verif = clients
    response = asn.post(
        "/saya/riwayat/sertifikat/tambah/",
        {
            **sertifikat_data(tanggal_terbit="2024-03-15", berlaku_sampai="2023-01-01"),
            "berkas": upload("program.pdf", EXE),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"berkas", "berlaku_sampai"}
    [tanggal] = form.errors["berlaku_sampai"]
    assert tanggal == "Berlaku sampai tidak boleh lebih awal dari tanggal terbit."
    page = text(response)
    assert "Jenis berkas tidak didukung" in page and "Berlaku sampai tidak boleh" in page
    with scopes_disabled():
        assert not Sertifikat.objects.exists()


def test_messages_after_a_name_ending_with_a_full_stop_have_one(clients, pegawai_a, verifikator_a, media):
    asn, verif = clients
    with scopes_disabled():
        pegawai_a.gelar_belakang = "S.Pd."
        pegawai_a.save(update_fields=["gelar_belakang"])
    asn.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get(pegawai=pegawai_a)
    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/", follow=True)
    page = text(response)
    assert "Siti Rahmawati, S.Pd." in page
    assert "S.Pd.." not in page
    asn.post(f"/saya/riwayat/sertifikat/{item.pk}/ubah/", sertifikat_data(penerbit="BNSP"))
    response = verif.post(
        f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "Nomor tidak terbaca."}, follow=True
    )
    page = text(response)
    assert "S.Pd. ASN melihat alasannya." in page and "S.Pd.." not in page


def test_titik_tunggal_keeps_ellipses():
    from apps.core.text import titik_tunggal

    assert titik_tunggal("Disetujui: Siti, S.Pd..") == "Disetujui: Siti, S.Pd."
    assert titik_tunggal("Menunggu...") == "Menunggu..."
    assert titik_tunggal("Jl. Merdeka.") == "Jl. Merdeka."
