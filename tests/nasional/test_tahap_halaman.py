"""The stage tracker's pages and API: the instansi's own tracker with its declarations (PDF only,
size limit, sha256, audit event, withdrawal), and BKN's list of every instansi from the summary
rows with its filters, CSV/XLSX export and API."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.nasional.models import DeklarasiTahap, RingkasanInstansi
from apps.nasional.tahap import FaktaTahap, tahap_nilai

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _deklarasi(client, **data):
    body = {
        "butir": "perkada",
        "nomor": "188.45/12/2025",
        "tanggal": "2025-02-03",
        "keterangan": "Perkada Manajemen Talenta",
        "berkas": SimpleUploadedFile("Perkada 12.pdf", PDF, content_type="application/pdf"),
    }
    body.update(data)
    return client.post("/tahap-implementasi/deklarasi/", data=body)


# --- the instansi's own tracker -------------------------------------------------------------------


def test_admin_declares_with_a_pdf_and_the_tracker_shows_it_as_declared(admin_bkd_a, instansi_a, login):
    client = login(admin_bkd_a)
    response = _deklarasi(client)
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        deklarasi = DeklarasiTahap.objects.get(instansi=instansi_a)
        event = AuditEvent.objects.get(instansi=instansi_a, action="tahap.deklarasi.buat")
    assert deklarasi.sha256 == hashlib.sha256(PDF).hexdigest()
    assert deklarasi.nama_berkas == "Perkada 12.pdf"
    assert deklarasi.berkas.name == f"tahap/{instansi_a.pk}/{deklarasi.uuid}.pdf"
    assert deklarasi.dinyatakan_oleh == admin_bkd_a
    assert event.new_values["sha256"] == deklarasi.sha256
    page = client.get("/tahap-implementasi/").content.decode()
    assert "188.45/12/2025" in page
    assert "Dinyatakan dengan dokumen" in page
    assert f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/berkas/" in page
    download = client.get(f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/berkas/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"berkas": SimpleUploadedFile("bukan.pdf", b"<html>not a pdf</html>")}, "harus berkas PDF"),
        ({"berkas": SimpleUploadedFile("kosong.pdf", b"")}, "kosong"),
        ({"nomor": "   "}, "nomor"),
        ({"tanggal": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}, "masa depan"),
        ({"butir": "bukan_butir"}, "butir"),
    ],
)
def test_a_bad_declaration_is_refused_and_nothing_is_stored(data, pesan, admin_bkd_a, instansi_a, login):
    response = _deklarasi(login(admin_bkd_a), **data)
    assert response.status_code == 400
    assert pesan.lower() in response.content.decode().lower()
    with instansi_scope(instansi_a):
        assert not DeklarasiTahap.objects.exists()


def test_size_limit_is_a_setting(admin_bkd_a, instansi_a, login, settings):
    settings.NASIONAL_DEKLARASI_MAKS_KB = 1
    response = _deklarasi(login(admin_bkd_a), berkas=SimpleUploadedFile("besar.pdf", PDF + b"0" * 2048))
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()


def test_withdrawal_needs_a_reason_applies_to_the_current_one_only_and_is_audited(
    admin_bkd_a, instansi_a, login
):
    client = login(admin_bkd_a)
    _deklarasi(client, nomor="LAMA/1")
    _deklarasi(client, nomor="BARU/2")
    with instansi_scope(instansi_a):
        lama, baru = DeklarasiTahap.objects.filter(instansi=instansi_a).order_by("dinyatakan_pada", "pk")
    assert client.post(f"/tahap-implementasi/deklarasi/{baru.uuid}/cabut/", {"alasan": ""}).status_code == 400
    refused = client.post(f"/tahap-implementasi/deklarasi/{lama.uuid}/cabut/", {"alasan": "Salah unggah"})
    assert refused.status_code == 400
    assert "sedang berlaku" in refused.content.decode()
    done = client.post(f"/tahap-implementasi/deklarasi/{baru.uuid}/cabut/", {"alasan": "Perkada dicabut"})
    assert done.status_code == 302
    with instansi_scope(instansi_a):
        assert DeklarasiTahap.objects.filter(instansi=instansi_a, dicabut=True).count() == 1
        assert AuditEvent.objects.filter(instansi=instansi_a, action="tahap.deklarasi.cabut").count() == 1
    page = client.get("/tahap-implementasi/").content.decode()
    assert "Pencabutan: Perkada dicabut" in page
    # Withdrawn twice: the withdrawal itself is the latest row now.
    again = client.post(f"/tahap-implementasi/deklarasi/{baru.uuid}/cabut/", {"alasan": "Lagi"})
    assert again.status_code == 400


@pytest.mark.parametrize("role", [Role.KOMITE_KETUA, Role.PPK])
def test_komite_and_ppk_see_the_tracker_and_download_but_cannot_declare(
    role, admin_bkd_a, instansi_a, make_user, login, client
):
    _deklarasi(login(admin_bkd_a))
    with instansi_scope(instansi_a):
        deklarasi = DeklarasiTahap.objects.get(instansi=instansi_a)
    client.logout()
    client.force_login(make_user(role, instansi_a, username=f"lihat.{role.value}"))
    page = client.get("/tahap-implementasi/")
    assert page.status_code == 200
    assert "Simpan deklarasi" not in page.content.decode()
    assert client.get(f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/berkas/").status_code == 200
    assert _deklarasi(client).status_code == 403
    assert (
        client.post(f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/cabut/", {"alasan": "x"}).status_code
        == 403
    )


# --- isolation ---------------------------------------------------------------------------------------


def _normalise(body: bytes, url: str) -> bytes:
    """CSRF tokens change on every render and the page echoes the requested URL (the language
    switcher's "next"): neither tells anything about the object."""
    import re

    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return body.replace(url.encode(), b"#")


def test_another_instansi_declaration_answers_like_a_missing_one(
    admin_bkd_a, admin_bkd_b, instansi_b, login, client
):
    _deklarasi(login(admin_bkd_b), nomor="RAHASIA-B/1")
    with instansi_scope(instansi_b):
        asing = DeklarasiTahap.objects.get(instansi=instansi_b)
    client.logout()
    client.force_login(admin_bkd_a)
    missing = "12345678-1234-5678-1234-567812345678"
    for template, method, body in (
        ("/tahap-implementasi/deklarasi/{}/berkas/", "get", None),
        ("/tahap-implementasi/deklarasi/{}/cabut/", "post", {"alasan": "Diambil alih"}),
    ):
        foreign = getattr(client, method)(template.format(asing.uuid), body or {})
        absent = getattr(client, method)(template.format(missing), body or {})
        assert foreign.status_code == absent.status_code == 404
        assert _normalise(foreign.content, template.format(asing.uuid)) == _normalise(
            absent.content, template.format(missing)
        )
    page = client.get("/tahap-implementasi/").content.decode()
    assert "RAHASIA-B" not in page
    with instansi_scope(instansi_b):
        assert not DeklarasiTahap.objects.filter(dicabut=True).exists()


def test_bkn_gets_no_evidence_file(admin_bkd_a, instansi_a, bkn_user, login, client):
    _deklarasi(login(admin_bkd_a))
    with instansi_scope(instansi_a):
        deklarasi = DeklarasiTahap.objects.get(instansi=instansi_a)
    client.logout()
    client.force_login(bkn_user)
    assert client.get(f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/berkas/").status_code == 403
    assert client.get("/tahap-implementasi/").status_code == 403


# --- BKN's list ---------------------------------------------------------------------------------------


def _ringkasan(instansi, *, periode: int, fakta: dict, deklarasi=None):
    hasil = tahap_nilai(
        FaktaTahap(periode=periode, tanggal=dt.date(periode, 6, 1), deklarasi=deklarasi or {}, **fakta)
    )
    return RingkasanInstansi.objects.create(
        instansi=instansi,
        periode=periode,
        tahap_implementasi=hasil.tahap,
        skor_kti=hasil.skor_kti,
        tahap_rincian=hasil.rincian,
        diperbarui_pada=timezone.now(),
    )


@pytest.fixture
def ringkasan_tiga(instansi_a, instansi_b, instansi_c):
    from tests.nasional.test_tahap_aturan import PENUH, TANPA_SISTEM_BUTIR

    tahun = timezone.localdate().year
    _ringkasan(
        instansi_a,
        periode=tahun,
        fakta={k: v for k, v in PENUH.items() if k not in ("periode", "tanggal")},
        deklarasi=TANPA_SISTEM_BUTIR,
    )
    _ringkasan(instansi_b, periode=tahun, fakta={"admin_bkd": 1})
    _ringkasan(instansi_c, periode=tahun, fakta={"admin_bkd": 1, "final": 1, "pegawai_aktif": 2})
    _ringkasan(instansi_c, periode=tahun - 1, fakta={})


def test_bkn_list_shows_every_instansi_stage_and_filters(
    bkn_user, login, ringkasan_tiga, instansi_a, instansi_b, instansi_c, django_assert_max_num_queries
):
    client = login(bkn_user)
    with django_assert_max_num_queries(12):
        page = client.get("/nasional/tahap/")
    assert page.status_code == 200
    text = page.content.decode()
    for instansi in (instansi_a, instansi_b, instansi_c):
        assert instansi.nama in text
    filtered = client.get("/nasional/tahap/?provinsi=62&tahap=5").content.decode()
    assert instansi_a.nama in filtered and instansi_b.nama not in filtered and instansi_c.nama not in filtered
    other = client.get("/nasional/tahap/?provinsi=61").content.decode()
    assert instansi_c.nama in other and instansi_a.nama not in other
    earlier = client.get(f"/nasional/tahap/?periode={timezone.localdate().year - 1}").content.decode()
    assert instansi_c.nama in earlier and instansi_a.nama not in earlier


def test_bkn_list_query_count_does_not_grow_with_instansi(
    bkn_user, login, django_assert_max_num_queries, instansi_a, instansi_b
):
    from apps.instansi.models import Instansi
    from tests.factories import instansi_for

    tahun = timezone.localdate().year
    client = login(bkn_user)
    _ringkasan(instansi_a, periode=tahun, fakta={})
    client.get("/nasional/tahap/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as satu:
        client.get("/nasional/tahap/")
    for kode in ("6203", "6204", "6205", "6206", "6207"):
        _ringkasan(instansi_for(kode), periode=tahun, fakta={})
    assert Instansi.objects.count() >= 6
    with CaptureQueriesContext(connection) as enam:
        client.get("/nasional/tahap/")
    assert len(enam) == len(satu)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bkn_export(fmt, bkn_user, login, ringkasan_tiga, instansi_a):
    response = login(bkn_user).get(f"/nasional/tahap/ekspor.{fmt}?provinsi=62")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[("" if c is None else str(c)) for c in row] for row in sheet.iter_rows(values_only=True)]
    header, *data = rows
    assert header[0] == "Kode instansi"
    assert {row[0] for row in data} == {"6201", "6202"}
    baris_a = next(row for row in data if row[0] == instansi_a.kode)
    assert baris_a[header.index("Tahap tercapai")] == "5"
    assert "Dinyatakan dengan dokumen" in baris_a  # komitmen, perkada, ...
    assert "Terbukti dari data sistem" in baris_a


def test_api_lists_stages_with_sources_and_validates_filters(bkn_user, api_login, ringkasan_tiga):
    client = api_login(bkn_user)
    data = client.get("/api/v1/nasional/tahap/?provinsi=62").json()
    assert {row["kode"] for row in data} == {"6201", "6202"}
    a = next(row for row in data if row["kode"] == "6201")
    assert a["tahap"] == 5 and a["skor_kti"] == 4
    assert a["indikator"]["perkada"] == "deklarasi" and a["indikator"]["komite"] == "sistem"
    assert a["tahap_terpenuhi"] == [True] * 5
    assert client.get("/api/v1/nasional/tahap/?tahap=9").status_code == 400
    assert client.get("/api/v1/nasional/tahap/?provinsi=x").status_code == 400


def test_instansi_users_get_no_national_list(admin_bkd_a, login):
    client = login(admin_bkd_a)
    assert client.get("/nasional/tahap/").status_code == 403
    assert client.get("/api/v1/nasional/tahap/").status_code == 403


def test_the_refresh_contract_stores_what_the_tracker_reads(instansi_a, admin_bkd_a, login):
    """tahap_baca's result is what RingkasanInstansi.tahap_* hold and the BKN list reads."""
    from apps.nasional.tahap import tahap_baca

    _deklarasi(login(admin_bkd_a))
    with instansi_scope(instansi_a):
        hasil = tahap_baca(instansi=instansi_a)
    with scopes_disabled():
        RingkasanInstansi.objects.create(
            instansi=instansi_a, periode=hasil.rincian["periode"], tahap_implementasi=hasil.tahap,
            skor_kti=hasil.skor_kti, tahap_rincian=hasil.rincian, diperbarui_pada=timezone.now(),
        )  # fmt: skip
    from apps.nasional.selectors_tahap import tahap_daftar

    baris = tahap_daftar().baris
    assert [b.kode for b in baris] == [instansi_a.kode]
    assert baris[0].sumber["perkada"] == "deklarasi" and baris[0].sumber["pengelola"] == "sistem"


def test_a_declaration_and_its_withdrawal_mark_the_summary_dirty(admin_bkd_a, instansi_a, login):
    from apps.nasional.models import RingkasanKotor

    client = login(admin_bkd_a)
    assert _deklarasi(client).status_code == 302
    with scopes_disabled():
        mark = RingkasanKotor.objects.get(instansi=instansi_a)
        assert mark.penyebab == "tahap.deklarasi"
        mark.delete()
        deklarasi = DeklarasiTahap.objects.get(instansi=instansi_a)
    response = client.post(
        f"/tahap-implementasi/deklarasi/{deklarasi.uuid}/cabut/", data={"alasan": "Perkada dicabut"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert RingkasanKotor.objects.get(instansi=instansi_a).penyebab == "tahap.deklarasi_cabut"
    # A refused declaration marks nothing.
    with scopes_disabled():
        RingkasanKotor.objects.all().delete()
    _deklarasi(client, nomor="   ")
    with scopes_disabled():
        assert not RingkasanKotor.objects.exists()
