"""The SKP import: every row checked with skp_clean before anything is written, all or nothing,
upsert by NIP + tahun + periode, idempotent re-imports, every rejection writing nothing, the kurva
distribusi as warnings, row history with the cause "skp.import", the command and the template."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.kinerja.imports import COLUMNS, skp_import
from apps.kinerja.models import SKP, PredikatOrganisasi
from apps.kinerja.resources import skp_export_csv, skp_export_xlsx, skp_template_xlsx
from tests.factories import PegawaiFactory, UnitKerjaFactory

from .util import SKP_HEADERS, csv_bytes, skp_row, xlsx_bytes, xlsx_read

pytestmark = pytest.mark.django_db


def run(instansi, data: bytes, *, dry_run: bool, actor=None, nama="skp.csv"):
    with instansi_scope(instansi):
        return skp_import(instansi=instansi, actor=actor, data=data, nama=nama, dry_run=dry_run)


def stored(instansi) -> list[tuple]:
    with scopes_disabled():
        return sorted(
            SKP.objects.filter(instansi=instansi).values_list(
                "pegawai__nip",
                "tahun",
                "periode",
                "rating_hasil_kerja",
                "rating_perilaku_kerja",
                "predikat",
                "sumber",
            )
        )


def counts(result) -> tuple[int, int, int, int]:
    return (result.baru, result.diubah, result.tetap, result.baris_galat)


def messages_of(result) -> list[str]:
    return [f"{row}|{column}|{message}" for row, column, message in result.errors]


@pytest.fixture
def rows(pegawai_units_a):
    return [
        skp_row(pegawai_units_a[0].nip),
        skp_row(pegawai_units_a[1].nip, **{"Rating Hasil Kerja": "Di Atas Ekspektasi", "Rating Perilaku Kerja": "Di Atas Ekspektasi", "Predikat": "Sangat Baik"}),
        skp_row(pegawai_units_a[2].nip, Periode="Triwulan I", Predikat=""),
        skp_row(pegawai_units_a[3].nip, **{"Rating Hasil Kerja": "Di Bawah Ekspektasi", "Predikat": None}),
    ]  # fmt: skip


# --- the happy path ----------------------------------------------------------------------------------


def test_dry_run_counts_and_writes_nothing(instansi_a, rows):
    result = run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=True)
    assert result.errors == []
    assert counts(result) == (4, 0, 0, 0)
    assert result.format == "csv" and result.baris == 4
    assert stored(instansi_a) == []


def test_commit_writes_every_row_with_the_derived_predikat(instansi_a, admin_bkd_a, rows, pegawai_units_a):
    result = run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False, actor=admin_bkd_a)
    assert result.errors == [] and result.committed
    assert counts(result) == (4, 0, 0, 0)
    assert stored(instansi_a) == sorted(
        [
            (pegawai_units_a[0].nip, 2025, "tahunan", "sesuai", "sesuai", "Baik", "impor"),
            (pegawai_units_a[1].nip, 2025, "tahunan", "di_atas", "di_atas", "Sangat Baik", "impor"),
            (pegawai_units_a[2].nip, 2025, "tw1", "sesuai", "sesuai", "Baik", "impor"),
            (pegawai_units_a[3].nip, 2025, "tahunan", "di_bawah", "sesuai", "Butuh Perbaikan", "impor"),
        ]
    )
    with scopes_disabled():
        summary = AuditEvent.objects.get(instansi=instansi_a, action="skp.import")
    assert summary.actor == admin_bkd_a
    assert summary.new_values == {
        "berkas": "skp.csv",
        "format": "csv",
        "baris": 4,
        "baru": 4,
        "diubah": 0,
        "tetap": 0,
    }


def test_the_same_file_twice_changes_nothing(instansi_a, admin_bkd_a, rows):
    data = csv_bytes(rows, SKP_HEADERS)
    run(instansi_a, data, dry_run=False, actor=admin_bkd_a)
    with scopes_disabled():
        before = list(SKP.objects.filter(instansi=instansi_a).order_by("pk").values_list("pk", "diubah_pada"))
        audit_before = AuditEvent.objects.filter(instansi=instansi_a).count()
    preview = run(instansi_a, data, dry_run=True)
    again = run(instansi_a, data, dry_run=False, actor=admin_bkd_a)
    assert counts(preview) == (0, 0, 4, 0)
    assert counts(again) == (0, 0, 4, 0) and again.committed
    with scopes_disabled():
        assert (
            list(SKP.objects.filter(instansi=instansi_a).order_by("pk").values_list("pk", "diubah_pada"))
            == before
        )
        assert AuditEvent.objects.filter(instansi=instansi_a).count() == audit_before


def test_a_changed_row_is_updated_and_shown_in_the_preview(instansi_a, rows, pegawai_units_a):
    run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False)
    rows[0] = skp_row(pegawai_units_a[0].nip, **{"Rating Hasil Kerja": "Di Atas Ekspektasi", "Predikat": ""})
    data = csv_bytes(rows, SKP_HEADERS)
    preview = run(instansi_a, data, dry_run=True)
    assert counts(preview) == (0, 1, 3, 0)
    assert preview.changes == [
        (  # the preview names the pegawai (#13 point 8)
            2,
            pegawai_units_a[0].nip,
            pegawai_units_a[0].nama_lengkap,
            [("Rating Hasil Kerja", "Sesuai Ekspektasi", "Di Atas Ekspektasi")],
        )
    ]
    result = run(instansi_a, data, dry_run=False)
    assert counts(result) == (0, 1, 3, 0)
    assert (pegawai_units_a[0].nip, 2025, "tahunan", "di_atas", "sesuai", "Baik", "impor") in stored(
        instansi_a
    )


def test_xlsx_with_number_cells_for_the_year_and_messy_headers(instansi_a, pegawai_units_a):
    headers = [
        "  nip ",
        "NAMA",
        "tahun",
        "periode_skp",
        "RATING HASIL KERJA",
        "Rating  Perilaku-Kerja",
        "Predikat (opsional)",
    ]
    data_rows = [
        {headers[0]: pegawai_units_a[0].nip, headers[1]: "Budi", headers[2]: 2024, headers[3]: "TAHUNAN",
         headers[4]: "sesuai", headers[5]: "di atas ekspektasi", headers[6]: "baik"},
    ]  # fmt: skip
    result = run(instansi_a, xlsx_bytes(data_rows, headers), dry_run=False)
    assert result.errors == [] and counts(result) == (1, 0, 0, 0)
    assert stored(instansi_a) == [
        (pegawai_units_a[0].nip, 2024, "tahunan", "sesuai", "di_atas", "Baik", "impor")
    ]


def test_nip_written_with_spaces_is_the_same_pegawai(instansi_a, pegawai_units_a):
    nip = pegawai_units_a[0].nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    result = run(instansi_a, csv_bytes([skp_row(spaced)], SKP_HEADERS), dry_run=False)
    assert result.errors == []
    assert stored(instansi_a)[0][0] == nip


# --- rejections: each one writes nothing -------------------------------------------------------------


def assert_nothing_written(instansi, result):
    assert not result.committed
    assert stored(instansi) == []
    with scopes_disabled():
        assert not AuditEvent.objects.filter(
            instansi=instansi, action__in=["skp.import", "skp.write"]
        ).exists()


def test_the_same_nip_year_and_period_twice_is_an_error_on_both_rows(instansi_a, rows, pegawai_units_a):
    nip = pegawai_units_a[0].nip
    rows.append(
        skp_row(
            f"{nip[:8]} {nip[8:]}",
            Periode="tahunan",
            **{"Rating Hasil Kerja": "Di Atas Ekspektasi", "Predikat": ""},
        )
    )
    result = run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.baris_galat == 2
    assert [(row, column) for row, column, _m in result.errors] == [(2, "NIP"), (6, "NIP")]
    assert f"NIP {nip} dengan tahun 2025 dan periode Tahunan juga ada di baris 6" in result.errors[0][2]
    assert "juga ada di baris 2" in result.errors[1][2]


def test_a_duplicate_is_reported_even_when_the_row_has_other_errors(instansi_a, pegawai_units_a):
    nip = pegawai_units_a[0].nip
    data = csv_bytes([skp_row(nip), skp_row(nip, **{"Rating Hasil Kerja": "Bagus"})], SKP_HEADERS)
    result = run(instansi_a, data, dry_run=True)
    assert result.baris_galat == 2
    assert any("Rating 'Bagus' tidak dikenal" in m for m in messages_of(result))
    assert sum("juga ada di baris" in m for m in messages_of(result)) == 2


def test_unknown_nips_and_another_instansis_pegawai_are_refused(instansi_a, instansi_b, pegawai_units_a):
    other = PegawaiFactory(instansi=instansi_b)
    data = csv_bytes(
        [skp_row(pegawai_units_a[0].nip), skp_row("199001012015011001"), skp_row(other.nip)], SKP_HEADERS
    )
    result = run(instansi_a, data, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors == [
        (3, "NIP", "NIP 199001012015011001 tidak terdaftar sebagai pegawai instansi ini. Periksa NIP-nya, atau impor data pegawainya lebih dulu."),
        (4, "NIP", f"NIP {other.nip} tidak terdaftar sebagai pegawai instansi ini. Periksa NIP-nya, atau impor data pegawainya lebih dulu."),
    ]  # fmt: skip
    with scopes_disabled():
        assert not SKP.objects.filter(instansi=instansi_b).exists()


def test_a_nip_stored_as_a_number_is_refused_in_xlsx_and_csv(instansi_a, pegawai_units_a):
    nip = pegawai_units_a[0].nip
    xlsx = xlsx_bytes([skp_row(pegawai_units_a[1].nip), skp_row(int(nip), Tahun=2025)], SKP_HEADERS)
    result = run(instansi_a, xlsx, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors[0][:2] == (3, "NIP")
    assert "Sel A3: NIP tersimpan sebagai angka" in result.errors[0][2]
    assert len(result.errors) == 1  # not also "tidak terdaftar"

    csv = csv_bytes([skp_row("1.98609262015051E+17")], SKP_HEADERS)
    result = run(instansi_a, csv, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors == [
        (2, "NIP", "NIP '1.98609262015051E+17' tersimpan sebagai angka (notasi ilmiah), sehingga digitnya hilang. Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya.")
    ]  # fmt: skip


def test_formula_cells_are_refused(instansi_a, pegawai_units_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(SKP_HEADERS)
    sheet.append(
        [
            pegawai_units_a[0].nip,
            "A",
            2025,
            "Tahunan",
            "Sesuai Ekspektasi",
            "Sesuai Ekspektasi",
            '=IF(1,"Baik")',
        ]
    )
    sheet.append(
        [pegawai_units_a[1].nip, "B", "=2024+1", "Tahunan", "Sesuai Ekspektasi", "Sesuai Ekspektasi", ""]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(instansi_a, buffer.getvalue(), dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors == [
        (2, "Predikat", "Sel G2 berisi rumus; tempel sebagai nilai."),
        (3, "Tahun", "Sel C3 berisi rumus; tempel sebagai nilai."),
    ]
    csv = csv_bytes([skp_row(pegawai_units_a[0].nip, Periode='=HYPERLINK("http://x")')], SKP_HEADERS)
    result = run(instansi_a, csv, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors == [(2, "Periode", "Sel D2 berisi rumus; tempel sebagai nilai.")]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "isi berkas ini adalah PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "gambar PNG"),
        (b"", "Berkas kosong (0 byte)."),
        (b"NIP;Tahun;Periode;Rating Hasil Kerja;Rating Perilaku Kerja\r\n", "tanpa baris data"),
        (b"Nomor;Keterangan\r\n1;x\r\n", "Kolom wajib tidak ditemukan: NIP, Tahun, Periode"),
        ("NIP,Tahun\n".encode("utf-16"), "UTF-16"),
    ],
    ids=["pdf", "png", "empty", "header-only", "wrong-columns", "utf16"],
)
def test_unusable_files_are_refused_as_a_whole(instansi_a, pegawai_units_a, data, fragment):
    for dry_run in (True, False):
        result = run(instansi_a, data, dry_run=dry_run)
        assert result.berkas_ditolak
        assert result.errors and all(row == 0 for row, _c, _m in result.errors)
        assert any(fragment in message for _r, _c, message in result.errors), result.errors
        assert_nothing_written(instansi_a, result)


def test_bad_values_each_have_a_clear_message_and_every_row_is_reported(instansi_a, pegawai_units_a):
    next_year = timezone.localdate().year + 1
    data = csv_bytes(
        [
            skp_row(pegawai_units_a[0].nip, Tahun="1999"),
            skp_row(pegawai_units_a[1].nip, Tahun=str(next_year), Periode="Semester 1"),
            skp_row(
                pegawai_units_a[2].nip, **{"Rating Perilaku Kerja": "Di Bawah Ekspektasi", "Predikat": "Baik"}
            ),
            skp_row(pegawai_units_a[3].nip, Periode="", **{"Rating Hasil Kerja": ""}),
            skp_row(pegawai_units_a[0].nip, Tahun="20x5", Predikat="Kurang"),
            skp_row("", Periode="Triwulan II"),
        ],
        SKP_HEADERS,
    )
    result = run(instansi_a, data, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.baris_galat == 6
    got = messages_of(result)
    assert "2|Tahun|Tahun 1999 di luar rentang 2000–" in got[0]
    assert f"3|Tahun|Tahun {next_year} di luar rentang" in got[1]
    assert got[2] == "3|Periode|Periode 'Semester 1' tidak dikenal; isi Tahunan atau Triwulan I–IV."
    assert got[3].startswith("4|Predikat|Predikat 'Baik' tidak sesuai matriks PermenPANRB 6/2022")
    assert "menghasilkan 'Kurang/Misconduct'" in got[3]
    assert got[4:6] == [
        "5|Periode|Periode wajib diisi.",
        "5|Rating Hasil Kerja|Rating Hasil Kerja wajib diisi.",
    ]
    assert got[6] == "6|Tahun|Tahun '20x5' bukan tahun (contoh: 2025)."
    assert got[7] == (
        "6|Predikat|Predikat 'Kurang' bukan label resmi (Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang)."
    )
    assert got[8] == "7|NIP|NIP wajib diisi."
    assert len(got) == 9


# --- row history -------------------------------------------------------------------------------------


def test_one_history_event_per_written_row_with_the_import_cause(
    instansi_a, admin_bkd_a, rows, pegawai_units_a
):
    from apps.kinerja.models import SKPEvent

    run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False, actor=admin_bkd_a)
    rows[1] = skp_row(pegawai_units_a[1].nip)  # one change, three unchanged
    run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False, actor=admin_bkd_a)
    with instansi_scope(instansi_a):
        events = list(SKPEvent.objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert"] * 4 + ["update"]
    assert {e.pgh_context["penyebab"] for e in events} == {"skp.import"}
    assert {e.pgh_context["user"] for e in events} == {admin_bkd_a.pk}
    assert events[-1].pegawai_id == pegawai_units_a[1].pk and events[-1].predikat == "Baik"


# --- kurva distribusi --------------------------------------------------------------------------------


def test_kurva_distribusi_breaches_are_warnings_per_unit_not_errors(instansi_a, pegawai_units_a, unit_tree_a):
    dinas, bidang, _seksi = unit_tree_a
    other_unit = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Kesehatan")
    outsider = PegawaiFactory(instansi=instansi_a, unit_kerja=other_unit)
    PredikatOrganisasi.objects.create(instansi=instansi_a, unit_kerja=dinas, tahun=2025, predikat="baik")
    sangat_baik = {
        "Rating Hasil Kerja": "Di Atas Ekspektasi",
        "Rating Perilaku Kerja": "Di Atas Ekspektasi",
        "Predikat": "",
    }
    data = csv_bytes(
        [skp_row(p.nip, **sangat_baik) for p in pegawai_units_a] + [skp_row(outsider.nip)], SKP_HEADERS
    )  # fmt: skip
    preview = run(instansi_a, data, dry_run=True)
    assert preview.errors == []
    assert preview.warnings == [
        "Kurva distribusi Dinas Pendidikan (A.01), tahun 2025: Predikat organisasi Baik: harus ada pegawai dengan predikat 'Butuh Perbaikan / Kurang/Misconduct', tercatat tidak ada."
    ]
    result = run(instansi_a, data, dry_run=False)
    assert result.committed and result.baru == 5
    assert result.warnings == preview.warnings

    # The check reads the distribution the import leaves behind (stored rows count too), for every
    # unit on the pegawai's path that has its own organisational predikat.
    PredikatOrganisasi.objects.create(instansi=instansi_a, unit_kerja=bidang, tahun=2025, predikat="istimewa")
    one_row = csv_bytes([skp_row(pegawai_units_a[3].nip, **sangat_baik)], SKP_HEADERS)  # in the Seksi
    result = run(instansi_a, one_row, dry_run=True)
    assert result.warnings == [
        preview.warnings[0],
        "Kurva distribusi Bidang Pembinaan SD (A.01.01), tahun 2025: Predikat organisasi Istimewa: 'Sangat Baik' paling banyak 70%, tercatat 100,0% (2 dari 2).",
    ]
    fixed = csv_bytes(
        [skp_row(pegawai_units_a[3].nip, **{"Rating Hasil Kerja": "Di Bawah Ekspektasi", "Predikat": ""})],
        SKP_HEADERS,
    )
    assert run(instansi_a, fixed, dry_run=True).warnings == []


def test_no_warning_without_an_organisational_predikat_or_for_quarterly_rows(
    instansi_a, pegawai_units_a, unit_tree_a
):
    sangat_baik = {
        "Rating Hasil Kerja": "Di Atas Ekspektasi",
        "Rating Perilaku Kerja": "Di Atas Ekspektasi",
        "Predikat": "",
    }
    data = csv_bytes([skp_row(p.nip, **sangat_baik) for p in pegawai_units_a], SKP_HEADERS)
    assert run(instansi_a, data, dry_run=True).warnings == []
    PredikatOrganisasi.objects.create(
        instansi=instansi_a, unit_kerja=unit_tree_a[0], tahun=2025, predikat="baik"
    )
    quarterly = csv_bytes(
        [skp_row(p.nip, Periode="Triwulan II", **sangat_baik) for p in pegawai_units_a], SKP_HEADERS
    )
    assert run(instansi_a, quarterly, dry_run=True).warnings == []


# --- export, template, command -----------------------------------------------------------------------


def test_export_imports_back_unchanged(instansi_a, rows):
    run(instansi_a, csv_bytes(rows, SKP_HEADERS), dry_run=False)
    with instansi_scope(instansi_a):
        exported_csv = skp_export_csv(instansi=instansi_a)
        exported_xlsx = skp_export_xlsx(instansi=instansi_a)
    assert exported_csv.decode("utf-8-sig").splitlines()[0] == ",".join(SKP_HEADERS)
    for data in (exported_csv, exported_xlsx):
        result = run(instansi_a, data, dry_run=True)
        assert result.errors == [] and counts(result) == (0, 0, 4, 0)


def test_template_has_the_headers_reference_values_and_drop_downs(instansi_a):
    with instansi_scope(instansi_a):
        data = skp_template_xlsx(instansi=instansi_a)
    sheets = xlsx_read(data)
    assert list(sheets) == ["SKP", "Referensi", "Petunjuk"]
    assert sheets["SKP"] == [SKP_HEADERS]
    assert [row[:3] for row in sheets["Referensi"][:6]] == [
        ["Periode", "Rating", "Predikat"],
        ["Tahunan", "Di Atas Ekspektasi", "Sangat Baik"],
        ["Triwulan I", "Sesuai Ekspektasi", "Baik"],
        ["Triwulan II", "Di Bawah Ekspektasi", "Butuh Perbaikan"],
        ["Triwulan III", None, "Kurang/Misconduct"],
        ["Triwulan IV", None, "Sangat Kurang"],
    ]
    assert ["Sesuai Ekspektasi", "Di Bawah Ekspektasi", "Kurang/Misconduct"] in sheets["Referensi"]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sources = {str(dv.sqref)[:1]: dv.formula1 for dv in workbook["SKP"].data_validations.dataValidation}
    assert sources == {
        "D": "Referensi!$A$2:$A$6",
        "E": "Referensi!$B$2:$B$4",
        "F": "Referensi!$B$2:$B$4",
        "G": "Referensi!$C$2:$C$6",
    }
    # The template imports back as a valid (empty) format: its headers are the importer's.
    assert [c.header for c in COLUMNS] == SKP_HEADERS


def test_command_dry_run_commit_and_errors(instansi_a, rows, tmp_path, pegawai_units_a):
    path = tmp_path / "skp.csv"
    path.write_bytes(csv_bytes(rows, SKP_HEADERS))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_skp", str(path), "--instansi", instansi_a.kode, "--dry-run", stdout=out, stderr=err)
    assert "SKP baru:          4" in out.getvalue()
    assert "Uji coba (--dry-run)" in out.getvalue()
    assert stored(instansi_a) == []

    out = io.StringIO()
    call_command("import_skp", str(path), "--instansi", instansi_a.kode, stdout=out, stderr=io.StringIO())
    assert "Tersimpan dalam" in out.getvalue()
    assert len(stored(instansi_a)) == 4

    bad = tmp_path / "salah.csv"
    bad.write_bytes(
        csv_bytes([skp_row(pegawai_units_a[0].nip, Tahun="1999"), skp_row("199001012015011001")], SKP_HEADERS)
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 baris bermasalah; tidak ada data yang disimpan\."):
        call_command("import_skp", str(bad), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=err)
    assert "Baris 2, kolom Tahun: Tahun 1999 di luar rentang" in err.getvalue()
    assert "Baris 3, kolom NIP: NIP 199001012015011001 tidak terdaftar" in err.getvalue()

    pdf = tmp_path / "skp.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(CommandError, match="Berkas ditolak: Jenis berkas tidak didukung"):
        call_command(
            "import_skp", str(pdf), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=io.StringIO()
        )
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command(
            "import_skp", str(path), "--instansi", "9999", stdout=io.StringIO(), stderr=io.StringIO()
        )


def test_command_prints_kurva_warnings(instansi_a, pegawai_units_a, unit_tree_a, tmp_path):
    PredikatOrganisasi.objects.create(
        instansi=instansi_a, unit_kerja=unit_tree_a[0], tahun=2025, predikat="baik"
    )
    path = tmp_path / "skp.csv"
    path.write_bytes(csv_bytes([skp_row(p.nip) for p in pegawai_units_a], SKP_HEADERS))
    err = io.StringIO()
    call_command("import_skp", str(path), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=err)
    assert "Peringatan: Kurva distribusi Dinas Pendidikan (A.01), tahun 2025:" in err.getvalue()
    assert len(stored(instansi_a)) == 4


# --- internals that the guarantees rest on -----------------------------------------------------------


def test_remembered_skp_clean_gives_exactly_what_skp_clean_gives(instansi_a, pegawai_units_a):
    from django.core.exceptions import ValidationError

    from apps.kinerja.imports import SkpImporter
    from apps.kinerja.services import skp_clean

    importer = SkpImporter(instansi=instansi_a, actor=None)
    with instansi_scope(instansi_a):
        importer.prepare()
    inputs = [
        (2025, "Tahunan", "sesuai", "sesuai", None),
        (2025.0, "Tahunan", "sesuai", "sesuai", None),  # equal to 2025, but not the same input
        ("2025", "tahunan", "Sesuai Ekspektasi", "Di Atas Ekspektasi", "Baik"),
        (2025.5, "Tahunan", "sesuai", "sesuai", None),
        (True, "Tahunan", "sesuai", "sesuai", None),
        ("2025", "TW1", "di bawah", "di bawah", "Baik"),
    ]
    for args in inputs * 2:  # the second round comes from the cache
        got = importer._clean(*args)
        try:
            expected = skp_clean(
                tahun=args[0], periode=args[1], rating_hasil_kerja=args[2], rating_perilaku_kerja=args[3],
                predikat=args[4], today=importer.today,
            )  # fmt: skip
        except ValidationError as error:
            assert isinstance(got, ValidationError), args
            assert got.message_dict == error.message_dict
        else:
            assert got == expected, args


def test_verify_notices_a_nip_that_moved_to_another_pegawai(instansi_a, pegawai_units_a):
    from apps.kinerja.imports import SkpImporter

    importer = SkpImporter(instansi=instansi_a, actor=None)
    with instansi_scope(instansi_a):
        importer.prepare()
        values = {"nip": pegawai_units_a[0].nip, "tahun": "2025", "periode": "Tahunan",
                  "rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "sesuai"}  # fmt: skip
        key, item, errors = importer.clean_row(values, set())
        assert key == (pegawai_units_a[0].nip, 2025, "tahunan")
        assert errors is None and item.pegawai_id == pegawai_units_a[0].pk
        assert importer.verify() is None
        type(pegawai_units_a[0]).objects.filter(pk=pegawai_units_a[0].pk).update(nip="199912312020121001")
        message = importer.verify()
    assert message == (
        f"Data pegawai berubah ketika impor berjalan (NIP {pegawai_units_a[0].nip}); tidak ada yang disimpan. Ulangi impor."
    )
