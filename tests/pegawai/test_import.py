"""The pegawai import service and command: validation before anything is written, all or nothing,
upsert by NIP within the instansi, idempotent re-imports, and every error path writing nothing."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from apps.core.events import inputs_changed
from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope
from apps.pegawai.imports import kelengkapan_recompute_bulk, pegawai_import
from apps.pegawai.kelengkapan import kelengkapan_compute
from apps.pegawai.models import (
    RIWAYAT_MODELS,
    KelengkapanData,
    Pegawai,
    PegawaiEvent,
    RiwayatPendidikan,
    StatusVerifikasi,
)
from apps.pegawai.resources import (
    FIELD_ORDER,
    HEADER_BY_FIELD,
    PegawaiResource,
    pegawai_export_csv,
    pegawai_export_xlsx,
)
from apps.pegawai.services import kelengkapan_recompute
from tests.factories import PegawaiFactory, RiwayatPendidikanFactory, UnitKerjaFactory, ni_pppk, nip_pns

pytestmark = pytest.mark.django_db

HEADERS = [HEADER_BY_FIELD[name] for name in FIELD_ORDER]
NIP_BUDI = nip_pns(lahir=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1), kelamin="L", urut=1)
NIP_SITI = nip_pns(lahir=dt.date(1979, 5, 12), tmt=dt.date(2005, 1, 1), kelamin="P", urut=3)
NI_RINA = ni_pppk(lahir=dt.date(1992, 3, 15), tahun=2022, perjanjian=1, kelamin="P", urut=7)


def budi(**changes) -> dict[str, object]:
    row = {
        "NIP": NIP_BUDI,
        "Gelar Depan": "",
        "Nama": "Budi Santoso",
        "Gelar Belakang": "S.Kom.",
        "Tempat Lahir": "Pangkalan Bun",
        "Tanggal Lahir": "26-09-1986",
        "Jenis Kelamin": "Laki-laki",
        "Status Kepegawaian": "PNS",
        "Golongan": "III/b",
        "TMT Golongan": "01-04-2019",
        "Jenis Jabatan": "Pelaksana",
        "Nama Jabatan": "Pengadministrasi Umum",
        "Jenjang Fungsional": "",
        "Kode Unit Kerja": "A.01",
        "TMT Jabatan": "01-01-2020",
        "Pendidikan Terakhir": "S-1",
        "Email": "budi@kobarkab.go.id",
        "Telepon": "+62 812 3456 7890",
        "Alamat": "Jl. Pangeran Antasari 12",
        "Aktif": "Ya",
    }
    row.update(changes)
    return row


def budi_stored(instansi, **fields) -> Pegawai:
    """Budi as already registered in `instansi` (his NIP, birth date and sex agree)."""
    with scopes_disabled():
        return PegawaiFactory(
            instansi=instansi, nip=NIP_BUDI, tanggal_lahir=dt.date(1986, 9, 26), jenis_kelamin="L", **fields
        )


def siti(**changes) -> dict[str, object]:
    return budi(
        **{
            "NIP": NIP_SITI,
            "Gelar Depan": "Dr.",
            "Nama": "Siti Rahmawati",
            "Gelar Belakang": "M.Pd.",
            "Tanggal Lahir": "12-05-1979",
            "Jenis Kelamin": "P",
            "Golongan": "IV/a",
            "Jenis Jabatan": "Fungsional",
            "Nama Jabatan": "Guru",
            "Jenjang Fungsional": "Ahli Madya",
            "Kode Unit Kerja": "A.01.01",
            "Pendidikan Terakhir": "S2",
            "Email": "siti@kobarkab.go.id",
            **changes,
        }
    )


def rina(**changes) -> dict[str, object]:
    return budi(
        **{
            "NIP": NI_RINA,
            "Nama": "Rina Marlina",
            "Tanggal Lahir": "15-03-1992",
            "Jenis Kelamin": "Perempuan",
            "Status Kepegawaian": "PPPK",
            "Golongan": "IX",
            "Email": "",
            **changes,
        }
    )


def csv_bytes(rows: list[dict], *, delimiter: str = ",", headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    lines = [delimiter.join(headers)]
    for row in rows:
        cells = []
        for header in headers:
            value = str(row.get(header, "") if row.get(header) is not None else "")
            if any(c in value for c in (delimiter, '"', "\n")):
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[dict], *, headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Pegawai"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def units(instansi_a, unit_tree_a):
    return unit_tree_a


@pytest.fixture
def run(instansi_a, admin_bkd_a, units):
    """Import bytes into instansi A as its Admin BKD, inside A's scope like a request."""

    def do(data: bytes, *, dry_run: bool = False, instansi=None):
        target = instansi or instansi_a
        with instansi_scope(target):
            return pegawai_import(
                instansi=target, actor=admin_bkd_a, data=data, dry_run=dry_run, nama="pegawai.csv"
            )

    return do


