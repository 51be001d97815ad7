"""The asesmen import: every row checked with asesmen_clean before anything is written, all or
nothing, upsert by NIP + tanggal + metode, idempotent re-imports, every rejection writing nothing,
stored optional values kept when a cell is empty, row history with the cause "asesmen.import"."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from apps.asesmen.imports import COLUMNS, asesmen_import
from apps.asesmen.models import Asesmen, PengaturanAsesmen
from apps.asesmen.resources import asesmen_export_csv, asesmen_export_xlsx, asesmen_template_xlsx
from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from tests.factories import PegawaiFactory

from .util import ASESMEN_HEADERS, asesmen_row, csv_bytes, xlsx_bytes, xlsx_read

pytestmark = pytest.mark.django_db


def run(instansi, data: bytes, *, dry_run: bool, actor=None, nama="asesmen.csv"):
    with instansi_scope(instansi):
        return asesmen_import(instansi=instansi, actor=actor, data=data, nama=nama, dry_run=dry_run)


def stored(instansi) -> list[Asesmen]:
    with scopes_disabled():
        return list(
            Asesmen.objects.filter(instansi=instansi)
            .select_related("pegawai")
            .order_by("pegawai__nip", "tanggal")
        )


def counts(result) -> tuple[int, int, int, int]:
    return (result.baru, result.diubah, result.tetap, result.baris_galat)


def assert_nothing_written(instansi, result):
    assert not result.committed
    assert stored(instansi) == []
    with scopes_disabled():
        assert not AuditEvent.objects.filter(
            instansi=instansi, action__in=["asesmen.import", "asesmen.write"]
        ).exists()


@pytest.fixture
def rows(pegawai_units_a):
    return [
        asesmen_row(pegawai_units_a[0].nip),
        asesmen_row(pegawai_units_a[1].nip, Metode="CACT", JPM="138,89", **{"Berlaku Sampai": "01-01-2027"}),
        asesmen_row(pegawai_units_a[2].nip, Metode="uji kompetensi", **{"Tanggal Asesmen": "2024-02-29", "Kemampuan Intelektual": "80", "Kemauan Belajar": "66.5"}),
    ]  # fmt: skip


def test_dry_run_then_commit(instansi_a, admin_bkd_a, rows, pegawai_units_a):
    data = csv_bytes(rows, ASESMEN_HEADERS)
    preview = run(instansi_a, data, dry_run=True)
    assert preview.errors == [] and counts(preview) == (3, 0, 0, 0)
    assert stored(instansi_a) == []

    result = run(instansi_a, data, dry_run=False, actor=admin_bkd_a)
    assert result.committed and counts(result) == (3, 0, 0, 0)
    first, second, third = stored(instansi_a)
    by_nip = {a.pegawai.nip: a for a in (first, second, third)}
    a0, a1, a2 = (by_nip[p.nip] for p in pegawai_units_a[:3])
    assert (a0.tanggal, a0.metode, a0.nilai_potensi, a0.jpm) == (
        dt.date(2025, 8, 17),
        "assessment_center",
        Decimal("77.50"),
        Decimal("92.31"),
    )
    assert a0.berlaku_sampai == dt.date(2028, 8, 17)  # tanggal + masa berlaku (3 years)
    assert a0.sumber == "impor" and a0.lembaga == "UPT Penilaian Kompetensi BKD Provinsi"
    assert (a1.metode, a1.jpm, a1.berlaku_sampai) == (
        "cact",
        Decimal("138.89"),
        dt.date(2027, 1, 1),
    )  # JPM > 100 kept
    assert (a2.metode, a2.tanggal, a2.berlaku_sampai) == (
        "uji_kompetensi",
        dt.date(2024, 2, 29),
        dt.date(2027, 2, 28),
    )
    assert (a2.aspek_intelektual, a2.aspek_belajar, a2.aspek_motivasi) == (
        Decimal("80.00"),
        Decimal("66.50"),
        None,
    )
    with scopes_disabled():
        summary = AuditEvent.objects.get(instansi=instansi_a, action="asesmen.import")
    assert summary.new_values["baru"] == 3 and summary.actor == admin_bkd_a


def test_the_masa_berlaku_setting_of_the_instansi_is_used(instansi_a, pegawai_units_a):
    PengaturanAsesmen.objects.create(instansi=instansi_a, masa_berlaku_tahun=2)
    run(instansi_a, csv_bytes([asesmen_row(pegawai_units_a[0].nip)], ASESMEN_HEADERS), dry_run=False)
    assert stored(instansi_a)[0].berlaku_sampai == dt.date(2027, 8, 17)


def test_the_same_file_twice_changes_nothing(instansi_a, rows):
    data = csv_bytes(rows, ASESMEN_HEADERS)
    run(instansi_a, data, dry_run=False)
    with scopes_disabled():
        before = list(
            Asesmen.objects.filter(instansi=instansi_a).order_by("pk").values_list("pk", "diubah_pada")
        )
        audit = AuditEvent.objects.filter(instansi=instansi_a).count()
    assert counts(run(instansi_a, data, dry_run=True)) == (0, 0, 3, 0)
    again = run(instansi_a, data, dry_run=False)
    assert again.committed and counts(again) == (0, 0, 3, 0)
    with scopes_disabled():
        assert (
            list(Asesmen.objects.filter(instansi=instansi_a).order_by("pk").values_list("pk", "diubah_pada"))
            == before
        )
        assert AuditEvent.objects.filter(instansi=instansi_a).count() == audit


def test_xlsx_with_date_and_number_cells(instansi_a, pegawai_units_a):
    row = asesmen_row(
        pegawai_units_a[0].nip,
        **{"Tanggal Asesmen": dt.date(2025, 3, 4), "Nilai Potensi": 81.25, "JPM": 101, "Berlaku Sampai": None, "Kecerdasan Emosional": 70},
    )  # fmt: skip
    result = run(instansi_a, xlsx_bytes([row], ASESMEN_HEADERS), dry_run=False)
    assert result.errors == [] and result.baru == 1
    (asesmen,) = stored(instansi_a)
    assert (asesmen.tanggal, asesmen.nilai_potensi, asesmen.jpm) == (
        dt.date(2025, 3, 4),
        Decimal("81.25"),
        Decimal("101.00"),
    )
    assert asesmen.aspek_kecerdasan_emosional == Decimal("70.00")


def test_empty_optional_cells_keep_the_stored_values(instansi_a, pegawai_units_a):
    full = asesmen_row(
        pegawai_units_a[0].nip,
        **{"Berlaku Sampai": "01-06-2027", "Kemampuan Intelektual": "88", "Motivasi dan Komitmen": "71"},
    )
    run(instansi_a, csv_bytes([full], ASESMEN_HEADERS), dry_run=False)
    # A shorter extract: no aspect columns at all, validity left empty, a new JPM.
    short_headers = ASESMEN_HEADERS[:8]
    short = asesmen_row(pegawai_units_a[0].nip, JPM="95")
    preview = run(instansi_a, csv_bytes([short], short_headers), dry_run=True)
    assert counts(preview) == (0, 1, 0, 0)
    # The preview names the pegawai (#13 point 8).
    assert preview.changes == [
        (2, pegawai_units_a[0].nip, pegawai_units_a[0].nama_lengkap, [("JPM", "92,31", "95,00")])
    ]
    run(instansi_a, csv_bytes([short], short_headers), dry_run=False)
    (asesmen,) = stored(instansi_a)
    assert asesmen.jpm == Decimal("95.00")
    assert (asesmen.berlaku_sampai, asesmen.aspek_intelektual, asesmen.aspek_motivasi) == (
        dt.date(2027, 6, 1), Decimal("88.00"), Decimal("71.00"),
    )  # fmt: skip


# --- rejections --------------------------------------------------------------------------------------


def test_the_same_nip_date_and_method_twice_is_an_error_on_both_rows(instansi_a, pegawai_units_a):
    nip = pegawai_units_a[0].nip
    data = csv_bytes(
        [asesmen_row(nip), asesmen_row(pegawai_units_a[1].nip), asesmen_row(nip, Metode="AC", **{"Tanggal Asesmen": "17/08/2025"})],
        ASESMEN_HEADERS,
    )  # fmt: skip
    result = run(instansi_a, data, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert [(row, column) for row, column, _m in result.errors] == [(2, "NIP"), (4, "NIP")]
    assert (
        f"NIP {nip} dengan tanggal asesmen 17-08-2025 dan metode Assessment Center juga ada di baris 4."
        in result.errors[0][2]
    )
    # The same pegawai on another date or with another method is not a duplicate.
    ok = csv_bytes(
        [
            asesmen_row(nip),
            asesmen_row(nip, Metode="CACT"),
            asesmen_row(nip, **{"Tanggal Asesmen": "18-08-2025"}),
        ],
        ASESMEN_HEADERS,
    )
    assert run(instansi_a, ok, dry_run=True).errors == []


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Tanggal Asesmen": "31-02-2025"}, "Tanggal Asesmen", "Tanggal asesmen '31-02-2025' bukan tanggal yang valid (format HH-BB-TTTT, mis. 17-08-2025)."),
        ({"Tanggal Asesmen": "2025-13-01"}, "Tanggal Asesmen", "Tanggal asesmen '2025-13-01' bukan tanggal yang valid (format HH-BB-TTTT, mis. 17-08-2025)."),
        ({"Tanggal Asesmen": "01-01-2099"}, "Tanggal Asesmen", "Tanggal asesmen 01-01-2099 belum terjadi."),
        ({"Nilai Potensi": "101"}, "Nilai Potensi", "Nilai potensi 101 di luar rentang 0–100."),
        ({"Nilai Potensi": "-3"}, "Nilai Potensi", "Nilai potensi -3 di luar rentang 0–100."),
        ({"Nilai Potensi": "tinggi"}, "Nilai Potensi", "Nilai potensi 'tinggi' bukan angka."),
        ({"JPM": "1000"}, "JPM", "JPM 1000 di luar rentang 0–999.99."),
        ({"Kemampuan Intelektual": "120"}, "Kemampuan Intelektual", "Kemampuan intelektual 120 di luar rentang 0–100."),
        ({"Metode": "Wawancara"}, "Metode", "Metode 'Wawancara' tidak dikenal; isi Assessment Center, CACT atau Uji Kompetensi."),
        ({"Berlaku Sampai": "01-01-2020"}, "Berlaku Sampai", "Tanggal berlaku sampai lebih awal dari tanggal asesmen."),
        ({"Lembaga": ""}, "Lembaga", "Lembaga wajib diisi."),
        ({"JPM": ""}, "JPM", "JPM wajib diisi."),
    ],
    ids=["31-februari", "bulan-13", "masa-depan", "potensi-101", "potensi-negatif", "potensi-teks", "jpm-1000",
         "aspek-120", "metode", "berlaku-sebelum", "lembaga-kosong", "jpm-kosong"],
)  # fmt: skip
def test_each_bad_value_is_refused_with_a_clear_message(
    instansi_a, pegawai_units_a, changes, column, message
):
    data = csv_bytes(
        [asesmen_row(pegawai_units_a[0].nip), asesmen_row(pegawai_units_a[1].nip, **changes)], ASESMEN_HEADERS
    )
    result = run(instansi_a, data, dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert result.errors == [(3, column, message)]
    assert result.baris_galat == 1


def test_unknown_nip_nip_as_number_and_formula_are_refused(instansi_a, instansi_b, pegawai_units_a):
    other = PegawaiFactory(instansi=instansi_b)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(ASESMEN_HEADERS)
    sheet.append([pegawai_units_a[0].nip, "A", "17-08-2025", "CACT", "BKN", 70, 80])
    sheet.append([int(pegawai_units_a[1].nip), "B", "17-08-2025", "CACT", "BKN", 70, 80])
    sheet.append([other.nip, "C", "17-08-2025", "CACT", "BKN", 70, 80])
    sheet.append([pegawai_units_a[2].nip, "D", "17-08-2025", "CACT", "BKN", "=60+10", 80])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(instansi_a, buffer.getvalue(), dry_run=False)
    assert_nothing_written(instansi_a, result)
    assert [(row, column) for row, column, _m in result.errors] == [
        (3, "NIP"),
        (4, "NIP"),
        (5, "Nilai Potensi"),
    ]
    assert "Sel A3: NIP tersimpan sebagai angka" in result.errors[0][2]
    assert result.errors[1][2].startswith(f"NIP {other.nip} tidak terdaftar sebagai pegawai instansi ini.")
    assert result.errors[2][2] == "Sel F5 berisi rumus; tempel sebagai nilai."


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.7\n", "isi berkas ini adalah PDF"),
        (b"", "Berkas kosong (0 byte)."),
        (b"MZ\x90\x00" + b"\x00" * 60, "program Windows"),
        (b"PK\x03\x04garbage", "rusak"),
        (b"NIP;Tanggal Asesmen;Metode;Lembaga;Nilai Potensi;JPM\r\n", "tanpa baris data"),
        (
            b"NIP;Metode\r\n1;CACT\r\n",
            "Kolom wajib tidak ditemukan: Tanggal Asesmen, Lembaga, Nilai Potensi, JPM",
        ),
    ],
    ids=["pdf", "empty", "exe", "broken-zip", "header-only", "missing-columns"],
)
def test_unusable_files_are_refused_as_a_whole(instansi_a, pegawai_units_a, data, fragment):
    result = run(instansi_a, data, dry_run=False)
    assert result.berkas_ditolak
    assert any(fragment in message for _r, _c, message in result.errors), result.errors
    assert_nothing_written(instansi_a, result)


# --- history, export, template, command --------------------------------------------------------------


def test_one_history_event_per_written_row_with_the_import_cause(
    instansi_a, admin_bkd_a, rows, pegawai_units_a
):
    from apps.asesmen.models import AsesmenEvent

    run(instansi_a, csv_bytes(rows, ASESMEN_HEADERS), dry_run=False, actor=admin_bkd_a)
    rows[0] = asesmen_row(pegawai_units_a[0].nip, **{"Nilai Potensi": "79"})
    run(instansi_a, csv_bytes(rows, ASESMEN_HEADERS), dry_run=False, actor=admin_bkd_a)
    with instansi_scope(instansi_a):
        events = list(AsesmenEvent.objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert"] * 3 + ["update"]
    assert {e.pgh_context["penyebab"] for e in events} == {"asesmen.import"}
    assert {e.pgh_context["user"] for e in events} == {admin_bkd_a.pk}
    assert events[-1].nilai_potensi == Decimal("79.00")


def test_export_imports_back_unchanged(instansi_a, rows):
    run(instansi_a, csv_bytes(rows, ASESMEN_HEADERS), dry_run=False)
    with instansi_scope(instansi_a):
        exported = [asesmen_export_csv(instansi=instansi_a), asesmen_export_xlsx(instansi=instansi_a)]
    assert exported[0].decode("utf-8-sig").splitlines()[0] == ",".join(ASESMEN_HEADERS)
    for data in exported:
        result = run(instansi_a, data, dry_run=True)
        assert result.errors == [] and counts(result) == (0, 0, 3, 0)


def test_template(instansi_a):
    with instansi_scope(instansi_a):
        sheets = xlsx_read(asesmen_template_xlsx(instansi=instansi_a))
    assert list(sheets) == ["Asesmen", "Referensi", "Petunjuk"]
    assert sheets["Asesmen"] == [ASESMEN_HEADERS]
    assert [row[0] for row in sheets["Referensi"][:4]] == [
        "Metode",
        "Assessment Center",
        "CACT",
        "Uji Kompetensi",
    ]
    assert [c.header for c in COLUMNS] == ASESMEN_HEADERS
    petunjuk = [row[:3] for row in sheets["Petunjuk"]]
    assert petunjuk[0] == ["Kolom", "Wajib", "Isi"]
    assert ["JPM", "Ya", "Persen job-person match, boleh lebih dari 100 (mis. 138,89)."] in petunjuk


def test_command(instansi_a, rows, tmp_path, pegawai_units_a):
    path = tmp_path / "asesmen.csv"
    path.write_bytes(csv_bytes(rows, ASESMEN_HEADERS))
    out = io.StringIO()
    call_command(
        "import_asesmen",
        str(path),
        "--instansi",
        instansi_a.kode,
        "--dry-run",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Asesmen baru:      3" in out.getvalue() and stored(instansi_a) == []
    call_command(
        "import_asesmen", str(path), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert len(stored(instansi_a)) == 3
    out = io.StringIO()
    call_command("import_asesmen", str(path), "--instansi", instansi_a.kode, stdout=out, stderr=io.StringIO())
    assert "Tidak berubah:     3" in out.getvalue() and "Tidak ada perubahan" in out.getvalue()

    bad = tmp_path / "salah.csv"
    bad.write_bytes(
        csv_bytes([asesmen_row(pegawai_units_a[3].nip, **{"Nilai Potensi": "150"})], ASESMEN_HEADERS)
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 baris bermasalah"):
        call_command(
            "import_asesmen", str(bad), "--instansi", instansi_a.kode, stdout=io.StringIO(), stderr=err
        )
    assert "Baris 2, kolom Nilai Potensi: Nilai potensi 150 di luar rentang 0–100." in err.getvalue()
    assert len(stored(instansi_a)) == 3
