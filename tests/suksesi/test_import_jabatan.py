"""The key-post import (suksesi: jabatan) on the one import pipeline: every row checked with the
same rules as the form and the API, all or nothing, keyed by (Kode Unit, Nama Jabatan) so a
re-import updates, the template with its reference sheets, the management command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.impor.pipeline import importer_get
from apps.suksesi.imports import COLUMNS, jabatan_kunci_import
from apps.suksesi.models import JabatanKunci, StatusSuksesi
from apps.suksesi.resources import jabatan_kunci_export_xlsx, jabatan_kunci_template_xlsx
from tests.factories import JabatanKunciFactory
from tests.impor.util import csv_bytes, xlsx_bytes, xlsx_read

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in COLUMNS]


def row(**changes) -> dict:
    data = {
        "Kode Unit": "A.01",
        "Nama Jabatan": "Kepala Dinas",
        "Tingkat": "JPT Pratama",
        "Jenjang Fungsional": "",
        "NIP Pemegang": "",
        "Alasan": "Pemegang mencapai BUP",
        "Standar Kompetensi": "Integritas:4; Kerja Sama:3",
        "Golongan Minimum": "IV/b",
        "Bidang Pendidikan": "Pendidikan",
        "Sertifikat": "",
    }
    data.update(changes)
    return data


def run(instansi, rows, *, dry_run=False, xlsx=False):
    data = xlsx_bytes(rows, HEADERS, title="Jabatan Kunci") if xlsx else csv_bytes(rows, HEADERS)
    with instansi_scope(instansi):
        return jabatan_kunci_import(instansi=instansi, actor=None, data=data, nama="jk.csv", dry_run=dry_run)


def stored(instansi) -> list[JabatanKunci]:
    with scopes_disabled():
        return list(
            JabatanKunci.objects.filter(instansi=instansi).select_related("unit_kerja").order_by("pk")
        )


def assert_nothing_written(instansi, result, before=()):
    assert not result.committed
    assert stored(instansi) == list(before)
    with scopes_disabled():
        assert not AuditEvent.objects.filter(instansi=instansi, action__startswith="jabatan_kunci.").exists()


def test_dry_run_commit_and_reimport(instansi_a, pejabat):
    rows = [
        row(**{"NIP Pemegang": pejabat.kepala.nip}),
        row(**{"Kode Unit": "a.01.01", "Nama Jabatan": "Kepala Bidang Pembinaan SD", "Tingkat": "administrator",
               "NIP Pemegang": pejabat.kabid.nip, "Golongan Minimum": ""}),
        row(**{"Kode Unit": "A.01.01", "Nama Jabatan": "Analis Kebijakan Ahli Madya", "Tingkat": "Fungsional",
               "Jenjang Fungsional": "Ahli Madya", "Golongan Minimum": "", "Standar Kompetensi": ""}),
    ]  # fmt: skip
    result = run(instansi_a, rows, dry_run=True)
    assert result.errors == [] and (result.baru, result.diubah, result.tetap) == (3, 0, 0)
    assert stored(instansi_a) == []
    result = run(instansi_a, rows, xlsx=True)
    assert result.errors == [] and result.committed and result.baru == 3
    kepala, kabid, madya = stored(instansi_a)
    assert (kepala.unit_kerja.kode, kepala.nama, kepala.pemegang_id) == (
        "A.01",
        "Kepala Dinas",
        pejabat.kepala.pk,
    )
    assert kepala.standar_kompetensi == [
        {"kompetensi": "Integritas", "level": 4},
        {"kompetensi": "Kerja Sama", "level": 3},
    ]
    assert kepala.syarat_tambahan == {"golongan_minimum": "IV/b", "bidang_pendidikan": ["Pendidikan"]}
    assert (kabid.unit_kerja_id, kabid.jenis_jabatan) == (pejabat.bidang.pk, "administrator")
    assert (madya.jenis_jabatan, madya.jenjang_fungsional, madya.pemegang_id) == (
        "fungsional",
        "ahli_madya",
        None,
    )
    with scopes_disabled():
        assert (
            StatusSuksesi.objects.filter(
                jabatan_kunci__in=[kepala, kabid, madya], dirty_since__isnull=False
            ).count()
            == 3
        )
        actions = list(
            AuditEvent.objects.filter(instansi=instansi_a, action__startswith="jabatan_kunci.").values_list(
                "action", flat=True
            )
        )
    assert sorted(actions) == ["jabatan_kunci.create"] * 3 + ["jabatan_kunci.import"]

    # The same file again changes nothing; a changed row updates the post keyed by unit + name.
    again = run(instansi_a, rows)
    assert (again.baru, again.diubah, again.tetap) == (0, 0, 3)
    rows[0]["NIP Pemegang"] = ""
    rows[0]["Standar Kompetensi"] = "Integritas:5"
    preview = run(instansi_a, rows, dry_run=True)
    assert (preview.baru, preview.diubah, preview.tetap) == (0, 1, 2)
    [(baris, _nip, nama, fields)] = preview.changes
    assert baris == 2 and nama == "Kepala Dinas"
    assert ("NIP Pemegang", f"{pejabat.kepala.nama} ({pejabat.kepala.nip})", "—") in fields
    assert ("Standar Kompetensi", "Integritas:4; Kerja Sama:3", "Integritas:5") in fields
    run(instansi_a, rows)
    kepala = stored(instansi_a)[0]
    assert kepala.pemegang_id is None and kepala.standar_kompetensi == [
        {"kompetensi": "Integritas", "level": 5}
    ]
    assert len(stored(instansi_a)) == 3


def test_a_row_reactivates_a_deactivated_post(instansi_a, pejabat):
    with scopes_disabled():
        JabatanKunciFactory(
            instansi=instansi_a,
            unit_kerja=pejabat.dinas,
            nama="Kepala Dinas",
            jenis_jabatan="jpt_pratama",
            aktif=False,
        )
    result = run(instansi_a, [row()])
    assert result.diubah == 1 and stored(instansi_a)[0].aktif is True


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        pytest.param({"Kode Unit": "Z.99"}, "Kode Unit", "Kode unit “Z.99” tidak ada di instansi ini", id="unknown-unit"),
        pytest.param({"Kode Unit": "B.01"}, "Kode Unit", "Kode unit “B.01” tidak ada di instansi ini", id="unit-of-another-instansi"),
        pytest.param({"Tingkat": "Eselon II"}, "Tingkat", "Tingkat “Eselon II” tidak dikenal", id="unknown-level"),
        pytest.param({"Tingkat": "Pelaksana"}, "Tingkat", "Tingkat “Pelaksana” tidak dikenal", id="not-a-key-level"),
        pytest.param({"Tingkat": "Fungsional"}, "Jenjang Fungsional", "Jenjang fungsional wajib diisi", id="fungsional-without-jenjang"),
        pytest.param({"Jenjang Fungsional": "Ahli Madya"}, "Jenjang Fungsional", "hanya untuk jabatan fungsional", id="jenjang-for-structural"),
        pytest.param({"Tingkat": "Fungsional", "Jenjang Fungsional": "Ahli Super"}, "Jenjang Fungsional", "tidak dikenal", id="unknown-jenjang"),
        pytest.param({"NIP Pemegang": "asing"}, "NIP Pemegang", "tidak terdaftar sebagai pegawai instansi ini", id="holder-of-another-instansi"),
        pytest.param({"NIP Pemegang": "198001012006041001"}, "NIP Pemegang", "tidak terdaftar sebagai pegawai instansi ini", id="unknown-nip"),
        pytest.param({"NIP Pemegang": "nonaktif"}, "NIP Pemegang", "tidak aktif", id="inactive-holder"),
        pytest.param({"NIP Pemegang": "sekretaris"}, "NIP Pemegang", "sudah memegang jabatan kunci Sekretaris", id="holder-of-another-post"),
        pytest.param({"Standar Kompetensi": "Integritas:6"}, "Standar Kompetensi", "harus bilangan bulat 1–5", id="level-6"),
        pytest.param({"Standar Kompetensi": "Integritas:0"}, "Standar Kompetensi", "harus bilangan bulat 1–5", id="level-0"),
        pytest.param({"Golongan Minimum": "V/z"}, "Golongan Minimum", "tidak dikenal", id="unknown-golongan"),
        pytest.param({"Alasan": ""}, "Alasan", "Alasan wajib diisi.", id="no-reason"),
    ],
)  # fmt: skip
def test_each_bad_row_is_refused_with_its_column_and_nothing_is_written(
    instansi_a, pejabat, unit_b, changes, column, fragment
):
    with scopes_disabled():
        existing = JabatanKunciFactory(
            instansi=instansi_a, unit_kerja=pejabat.dinas, nama="Sekretaris", pemegang=pejabat.sekretaris
        )
    changes = {
        k: getattr(pejabat, v).nip if k == "NIP Pemegang" and not v.isdigit() else v
        for k, v in changes.items()
    }
    good = row(**{"Nama Jabatan": "Kepala Bidang", "Kode Unit": "A.01.01", "Tingkat": "Administrator"})
    result = run(instansi_a, [good, row(**changes)])
    assert result.baris_galat == 1
    assert any(
        baris == 3 and kolom == column and fragment in pesan for baris, kolom, pesan in result.errors
    ), result.errors
    assert_nothing_written(instansi_a, result, [existing])


def test_the_same_post_twice_in_one_file_is_an_error_on_both_rows(instansi_a, pejabat):
    result = run(
        instansi_a,
        [
            row(),
            row(**{"Nama Jabatan": "Sekretaris"}),
            row(**{"Nama Jabatan": " kepala  dinas".title(), "Kode Unit": "a.01"}),
        ],
    )
    assert result.baris_galat == 2
    messages = {baris: pesan for baris, kolom, pesan in result.errors if kolom == "Nama Jabatan"}
    assert messages[2] == (
        "Jabatan Kepala Dinas di unit A.01 juga ada di baris 4. Satu jabatan kunci hanya boleh satu baris; hapus baris ganda."
    )
    assert "juga ada di baris 2" in messages[4]
    assert_nothing_written(instansi_a, result)


def test_one_holder_on_two_rows_is_refused(instansi_a, pejabat):
    result = run(
        instansi_a,
        [
            row(**{"NIP Pemegang": pejabat.kepala.nip}),
            row(**{"Nama Jabatan": "Sekretaris", "NIP Pemegang": pejabat.kepala.nip}),
        ],
    )
    [(baris, kolom, pesan)] = result.errors
    assert (baris, kolom) == (3, "NIP Pemegang") and "juga menjadi pemegang Kepala Dinas" in pesan
    assert_nothing_written(instansi_a, result)


def test_template_has_reference_sheets_of_units_and_levels(instansi_a, pejabat):
    with instansi_scope(instansi_a):
        sheets = xlsx_read(jabatan_kunci_template_xlsx(instansi=instansi_a))
    assert list(sheets) == ["Jabatan Kunci", "Referensi", "Petunjuk"]
    assert sheets["Jabatan Kunci"] == [HEADERS]
    referensi = sheets["Referensi"]
    assert referensi[0] == ["Tingkat", "Jenjang Fungsional", "Golongan Minimum", "Kode Unit", "Nama Unit"]
    assert [r[0] for r in referensi[1:5]] == ["JPT Pratama", "Administrator", "Pengawas", "Fungsional"]
    assert [r[3] for r in referensi[1:] if r[3]] == ["A.01", "A.01.01", "A.01.01.01", "A.02"]
    assert "B.01" not in {r[3] for r in referensi}
    assert importer_get("jabatan_kunci").permission == "suksesi.manage"


def test_export_imports_back_unchanged(instansi_a, pejabat):
    run(instansi_a, [row(**{"NIP Pemegang": pejabat.kepala.nip, "Sertifikat": "PKN II; PKA"})])
    with instansi_scope(instansi_a):
        data = jabatan_kunci_export_xlsx(instansi=instansi_a)
    with instansi_scope(instansi_a):
        result = jabatan_kunci_import(instansi=instansi_a, actor=None, data=data, nama="x.xlsx", dry_run=True)
    assert result.errors == [] and (result.baru, result.diubah, result.tetap) == (0, 0, 1)


def test_the_export_page_downloads_what_imports_back(login, admin_bkd_a, instansi_a, pejabat):
    run(instansi_a, [row(**{"NIP Pemegang": pejabat.kepala.nip})])
    response = login(admin_bkd_a).get("/suksesi/jabatan-kunci/ekspor.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheets = xlsx_read(response.content)
    assert sheets["Jabatan Kunci"][1][:6] == [
        "A.01",
        "Dinas Pendidikan",
        "Kepala Dinas",
        "JPT Pratama",
        None,
        pejabat.kepala.nip,
    ]


def test_the_import_page_and_command(login, admin_bkd_a, instansi_a, pejabat, tmp_path):
    page = login(admin_bkd_a).get("/impor/jabatan_kunci/")
    assert page.status_code == 200 and "Kelola jabatan kunci" in page.content.decode()
    assert login(admin_bkd_a).get("/impor/jabatan_kunci/template.xlsx").status_code == 200
    path = tmp_path / "jk.csv"
    path.write_bytes(csv_bytes([row()], HEADERS))
    out = io.StringIO()
    call_command(
        "import_jabatan_kunci", str(path), "--instansi", instansi_a.kode, stdout=out, stderr=io.StringIO()
    )
    assert "Jabatan baru:      1" in out.getvalue() and len(stored(instansi_a)) == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(**{"Kode Unit": "Z.99"})], HEADERS))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_jabatan_kunci", str(bad), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=err
        )
    assert "Baris 2, kolom Kode Unit: Kode unit “Z.99” tidak ada" in err.getvalue()


def test_upload_preview_then_save_through_the_import_pages(
    login, admin_bkd_a, instansi_a, pejabat, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.impor.models import ImportJob

    client = login(admin_bkd_a)
    data = csv_bytes(
        [row(**{"NIP Pemegang": pejabat.kepala.nip}), row(**{"Nama Jabatan": "Sekretaris"})], HEADERS
    )
    response = client.post("/impor/jabatan_kunci/", {"berkas": SimpleUploadedFile("jk.csv", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        job = ImportJob.objects.get(uuid=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    page = client.get(f"/impor/job/{job.uuid}/")
    assert page.context["result"].baru == 2 and stored(instansi_a) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/impor/job/{job.uuid}/simpan/").status_code == 302
    assert [j.nama for j in stored(instansi_a)] == ["Kepala Dinas", "Sekretaris"]
    with scopes_disabled():
        summary = AuditEvent.objects.get(instansi=instansi_a, action="jabatan_kunci.import")
    assert summary.actor == admin_bkd_a and summary.new_values["baru"] == 2