def counts(instansi) -> dict[str, int]:
    with scopes_disabled():
        return {
            "pegawai": Pegawai.objects.filter(instansi=instansi).count(),
            "kelengkapan": KelengkapanData.objects.filter(instansi=instansi).count(),
            "audit": AuditEvent.objects.filter(instansi=instansi).count(),
        }


@pytest.fixture
def events():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    inputs_changed.connect(receiver, weak=False)
    yield received
    inputs_changed.disconnect(receiver)


# --- happy paths ---------------------------------------------------------------------------------


def test_dry_run_reports_every_row_and_writes_nothing(run, instansi_a):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(), siti(), rina()]), dry_run=True)
    assert (result.baris, result.baru, result.diubah, result.tetap, result.baris_galat) == (3, 3, 0, 0, 0)
    assert result.ok and not result.committed
    assert counts(instansi_a) == before


def test_commit_creates_pegawai_with_completeness_audit_and_one_event(
    run, instansi_a, admin_bkd_a, units, events
):
    result = run(csv_bytes([budi(), siti(), rina()]))
    assert result.committed
    assert (result.baru, result.diubah, result.tetap) == (3, 0, 0)
    with scopes_disabled():
        budi_row = Pegawai.objects.get(instansi=instansi_a, nip=NIP_BUDI)
        siti_row = Pegawai.objects.get(instansi=instansi_a, nip=NIP_SITI)
        rina_row = Pegawai.objects.get(instansi=instansi_a, nip=NI_RINA)
        assert budi_row.tanggal_lahir == dt.date(1986, 9, 26)
        assert budi_row.unit_kerja == units[0]
        assert budi_row.telepon == "+62 812 3456 7890"
        assert budi_row.aktif is True
        assert (siti_row.jenis_kelamin, siti_row.jenjang_fungsional, siti_row.pendidikan_terakhir) == (
            "P",
            "ahli_madya",
            "s2",
        )
        assert siti_row.unit_kerja == units[1]
        assert (rina_row.status_kepegawaian, rina_row.golongan) == ("pppk", "IX")
        # completeness equals what the per-pegawai service computes
        stored = {
            k.pegawai_id: (k.persen, k.kekurangan)
            for k in KelengkapanData.objects.filter(instansi=instansi_a)
        }
        assert set(stored) == {budi_row.pk, siti_row.pk, rina_row.pk}
        expected = kelengkapan_recompute(pegawai=budi_row)
        assert stored[budi_row.pk] == (expected.persen, expected.kekurangan)
        creates = AuditEvent.objects.filter(instansi=instansi_a, action="pegawai.create")
        assert sorted(e.new_values["nip"] for e in creates) == sorted([NIP_BUDI, NIP_SITI, NI_RINA])
        assert {e.actor_id for e in creates} == {admin_bkd_a.pk}
        # the row history records every inserted pegawai (its triggers fire for the bulk write)
        history = PegawaiEvent.objects.filter(pgh_obj_id__in=[budi_row.pk, siti_row.pk, rina_row.pk])
        assert sorted(history.values_list("pgh_label", flat=True)) == ["insert"] * 3
        summary = AuditEvent.objects.get(instansi=instansi_a, action="pegawai.import")
        assert summary.new_values == {
            "berkas": "pegawai.csv",
            "format": "csv",
            "baris": 3,
            "baru": 3,
            "diubah": 0,
            "tidak_berubah": 0,
        }
    assert len(events) == 1
    assert events[0]["penyebab"] == "pegawai.import"
    assert sorted(events[0]["pegawai_ids"]) == sorted([budi_row.pk, siti_row.pk, rina_row.pk])


