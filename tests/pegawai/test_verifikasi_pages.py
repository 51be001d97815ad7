"""The verification workflow through the pages: ASN submits, BKD approves or rejects with a reason,
the ASN sees it, fixes it and submits again. Plus the queue's tabs, filters, bulk approval, tenant
isolation and a query count that does not grow with the queue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.pegawai.models import RiwayatDiklat, Sertifikat, StatusVerifikasi
from apps.pegawai.services import riwayat_approve, riwayat_create
from tests.assertions import assert_absent
from tests.factories import AsnPegawaiFactory, UnitKerjaFactory
from tests.pegawai.test_portfolio_pages import (
    persen,
    same_as_missing,
    sertifikat_data,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def verifikator_a(make_user, instansi_a):
    return make_user(Role.VERIFIKATOR, instansi_a, username="verif.a")


@pytest.fixture
def verifikator_b(make_user, instansi_b):
    return make_user(Role.VERIFIKATOR, instansi_b, username="verif.b")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clients(pegawai_a, verifikator_a) -> tuple[Client, Client]:
    """(the ASN's browser, the verifier's browser)."""
    return as_user(pegawai_a.user), as_user(verifikator_a)


def sertifikat_for(pegawai, *, nama="Sertifikat Kompetensi", diajukan=None) -> Sertifikat:
    with scopes_disabled():
        item = riwayat_create(
            model=Sertifikat,
            pegawai=pegawai,
            actor=pegawai.user,
            data={"nama": nama, "penerbit": "BNSP", "tanggal_terbit": dt.date(2023, 6, 1)},
        )
        if diajukan is not None:
            Sertifikat.objects.filter(pk=item.pk).update(diajukan_pada=diajukan)
            item.refresh_from_db()
    return item


def status_of(item) -> str:
    with scopes_disabled():
        item.refresh_from_db()
    return item.status


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the two paths of the workflow ---------------------------------------------------------------------


def test_submit_then_approve(clients, pegawai_a, verifikator_a, media):
    asn, verif = clients
    assert "57%" in text(asn.get("/asn/"))
    asn.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get(pegawai=pegawai_a)

    queue = verif.get("/verifikasi/")
    html = queue.content.decode()
    assert queue.status_code == 200
    # The first kind with something waiting opens; its tab shows the count.
    assert re.search(r'aria-current="page">Sertifikat <span class="badge"[^>]*>1</span>', html)
    assert "Siti Rahmawati" in html and "19860926 201003 1" in html
    assert pegawai_a.unit_kerja.nama in html
    assert f"/dokumen/{item.dokumen.uuid}/" in html

    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    assert response.status_code == 302 and response["Location"] == "/verifikasi/sertifikat/"
    assert status_of(item) == StatusVerifikasi.DISETUJUI
    with scopes_disabled():
        assert item.diverifikasi_oleh == verifikator_a
        event = AuditEvent.objects.get(action="riwayat.sertifikat.approve")
    assert event.actor == verifikator_a and event.new_values == {"status": "disetujui"}

    assert persen(pegawai_a) == 71
    home_page = asn.get("/asn/")
    home = text(home_page)
    assert "Data Anda 71% lengkap" in home
    assert home_page.status_code == 200 and "diklat atau sertifikat" not in home
    saya = asn.get("/saya/").content.decode()
    assert '<span class="badge badge--disetujui">Disetujui</span>' in saya
    assert "Tidak ada data yang menunggu verifikasi." in verif.get("/verifikasi/sertifikat/").content.decode()


def test_submit_reject_fix_resubmit_approve(clients, pegawai_a, verifikator_a, media):
    asn, verif = clients
    asn.post("/saya/riwayat/sertifikat/tambah/", {**sertifikat_data(), "berkas": upload()})
    with scopes_disabled():
        item = Sertifikat.objects.get(pegawai=pegawai_a)
    detail = verif.get(f"/verifikasi/sertifikat/{item.pk}/")
    assert detail.status_code == 200
    assert "Nomor LKPP-2024-0001" in text(detail)

    # A reason is required, and the error is in Indonesian on the form.
    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "   "})
    assert response.status_code == 200
    assert "Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki." in response.content.decode()
    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "tdk"})
    assert "Tuliskan alasan penolakan" in response.content.decode()  # the service's minimum length
    assert status_of(item) == StatusVerifikasi.DIAJUKAN

    alasan = "Dokumen tidak terbaca; unggah pindaian yang jelas."
    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": alasan})
    assert response.status_code == 302
    assert status_of(item) == StatusVerifikasi.DITOLAK

    # The ASN sees the status and the reason, on the home page and in Profil Saya.
    assert alasan in text(asn.get("/asn/"))
    saya = asn.get("/saya/").content.decode()
    assert '<span class="badge badge--ditolak">Ditolak</span>' in saya
    assert alasan in saya
    edit_url = f"/saya/riwayat/sertifikat/{item.pk}/ubah/"
    assert f'href="{edit_url}">Perbaiki' in saya

    # Fixed with a new document: back to waiting, reason cleared.
    response = asn.post(edit_url, {**sertifikat_data(), "berkas": upload("pindaian-jelas.pdf")})
    assert response.status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
        assert item.dokumen.nama_asli == "pindaian-jelas.pdf"
    assert item.status == StatusVerifikasi.DIAJUKAN and item.alasan_penolakan == ""
    assert "Menunggu verifikasi" in asn.get("/saya/").content.decode()

    verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    assert status_of(item) == StatusVerifikasi.DISETUJUI
    with scopes_disabled():
        actions = list(
            AuditEvent.objects.filter(action__startswith="riwayat.sertifikat.")
            .order_by("created_at", "id")
            .values_list("action", flat=True)
        )
    assert actions == [
        "riwayat.sertifikat.create",
        "riwayat.sertifikat.reject",
        "riwayat.sertifikat.update",
        "riwayat.sertifikat.approve",
    ]


def test_an_item_no_longer_waiting_cannot_be_approved_again(clients, pegawai_a, verifikator_a):
    _asn, verif = clients
    item = sertifikat_for(pegawai_a)
    verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    response = verif.post(f"/verifikasi/sertifikat/{item.pk}/setujui/", follow=True)
    assert "Hanya data yang menunggu verifikasi yang dapat disetujui atau ditolak" in text(response)
    response = verif.post(
        f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "Terlambat ditolak."}, follow=True
    )
    assert "Hanya data yang menunggu verifikasi" in text(response)
    assert status_of(item) == StatusVerifikasi.DISETUJUI
    assert (
        "Data ini tidak sedang menunggu verifikasi."
        in verif.get(f"/verifikasi/sertifikat/{item.pk}/").content.decode()
    )


# --- who may do what ----------------------------------------------------------------------------------------


def test_asn_cannot_verify(clients, pegawai_a):
    asn, _verif = clients
    item = sertifikat_for(pegawai_a)
    assert asn.get("/verifikasi/").status_code == 403
    assert asn.get(f"/verifikasi/sertifikat/{item.pk}/").status_code == 403
    assert asn.post(f"/verifikasi/sertifikat/{item.pk}/setujui/").status_code == 403
    assert (
        asn.post(f"/verifikasi/sertifikat/{item.pk}/tolak/", {"alasan": "Tolak sendiri"}).status_code == 403
    )
    assert asn.post("/verifikasi/sertifikat/setujui-massal/", {"pilih": [item.pk]}).status_code == 403
    assert status_of(item) == StatusVerifikasi.DIAJUKAN


def test_admin_bkd_verifies_too(client, admin_bkd_a, pegawai_a):
    item = sertifikat_for(pegawai_a)
    client.force_login(admin_bkd_a)
    assert client.get("/verifikasi/").status_code == 200
    client.post(f"/verifikasi/sertifikat/{item.pk}/setujui/")
    assert status_of(item) == StatusVerifikasi.DISETUJUI


def test_verifier_of_another_instansi_sees_nothing_of_a(client, pegawai_a, verifikator_b, instansi_b):
    item = sertifikat_for(pegawai_a, nama="Sertifikat Milik A")
    own = sertifikat_for(AsnPegawaiFactory(instansi=instansi_b, username="asn.b", nama="Yohana Dewi"))
    client.force_login(verifikator_b)
    queue = assert_absent(client.get("/verifikasi/sertifikat/"), "Sertifikat Milik A", "Siti Rahmawati")
    assert "Yohana Dewi" in queue
    assert re.search(r'Sertifikat <span class="badge"[^>]*>1</span>', queue)

    for suffix, method, data in [
        ("", "get", None),
        ("setujui/", "post", None),
        ("tolak/", "post", {"alasan": "Ditolak oleh instansi lain"}),
    ]:
        foreign_url, missing_url = (
            f"/verifikasi/sertifikat/{item.pk}/{suffix}",
            f"/verifikasi/sertifikat/999999/{suffix}",
        )
        foreign = getattr(client, method)(foreign_url, data or {})
        missing = getattr(client, method)(missing_url, data or {})
        assert foreign.status_code == 404, suffix
        assert same_as_missing(foreign, foreign_url, missing, missing_url), suffix

    client.post("/verifikasi/sertifikat/setujui-massal/", {"pilih": [item.pk, own.pk]})
    assert status_of(item) == StatusVerifikasi.DIAJUKAN
    assert status_of(own) == StatusVerifikasi.DISETUJUI


def test_nobody_verifies_their_own_portfolio(client, instansi_a):
    """A verifier who is also a pegawai does not see, and cannot approve, their own items."""
    sendiri = AsnPegawaiFactory(instansi=instansi_a, username="verif.pegawai", nama="Rudi Hartono")
    with scopes_disabled():
        membership = sendiri.user.membership
        membership.role = Role.VERIFIKATOR
        membership.save()
    item = sertifikat_for(sendiri, nama="Sertifikat Milik Rudi")
    client.force_login(sendiri.user)
    queue = assert_absent(client.get("/verifikasi/sertifikat/"), "Sertifikat Milik Rudi")
    assert re.search(r'Sertifikat <span class="badge badge--muted"[^>]*>0</span>', queue)
    assert client.get(f"/verifikasi/sertifikat/{item.pk}/").status_code == 404
    assert client.post(f"/verifikasi/sertifikat/{item.pk}/setujui/").status_code == 404
    client.post("/verifikasi/sertifikat/setujui-massal/", {"pilih": [item.pk]})
    assert status_of(item) == StatusVerifikasi.DIAJUKAN


def test_hukuman_disiplin_has_no_queue(clients):
    _asn, verif = clients
    assert verif.get("/verifikasi/hukuman/").status_code == 404
    assert verif.get("/verifikasi/bukan-jenis/").status_code == 404
    assert_absent(verif.get("/verifikasi/"), "Hukuman disiplin")


# --- the queue -----------------------------------------------------------------------------------------------


def test_tabs_count_waiting_items_per_kind(clients, pegawai_a, verifikator_a):
    _asn, verif = clients
    sertifikat_for(pegawai_a, nama="S1")
    sertifikat_for(pegawai_a, nama="S2")
    approved = sertifikat_for(pegawai_a, nama="S3")
    with scopes_disabled():
        riwayat_approve(riwayat=approved, actor=verifikator_a)
        riwayat_create(
            model=RiwayatDiklat,
            pegawai=pegawai_a,
            actor=pegawai_a.user,
            data={
                "jenis": "teknis",
                "nama": "Pelatihan Analisis Jabatan",
                "penyelenggara": "BPSDM Provinsi Kalimantan Tengah",
                "tanggal_mulai": dt.date(2024, 5, 6),
                "tanggal_selesai": dt.date(2024, 5, 10),
                "jam_pelajaran": 40,
            },
        )
    html = assert_absent(verif.get("/verifikasi/sertifikat/"), "S3 — BNSP")
    assert re.search(r'Diklat / pelatihan <span class="badge"[^>]*>1</span>', html)
    assert re.search(r'Sertifikat <span class="badge"[^>]*>2</span>', html)
    assert re.search(r'Riwayat pendidikan <span class="badge badge--muted"[^>]*>0</span>', html)
    assert "S1 — BNSP" in html and "S2 — BNSP" in html
    diklat = verif.get("/verifikasi/diklat/").content.decode()
    assert "Pelatihan Analisis Jabatan (40 JP)" in diklat


def test_bulk_approve(clients, pegawai_a):
    _asn, verif = clients
    a, b, c = (sertifikat_for(pegawai_a, nama=n) for n in ("A", "B", "C"))
    response = verif.post(
        "/verifikasi/sertifikat/setujui-massal/", {"pilih": [a.pk, c.pk, "bukan-angka"], "cari": "Siti"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/verifikasi/sertifikat/?cari=Siti"  # filters kept
    assert [status_of(i) for i in (a, b, c)] == ["disetujui", "diajukan", "disetujui"]
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="riwayat.sertifikat.approve").count() == 2
    response = verif.post("/verifikasi/sertifikat/setujui-massal/", {}, follow=True)
    assert "Pilih dulu data yang akan disetujui." in text(response)
    assert status_of(b) == StatusVerifikasi.DIAJUKAN


def test_filters_unit_kerja_dates_and_search(clients, pegawai_a, instansi_a):
    _asn, verif = clients
    with scopes_disabled():
        dinas = UnitKerjaFactory(instansi=instansi_a, kode="F.01", nama="Dinas Kesehatan")
        bidang = UnitKerjaFactory(
            instansi=instansi_a, kode="F.01.01", nama="Bidang Pelayanan", jenis="bidang", induk=dinas
        )
    di_bidang = AsnPegawaiFactory(
        instansi=instansi_a, username="asn.bidang", nama="Agus Salim", unit_kerja=bidang
    )
    di_dinas = AsnPegawaiFactory(
        instansi=instansi_a, username="asn.dinas", nama="Dewi Lestari", unit_kerja=dinas
    )
    now = timezone.now()
    sertifikat_for(pegawai_a, nama="Milik Siti", diajukan=now - dt.timedelta(days=30))
    sertifikat_for(di_bidang, nama="Milik Agus", diajukan=now - dt.timedelta(days=10))
    sertifikat_for(di_dinas, nama="Milik Dewi", diajukan=now)

    def shown(**params) -> set[str]:
        html = verif.get("/verifikasi/sertifikat/", params).content.decode()
        return {n for n in ("Milik Siti", "Milik Agus", "Milik Dewi") if n in html}

    assert shown() == {"Milik Siti", "Milik Agus", "Milik Dewi"}
    assert shown(unit_kerja=dinas.pk) == {"Milik Agus", "Milik Dewi"}  # its bidang included
    assert shown(unit_kerja=bidang.pk) == {"Milik Agus"}
    today = timezone.localdate()
    assert shown(dari=(today - dt.timedelta(days=15)).isoformat()) == {"Milik Agus", "Milik Dewi"}
    assert shown(sampai=(today - dt.timedelta(days=15)).isoformat()) == {"Milik Siti"}
    assert shown(cari="agus") == {"Milik Agus"}
    assert shown(cari=di_dinas.nip_tampilan) == {"Milik Dewi"}  # NIP typed as displayed, with spaces
    assert shown(cari=di_dinas.nip) == {"Milik Dewi"}
    assert shown(cari="tidak ada orangnya") == set()
    assert (
        "Tidak ada data menunggu verifikasi yang cocok dengan saringan."
        in verif.get("/verifikasi/sertifikat/", {"cari": "tidak ada orangnya"}).content.decode()
    )
    # Rubbish in the filters is ignored, not an error.
    assert verif.get("/verifikasi/sertifikat/", {"dari": "kemarin", "unit_kerja": "x"}).status_code == 200
    # The detail link and the approve form carry the filters back to the queue.
    html = verif.get("/verifikasi/sertifikat/", {"cari": "Agus"}).content.decode()
    assert "?cari=Agus" in html


def _queue_queries(verif, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = verif.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_does_not_grow_with_rows(clients, instansi_a, django_assert_max_num_queries):
    _asn, verif = clients
    units = [UnitKerjaFactory(instansi=instansi_a) for _ in range(3)]
    people = [
        AsnPegawaiFactory(
            instansi=instansi_a, username=f"asn.q{i}", nama=f"Pegawai Antrean {i}", unit_kerja=units[i % 3]
        )
        for i in range(40)
    ]
    for pegawai in people[:5]:
        sertifikat_for(pegawai)
    verif.get("/verifikasi/sertifikat/")  # warm up (session, content types)
    five = _queue_queries(verif, "/verifikasi/sertifikat/")
    for pegawai in people[5:]:
        sertifikat_for(pegawai)
    with django_assert_max_num_queries(five):
        response = verif.get("/verifikasi/sertifikat/")
    html = response.content.decode()
    assert html.count('name="pilih"') == 40
    assert "Pegawai Antrean 39" in html


def test_queue_pages_keep_the_filters(clients, pegawai_a):
    _asn, verif = clients
    for i in range(52):
        sertifikat_for(pegawai_a, nama=f"Sertifikat nomor {i:02d}")
    first = verif.get("/verifikasi/sertifikat/", {"cari": "Siti"}).content.decode()
    assert first.count('name="pilih"') == 50
    assert "Halaman 1 dari 2" in first
    assert 'href="?cari=Siti&amp;page=2"' in first
    second = assert_absent(
        verif.get("/verifikasi/sertifikat/", {"cari": "Siti", "page": 2}), "Sertifikat nomor 00"
    )
    assert second.count('name="pilih"') == 2
    assert "Sertifikat nomor 51" in second
    # Approving from page 2 comes back to page 2 of the same filtered list.
    with scopes_disabled():
        item = Sertifikat.objects.get(nama="Sertifikat nomor 51")
    assert '<input type="hidden" name="page" value="2">' in second
    response = verif.post(
        f"/verifikasi/sertifikat/{item.pk}/setujui/", {"cari": "Siti", "page": "2", "lain": "x"}
    )
    assert response["Location"] == "/verifikasi/sertifikat/?cari=Siti&page=2"
