"""Files as clerks make them, in every import (pegawai, asesmen, SKP), CSV and XLSX: a NIP typed with
a leading apostrophe, dates that lost their format and became Excel day counts, and an invalid NIP
told why it is invalid (only a valid NIP that is not found is "tidak terdaftar")."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from apps.asesmen.imports import asesmen_import
from apps.asesmen.models import Asesmen
from apps.core.tenancy import instansi_scope
from apps.kinerja.imports import skp_import
from apps.kinerja.models import SKP
from apps.pegawai.imports import pegawai_import
from apps.pegawai.models import Pegawai
from tests.pegawai.test_import import HEADERS as PEGAWAI_HEADERS
from tests.pegawai.test_import import NIP_BUDI, budi, budi_stored

from .util import ASESMEN_HEADERS, SKP_HEADERS, asesmen_row, csv_bytes, skp_row, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORTS = {
    "pegawai": (pegawai_import, PEGAWAI_HEADERS),
    "asesmen": (asesmen_import, ASESMEN_HEADERS),
    "skp": (skp_import, SKP_HEADERS),
}
FORMATS = {
    "csv": lambda rows, headers: csv_bytes(rows, headers),
    "xlsx": lambda rows, headers: xlsx_bytes(rows, headers),
}


def run(kind: str, instansi, rows: list[dict], fmt: str, *, dry_run: bool = True):
    importer, headers = IMPORTS[kind]
    data = FORMATS[fmt](rows, headers)
    with instansi_scope(instansi):
        return importer(instansi=instansi, actor=None, data=data, nama=f"{kind}.{fmt}", dry_run=dry_run)


def row_of(kind: str, nip: str, **changes) -> dict[str, object]:
    if kind == "pegawai":
        return budi(NIP=nip, **changes)
    if kind == "asesmen":
        return asesmen_row(nip, **changes)
    return skp_row(nip, **changes)


@pytest.fixture
def budi_a(instansi_a, unit_tree_a):
    return budi_stored(instansi_a)


# --- a NIP typed with a leading apostrophe -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["asesmen", "skp"])
def test_apostrophe_nip_is_that_nip_in_penilaian_imports(instansi_a, budi_a, kind, fmt):
    result = run(kind, instansi_a, [row_of(kind, "'" + NIP_BUDI)], fmt, dry_run=False)
    assert result.errors == [] and result.committed
    model = Asesmen if kind == "asesmen" else SKP
    with scopes_disabled():
        assert model.objects.filter(instansi=instansi_a, pegawai=budi_a).count() == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_apostrophe_nip_is_that_nip_in_the_pegawai_import(instansi_a, unit_tree_a, fmt):
    result = run("pegawai", instansi_a, [budi(NIP="'" + NIP_BUDI)], fmt, dry_run=False)
    assert result.errors == [] and result.baru == 1
    with scopes_disabled():
        assert list(Pegawai.objects.filter(instansi=instansi_a).values_list("nip", flat=True)) == [NIP_BUDI]
    # and the next file with the apostrophe finds the same pegawai
    again = run("pegawai", instansi_a, [budi(NIP="'" + NIP_BUDI)], fmt)
    assert (again.baru, again.tetap) == (0, 1)


# --- dates that became Excel day counts ----------------------------------------------------------

SERIAL_2024_01_01 = 45292


@pytest.mark.parametrize(
    "serial", [SERIAL_2024_01_01, float(SERIAL_2024_01_01)], ids=["integer-cell", "float-cell"]
)
def test_xlsx_numeric_date_cell_is_read_as_its_date_and_shown(instansi_a, budi_a, serial):
    result = run("asesmen", instansi_a, [row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": serial})], "xlsx")
    assert result.errors == [] and result.baru == 1
    [warning] = result.warnings
    assert "Kolom Tanggal Asesmen: 1 sel berisi angka tanggal Excel" in warning
    assert "baris 2: 45292" in warning and "→ 01-01-2024" in warning
    result = run(
        "asesmen",
        instansi_a,
        [row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": serial})],
        "xlsx",
        dry_run=False,
    )
    with scopes_disabled():
        stored = Asesmen.objects.get(instansi=instansi_a, pegawai=budi_a)
    assert stored.tanggal == dt.date(2024, 1, 1)
    assert stored.berlaku_sampai == dt.date(2027, 1, 1)  # computed from the date it was read as


@pytest.mark.parametrize("text", ["45292", "45292.0", "45292,0"])
def test_csv_plain_day_count_in_a_date_column_is_read_as_its_date(instansi_a, budi_a, text):
    rows = [row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": text, "Berlaku Sampai": "46388"})]
    result = run("asesmen", instansi_a, rows, "csv", dry_run=False)
    assert result.errors == [] and result.committed
    assert [w.split(":")[0] for w in result.warnings] == ["Kolom Tanggal Asesmen", "Kolom Berlaku Sampai"]
    assert "→ 01-01-2027" in result.warnings[1]
    with scopes_disabled():
        stored = Asesmen.objects.get(instansi=instansi_a, pegawai=budi_a)
    assert (stored.tanggal, stored.berlaku_sampai) == (dt.date(2024, 1, 1), dt.date(2027, 1, 1))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pegawai_date_columns_read_day_counts(instansi_a, unit_tree_a, fmt):
    lahir = (dt.date(1986, 9, 26) - dt.date(1899, 12, 30)).days  # 31681
    tmt = (dt.date(2019, 4, 1) - dt.date(1899, 12, 30)).days
    row = budi(**{"Tanggal Lahir": lahir, "TMT Golongan": str(tmt) if fmt == "csv" else tmt})
    result = run("pegawai", instansi_a, [row], fmt, dry_run=False)
    assert result.errors == [] and result.baru == 1
    assert any("Kolom Tanggal Lahir" in w and "→ 26-09-1986" in w for w in result.warnings)
    assert any("Kolom TMT Golongan" in w and "→ 01-04-2019" in w for w in result.warnings)
    with scopes_disabled():
        pegawai = Pegawai.objects.get(instansi=instansi_a, nip=NIP_BUDI)
    assert (pegawai.tanggal_lahir, pegawai.tmt_golongan) == (dt.date(1986, 9, 26), dt.date(2019, 4, 1))


@pytest.mark.parametrize(
    ("value", "fmt"),
    [(5, "xlsx"), (999999, "xlsx"), (45292.5, "xlsx"), ("123", "csv"), (True, "xlsx")],
    ids=["too-small", "too-big", "fraction", "csv-too-small", "boolean"],
)
def test_absurd_day_counts_are_refused_with_a_clear_message(instansi_a, budi_a, value, fmt):
    rows = [row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": value})]
    result = run("asesmen", instansi_a, rows, fmt, dry_run=False)
    assert not result.committed and result.warnings == []
    [(row, column, message)] = result.errors
    assert (row, column) == (2, "Tanggal Asesmen")
    assert "bukan tanggal" in message and "HH-BB-TTTT" in message
    if value is not True:
        assert "01-01-1920 sampai 31-12-2099" in message
    with scopes_disabled():
        assert not Asesmen.objects.filter(instansi=instansi_a).exists()


def test_real_date_cells_and_date_text_give_no_warning(instansi_a, budi_a):
    rows = [
        row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": dt.date(2024, 1, 1)}),
        row_of("asesmen", NIP_BUDI, **{"Tanggal Asesmen": "17-08-2025", "Metode": "CACT"}),
    ]
    result = run("asesmen", instansi_a, rows, "xlsx")
    assert result.errors == [] and result.warnings == [] and result.baru == 2


# --- an invalid NIP says why ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["asesmen", "skp"])
@pytest.mark.parametrize(
    ("nip", "expected"),
    [
        ("19860926201505100", "NIP harus 18 digit; yang diisi 17 digit."),
        ("198602312015051001", "Tanggal lahir pada NIP (digit 1–8: 19860231) bukan tanggal yang valid."),
        ("19860926201505A001", "NIP hanya boleh berisi angka; ditemukan '19860926201505A001'."),
    ],
    ids=["length", "birth-date", "letter"],
)
def test_invalid_nip_says_why_not_unregistered(instansi_a, budi_a, kind, fmt, nip, expected):
    result = run(kind, instansi_a, [row_of(kind, NIP_BUDI), row_of(kind, nip)], fmt)
    assert result.errors == [(3, "NIP", expected)]


@pytest.mark.parametrize("kind", ["asesmen", "skp"])
def test_only_a_valid_unknown_nip_is_unregistered(instansi_a, budi_a, kind):
    unknown = "197905122005012003"
    result = run(kind, instansi_a, [row_of(kind, unknown)], "csv")
    [(row, column, message)] = result.errors
    assert (row, column) == (2, "NIP")
    assert message.startswith(f"NIP {unknown} tidak terdaftar sebagai pegawai instansi ini.")