def test_xlsx_with_date_cells_and_semicolon_csv_import_the_same(run, instansi_a):
    row = budi(**{"Tanggal Lahir": dt.date(1986, 9, 26), "TMT Golongan": dt.datetime(2019, 4, 1)})
    assert run(xlsx_bytes([row])).baru == 1
    result = run(csv_bytes([budi()], delimiter=";"))
    assert (result.baru, result.diubah, result.tetap) == (0, 0, 1)


def test_reimporting_the_same_file_changes_nothing(run, instansi_a):
    data = xlsx_bytes([budi(), siti(), rina()])
    assert run(data).baru == 3
    with scopes_disabled():
        stamps = dict(Pegawai.objects.filter(instansi=instansi_a).values_list("nip", "diubah_pada"))
        updates_before = AuditEvent.objects.filter(instansi=instansi_a, action="pegawai.update").count()
    before = counts(instansi_a)

    result = run(data)

    assert (result.baru, result.diubah, result.tetap, result.baris_galat) == (0, 0, 3, 0)
    assert not result.has_changes
    assert counts(instansi_a) == before  # no pegawai, completeness or audit rows written
    with scopes_disabled():
        assert (
            AuditEvent.objects.filter(instansi=instansi_a, action="pegawai.update").count()
            == updates_before
            == 0
        )
        assert dict(Pegawai.objects.filter(instansi=instansi_a).values_list("nip", "diubah_pada")) == stamps


def test_update_by_nip_changes_only_what_the_file_sets(run, instansi_a, units, events):
    existing = budi_stored(
        instansi_a, nama="Budi Santoso", golongan="III/a", telepon="0811111111", email="lama@kobarkab.go.id"
    )
    # New golongan; Telepon and Email cells empty: the stored values stay.
    data = csv_bytes([budi(Golongan="III/b", Telepon="", Email="")])
    preview = run(data, dry_run=True)
    [(row, nip, nama, fields)] = preview.changes
    assert (row, nip, nama) == (2, NIP_BUDI, existing.nama_lengkap)
    changed = {kolom: (lama, baru) for kolom, lama, baru in fields}
    assert changed["Golongan"] == ("III/a", "III/b")
    assert "Telepon" not in changed and "Email" not in changed
    result = run(data)
    assert (result.baru, result.diubah, result.tetap) == (0, 1, 0)
    with scopes_disabled():
        existing.refresh_from_db()
        assert existing.golongan == "III/b"
        assert existing.telepon == "0811111111"
        assert existing.email == "lama@kobarkab.go.id"
        assert existing.unit_kerja == units[0]
        update = AuditEvent.objects.get(
            instansi=instansi_a, action="pegawai.update", target_id=str(existing.pk)
        )
        assert update.old_values["golongan"] == "III/a"
        assert update.new_values["golongan"] == "III/b"
        history = PegawaiEvent.objects.filter(pgh_obj_id=existing.pk).order_by("pgh_id")
        assert [(e.pgh_label, e.golongan) for e in history][-1] == ("update", "III/b")
        assert KelengkapanData.objects.filter(pegawai=existing).exists()
    assert events[0]["pegawai_ids"] == [existing.pk]


def test_update_keeps_verified_riwayat_in_completeness(run, instansi_a):
    with scopes_disabled():
        existing = budi_stored(instansi_a)
        RiwayatPendidikan.objects.create(
            instansi=instansi_a,
            pegawai=existing,
            jenjang="s1",
            institusi="Universitas Palangka Raya",
            tahun_lulus=2009,
            status=StatusVerifikasi.DISETUJUI,
        )
    run(csv_bytes([budi()]))
    with scopes_disabled():
        stored = KelengkapanData.objects.get(pegawai=existing)
        assert all(k["kode"] != "pendidikan" for k in stored.kekurangan if k["jenis"] == "kurang")
        recomputed = kelengkapan_recompute(pegawai=Pegawai.objects.get(pk=existing.pk))
        assert (stored.persen, stored.kekurangan) == (recomputed.persen, recomputed.kekurangan)


def test_completeness_of_every_touched_pegawai_equals_the_pure_computation(run, instansi_a):
    """New pegawai (alike ones share one computed result), an updated one with riwayat and an
    updated one whose completeness row was missing: each stored row is what kelengkapan_compute
    gives for that pegawai."""
    with scopes_disabled():
        existing = budi_stored(instansi_a, golongan="III/a")
        RiwayatPendidikanFactory(pegawai=existing, status=StatusVerifikasi.DIAJUKAN)
        KelengkapanData.objects.filter(pegawai=existing).delete()
    result = run(csv_bytes([budi(Golongan="III/b"), siti(), siti_twin(), rina(Email="", Telepon="")]))
    assert result.committed and (result.baru, result.diubah) == (3, 1)
    with scopes_disabled():
        stored = {
            k.pegawai_id: (k.persen, k.kekurangan)
            for k in KelengkapanData.objects.filter(instansi=instansi_a)
        }
        touched = list(Pegawai.objects.filter(instansi=instansi_a))
        assert set(stored) == {p.pk for p in touched}
        for pegawai in touched:
            riwayat = [
                item
                for model in RIWAYAT_MODELS
                if model.DIISI_ASN
                for item in model.objects.filter(pegawai=pegawai).order_by("pk")
            ]
            hasil = kelengkapan_compute(pegawai=pegawai, riwayat=riwayat)
            assert stored[pegawai.pk] == (hasil.persen, [k.as_dict() for k in hasil.kekurangan]), pegawai.nip
        assert any(k["jenis"] == "menunggu" for k in stored[existing.pk][1])
        # one audit event per touched pegawai, with what audit_event_record would fill in
        create = AuditEvent.objects.get(
            instansi=instansi_a, action="pegawai.create", new_values__nip=NIP_SITI
        )
        siti_row = Pegawai.objects.get(instansi=instansi_a, nip=NIP_SITI)
        assert (create.target_type, create.target_id, create.target_repr) == (
            "pegawai.Pegawai",
            str(siti_row.pk),
            "Dr. Siti Rahmawati, M.Pd.",
        )
        assert (create.old_values, create.new_values) == ({}, {"nip": NIP_SITI, "nama": "Siti Rahmawati"})
        update = AuditEvent.objects.get(instansi=instansi_a, action="pegawai.update")
        assert (update.target_id, update.target_repr) == (str(existing.pk), str(existing))
        assert (update.old_values["golongan"], update.new_values["golongan"]) == ("III/a", "III/b")
        assert set(update.old_values) == set(update.new_values)
        assert AuditEvent.objects.filter(instansi=instansi_a, action="pegawai.create").count() == 3


def test_update_rewrites_an_unchanged_completeness_with_a_new_stamp(run, instansi_a):
    """As services.kelengkapan_recompute: the completeness of an updated pegawai is stored again
    even when it did not change, so dihitung_pada says when it was last computed."""
    run(csv_bytes([budi()]))
    with scopes_disabled():
        before = KelengkapanData.objects.get(pegawai__nip=NIP_BUDI)
    result = run(csv_bytes([budi(Telepon="0812 9999 0000")]))
    assert result.diubah == 1
    with scopes_disabled():
        after = KelengkapanData.objects.get(pegawai__nip=NIP_BUDI)
    assert (after.persen, after.kekurangan) == (before.persen, before.kekurangan)
    assert after.dihitung_pada > before.dihitung_pada


def siti_twin() -> dict[str, object]:
    """Another pegawai filled exactly like Siti (same status, education, filled columns)."""
    nip = nip_pns(lahir=dt.date(1990, 1, 15), tmt=dt.date(2019, 3, 1), kelamin="P", urut=3)
    return siti(NIP=nip, **{"Tanggal Lahir": "15-01-1990", "Nama": "Sari"})


def test_moving_away_from_fungsional_clears_an_empty_jenjang(run, instansi_a):
    run(csv_bytes([siti()]))
    result = run(
        csv_bytes(
            [siti(**{"Jenis Jabatan": "Pelaksana", "Nama Jabatan": "Pengelola", "Jenjang Fungsional": ""})]
        )
    )
    assert result.ok and result.diubah == 1
    with scopes_disabled():
        assert Pegawai.objects.get(instansi=instansi_a, nip=NIP_SITI).jenjang_fungsional == ""


def test_upsert_is_within_the_instansi(run, instansi_a, instansi_b):
    with scopes_disabled():
        other = budi_stored(instansi_b, nama="Orang B")
    result = run(csv_bytes([budi()]))
    assert result.baru == 1 and result.diubah == 0
    with scopes_disabled():
        other.refresh_from_db()
        assert other.nama == "Orang B"
        assert Pegawai.objects.filter(nip=NIP_BUDI).count() == 2


def test_export_imports_back_unchanged_even_with_formula_like_values(run, instansi_a, units):
    run(csv_bytes([budi(Alamat='=HYPERLINK("http://evil.example","x")'[1:]), siti(), rina()]))
    with scopes_disabled():
        Pegawai.objects.filter(instansi=instansi_a, nip=NIP_SITI).update(alamat="=1+1", nama="@Siti")
    with instansi_scope(instansi_a):
        exported = [pegawai_export_xlsx(instansi=instansi_a), pegawai_export_csv(instansi=instansi_a)]
    for data in exported:
        result = run(data, dry_run=True)
        assert result.ok, result.errors
        assert (result.baru, result.diubah, result.tetap) == (0, 0, 3)


def test_resource_import_loop_is_closed(instansi_a):
    with pytest.raises(NotImplementedError):
        PegawaiResource(instansi=instansi_a).import_data(None)


def test_bulk_completeness_of_nobody_is_a_no_op(instansi_a):
    assert kelengkapan_recompute_bulk(instansi=instansi_a, profiles={}) == 0


# --- error paths: every one leaves the database as it was ---------------------------------------


def _errors(result) -> list[tuple[int, str, str]]:
    return list(result.errors)


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "commit"])
def test_bad_nip_is_reported_and_nothing_written(run, instansi_a, dry_run):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(), siti(NIP="19790512200501200")]), dry_run=dry_run)
    assert _errors(result) == [(3, "NIP", "NIP harus 18 digit; yang diisi 17 digit.")]
    assert result.baru == 1  # the valid row is counted, but not written
    assert not result.committed
    assert counts(instansi_a) == before


def test_numeric_nip_in_xlsx_is_rejected_never_rounded(run, instansi_a):
    before = counts(instansi_a)
    result = run(xlsx_bytes([budi(NIP=int(NIP_BUDI))]))
    [(row, column, message)] = _errors(result)
    assert (row, column) == (2, "NIP")
    assert "NIP tersimpan sebagai angka" in message
    assert "1.98609262015051E+17" in message
    assert "Format kolom NIP sebagai Teks" in message
    assert counts(instansi_a) == before
    with scopes_disabled():
        assert not Pegawai.objects.filter(nip__startswith="1986092620150510").exists()


def test_numeric_nip_in_csv_scientific_notation_is_rejected(run, instansi_a):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(NIP="1.98609262015051E+17")]))
    [(row, column, message)] = _errors(result)
    assert (row, column) == (2, "NIP")
    assert "notasi ilmiah" in message and "1.98609262015051E+17" in message
    assert counts(instansi_a) == before


def test_unknown_unit_kerja_and_another_instansis_unit(run, instansi_a, unit_b):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(**{"Kode Unit Kerja": "X.99"}), siti(**{"Kode Unit Kerja": unit_b.kode})]))
    assert [(r, c) for r, c, _m in _errors(result)] == [(2, "Kode Unit Kerja"), (3, "Kode Unit Kerja")]
    assert "“X.99” tidak ada di instansi ini" in result.errors[0][2]
    assert "tidak ada di instansi ini" in result.errors[1][2]
    assert counts(instansi_a) == before


def test_inactive_unit_is_refused(run, instansi_a):
    with scopes_disabled():
        UnitKerjaFactory(instansi=instansi_a, kode="A.09", nama="Dinas Lama", aktif=False)
    result = run(csv_bytes([budi(**{"Kode Unit Kerja": "A.09"})]))
    assert "sudah tidak aktif" in result.errors[0][2]


def test_duplicate_nip_rows_in_one_file(run, instansi_a):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(), siti(), budi(Nama="Budi S.")]))
    assert _errors(result) == [
        (
            2,
            "NIP",
            f"NIP {NIP_BUDI} juga ada di baris 4. Satu pegawai hanya boleh satu baris; hapus baris ganda.",
        ),
        (
            4,
            "NIP",
            f"NIP {NIP_BUDI} juga ada di baris 2. Satu pegawai hanya boleh satu baris; hapus baris ganda.",
        ),
    ]
    assert result.baru == 1
    assert counts(instansi_a) == before


def test_duplicates_match_after_removing_grouping_spaces(run):
    spaced = f"{NIP_BUDI[:8]} {NIP_BUDI[8:14]} {NIP_BUDI[14]} {NIP_BUDI[15:]}"
    result = run(csv_bytes([budi(), budi(NIP=spaced)]), dry_run=True)
    assert result.baris_galat == 2


def test_profile_rules_of_pegawai_validate_apply(run, instansi_a):
    before = counts(instansi_a)
    result = run(
        csv_bytes(
            [
                budi(**{"Tanggal Lahir": "27-09-1986"}),  # not the birth date in the NIP
                siti(**{"Jenjang Fungsional": ""}),  # fungsional without jenjang
                rina(Golongan="III/a"),  # PNS golongan for a PPPK
                budi(
                    NIP=NIP_SITI,
                    **{"Jenis Kelamin": "Perempuan", "Tanggal Lahir": "12-05-1979", "Golongan": "V/a"},
                ),
            ]
        )
    )
    by_row = {(row, column): message for row, column, message in result.errors}
    assert "tidak sama dengan tanggal lahir pada NIP" in by_row[(2, "Tanggal Lahir")]
    assert "harus mempunyai jenjang" in by_row[(3, "Jenjang Fungsional")]
    assert "Golongan PPPK ditulis I–XVII" in by_row[(4, "Golongan")]
    assert "Golongan “V/a” tidak dikenal" in by_row[(5, "Golongan")]
    assert counts(instansi_a) == before


def test_unknown_choices_dates_and_required_cells(run, instansi_a):
    result = run(
        csv_bytes(
            [
                budi(**{"Status Kepegawaian": "Honorer", "Jenis Kelamin": "X"}),
                budi(NIP=NIP_SITI, **{"Tanggal Lahir": "1979/31/31", "Nama": ""}),
                budi(NIP=NI_RINA, Aktif="mungkin", Email="bukan-email", **{"Status Kepegawaian": "PPPK"}),
            ]
        )
    )
    by_row = {(row, column): message for row, column, message in result.errors}
    assert by_row[(2, "Status Kepegawaian")].startswith(
        "“Honorer” bukan pilihan yang berlaku. Pilih salah satu: PNS,"
    )
    assert "“X” bukan pilihan" in by_row[(2, "Jenis Kelamin")]
    assert "Tanggal “1979/31/31” tidak dikenali" in by_row[(3, "Tanggal Lahir")]
    assert by_row[(3, "Nama")] == "Nama wajib diisi."
    assert "Ya" in by_row[(4, "Aktif")]
    assert by_row[(4, "Email")].startswith("Email: ")
    # With the status unreadable, the NIP is not judged against a guessed status.
    assert (2, "NIP") not in by_row
    assert counts(instansi_a)["pegawai"] == 0


def test_text_longer_than_the_model_allows(run, instansi_a):
    result = run(csv_bytes([budi(Nama="A" * 151, Telepon="0" * 31)]))
    by_column = {column: message for _row, column, message in result.errors}
    assert by_column["Nama"].startswith("Nama: ") and "150" in by_column["Nama"]
    assert by_column["Telepon"].startswith("Telepon: ") and "30" in by_column["Telepon"]
    assert counts(instansi_a)["pegawai"] == 0


def test_formula_cell_is_refused_by_cell(run, instansi_a):
    result = run(xlsx_bytes([budi(), siti(Nama='=CONCAT("Siti"," R")')]))
    assert _errors(result) == [(3, "Nama", "Sel C3 berisi rumus; tempel sebagai nilai.")]
    assert counts(instansi_a)["pegawai"] == 0


def test_one_bad_row_among_many_writes_nothing(run, instansi_a):
    before = counts(instansi_a)
    result = run(csv_bytes([budi(), siti(), rina(**{"Kode Unit Kerja": "TIDAK.ADA"})]))
    assert result.baru == 2 and result.baris_galat == 1 and not result.committed
    assert counts(instansi_a) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, "program"),
        (b"", "kosong"),
        (",".join(HEADERS).encode(), "tanpa baris data"),
        (b"Nama,Golongan\nBudi,III/a\n", "Kolom wajib tidak ditemukan: NIP, Tanggal Lahir"),
    ],
    ids=["pdf-renamed", "exe", "empty", "header-only", "missing-columns"],
)
def test_unusable_files_are_refused_before_any_row(run, instansi_a, data, expected):
    before = counts(instansi_a)
    result = run(data)
    assert result.berkas_ditolak and not result.committed
    assert expected in " ".join(message for _row, _column, message in result.errors)
    assert counts(instansi_a) == before


# --- management command --------------------------------------------------------------------------


def test_command_dry_run_then_commit(tmp_path, instansi_a, units, capsys):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(xlsx_bytes([budi(), siti()]))

    call_command("import_pegawai", str(path), "--instansi", instansi_a.kode, "--dry-run")
    out = capsys.readouterr().out
    assert "Pegawai baru:      2" in out
    assert "tidak ada data yang disimpan" in out
    assert counts(instansi_a)["pegawai"] == 0

    call_command("import_pegawai", str(path), "--instansi", instansi_a.kode)
    assert "Tersimpan" in capsys.readouterr().out
    with scopes_disabled():
        assert set(Pegawai.objects.filter(instansi=instansi_a).values_list("nip", flat=True)) == {
            NIP_BUDI,
            NIP_SITI,
        }
        summary = AuditEvent.objects.get(instansi=instansi_a, action="pegawai.import")
        assert summary.actor is None and summary.actor_label == "sistem"

    call_command("import_pegawai", str(path), "--instansi", instansi_a.kode)
    assert "Tidak berubah:     2" in capsys.readouterr().out


def test_command_errors_exit_non_zero_and_write_nothing(tmp_path, instansi_a, units, capsys):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([budi(), siti(NIP="1.97905122005012E+17")]))
    with pytest.raises(CommandError, match="1 baris bermasalah; tidak ada data yang disimpan"):
        call_command("import_pegawai", str(path), "--instansi", instansi_a.kode)
    assert "Baris 3, kolom NIP: NIP '1.97905122005012E+17' tersimpan sebagai angka" in capsys.readouterr().err
    assert counts(instansi_a)["pegawai"] == 0


def test_command_refuses_bad_files_and_unknown_instansi(tmp_path, instansi_a):
    pdf = tmp_path / "pegawai.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(CommandError, match="PDF"):
        call_command("import_pegawai", str(pdf), "--instansi", instansi_a.kode)
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_pegawai", str(pdf), "--instansi", "9999")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_pegawai", str(tmp_path / "tidak-ada.csv"), "--instansi", instansi_a.kode)
