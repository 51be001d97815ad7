"""Umpan balik 360°: one validation for form, API and spreadsheet; upsert by pegawai + tanggal with
audit, row history and inputs_changed; the import on the one pipeline (all or nothing); the API
like SKP's; the engine reads the latest result only inside its validity window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.kinerja.imports_360 import umpan_balik_import
from apps.kinerja.models import UmpanBalik360
from apps.kinerja.resources_360 import umpan_balik_template_xlsx
from apps.kinerja.services_360 import UmpanBalikData, umpan_balik_clean, umpan_balik_write
from apps.petatalenta.engine import PRESET_BERBOBOT, Aturan
from apps.petatalenta.inputs import penempatan_inputs_load
from apps.petatalenta.models import Penempatan
from tests.factories import PegawaiFactory, UmpanBalik360Factory
from tests.impor.util import csv_bytes

pytestmark = pytest.mark.django_db
HARI_INI = dt.date(2026, 11, 22)
HEADERS = ["NIP", "Nama", "Tanggal Penilaian", "Nilai", "Penyelenggara"]


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"tanggal": "15-10-2025", "skor": "82,5"}, {"tanggal": dt.date(2025, 10, 15), "skor": Decimal("82.50")}),
        ({"tanggal": "2025-10-15", "skor": 100}, {"tanggal": dt.date(2025, 10, 15), "skor": Decimal("100.00")}),
        ({"tanggal": dt.date(2025, 1, 2), "skor": "0", "penyelenggara": "  BKD   Provinsi "},
         {"tanggal": dt.date(2025, 1, 2), "skor": Decimal("0.00"), "penyelenggara": "BKD Provinsi"}),
    ],
)  # fmt: skip
def test_clean_accepts_what_clerks_type(values, expected):
    cleaned = umpan_balik_clean(today=HARI_INI, **values)
    assert {k: cleaned[k] for k in expected} == expected


@pytest.mark.parametrize(
    "values, errors",
    [
        ({"tanggal": "", "skor": ""}, {"tanggal": "wajib diisi", "skor": "wajib diisi"}),
        ({"tanggal": "31-02-2025", "skor": "101"}, {"tanggal": "bukan tanggal yang valid", "skor": "di luar rentang 0–100"}),
        ({"tanggal": "23-11-2026", "skor": "baik"}, {"tanggal": "belum terjadi", "skor": "bukan angka"}),
        ({"tanggal": "01-01-2025", "skor": "80,125"}, {"skor": "dua angka di belakang koma"}),
    ],
)  # fmt: skip
def test_clean_reports_every_problem_at_once(values, errors):
    with pytest.raises(ValidationError) as caught:
        umpan_balik_clean(today=HARI_INI, **values)
    got = caught.value.message_dict
    assert set(got) == set(errors)
    for field, fragment in errors.items():
        assert fragment in got[field][0]
        assert got[field][0][0].isupper()


def _engine_360(instansi, pegawai, acuan):
    aturan = Aturan.from_config(PRESET_BERBOBOT)
    with instansi_scope(instansi):
        return penempatan_inputs_load(
            instansi=instansi, pegawai_ids=[pegawai.pk], tanggal_acuan=acuan, aturan=aturan
        )[pegawai.pk].umpan_balik_360


def test_write_upserts_audits_and_marks_the_placement_and_the_engine_reads_it_inside_validity(
    instansi_a, settings
):
    settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN = 24
    pegawai = PegawaiFactory(instansi=instansi_a)
    with instansi_scope(instansi_a):
        first = umpan_balik_write(
            instansi=instansi_a,
            actor=None,
            rows=[UmpanBalikData(pegawai.pk, dt.date(2024, 5, 10), Decimal("70.00"), "BKD")],
        )
        again = umpan_balik_write(
            instansi=instansi_a,
            actor=None,
            rows=[UmpanBalikData(pegawai.pk, dt.date(2024, 5, 10), Decimal("70.00"), "BKD")],
        )
        assert (first.baru, again.tetap) == (1, 1)
        assert AuditEvent.objects.filter(action="umpan_balik_360.write").count() == 1
        assert Penempatan.objects.get(pegawai=pegawai).dirty_since is not None
    # Inside 24 months of 10 May 2024; the day it turns 24 months old it no longer counts.
    assert _engine_360(instansi_a, pegawai, dt.date(2026, 5, 9)) == Decimal("70.00")
    assert _engine_360(instansi_a, pegawai, dt.date(2026, 5, 10)) is None
    # Before its date it does not count either; the latest inside the window wins.
    assert _engine_360(instansi_a, pegawai, dt.date(2024, 5, 9)) is None
    UmpanBalik360Factory(pegawai=pegawai, tanggal=dt.date(2025, 6, 1), skor=Decimal("91"))
    assert _engine_360(instansi_a, pegawai, dt.date(2026, 1, 1)) == Decimal("91.00")
    # Another instansi's rows are never read.
    other = PegawaiFactory(instansi=instansi_a)
    with scopes_disabled():
        UmpanBalik360.objects.create(instansi=instansi_a, pegawai=other, tanggal=dt.date(2025, 6, 1), skor=50)
    assert _engine_360(instansi_a, pegawai, dt.date(2026, 1, 1)) == Decimal("91.00")


def test_form_records_one_result_and_shows_all_errors(instansi_a, admin_bkd_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nama="Rina Wulandari")
    client = Client()
    client.force_login(admin_bkd_a)
    url = f"/umpan-balik-360/tambah/?pegawai={pegawai.pk}"
    assert client.get(url).status_code == 200
    tanggal = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(
        url, {"tanggal": tanggal.isoformat(), "skor": "87,5", "penyelenggara": "BKD"}, follow=True
    )
    text = response.content.decode()
    assert "Umpan balik 360° Rina Wulandari tanggal" in text and "nilai 87,50" in text
    with scopes_disabled():
        stored = UmpanBalik360.objects.get(pegawai=pegawai)
    assert (stored.skor, stored.sumber) == (Decimal("87.50"), "manual")
    response = client.post(url, {"tanggal": "", "skor": "120"})
    text = response.content.decode()
    assert "di luar rentang 0–100" in text and "Tanggal penilaian wajib diisi." in text
    # The list shows it, in Indonesian number format.
    listing = client.get("/umpan-balik-360/").content.decode()
    assert "Rina Wulandari" in listing and "87,50" in listing


def test_import_is_all_or_nothing_and_idempotent(instansi_a, admin_bkd_a):
    satu = PegawaiFactory(instansi=instansi_a, nip="198001012005011001")
    dua = PegawaiFactory(instansi=instansi_a, nip="198001012005011002")
    today = timezone.localdate()
    tanggal = (today - dt.timedelta(days=10)).strftime("%d-%m-%Y")
    good = [
        {"NIP": satu.nip, "Tanggal Penilaian": tanggal, "Nilai": "80", "Penyelenggara": "BKD"},
        {"NIP": dua.nip, "Tanggal Penilaian": tanggal, "Nilai": "65,25"},
    ]
    bad = [
        *good,
        {"NIP": dua.nip, "Tanggal Penilaian": tanggal, "Nilai": "70"},
        {"NIP": "199901012020011999", "Tanggal Penilaian": "x", "Nilai": "200"},
    ]
    with instansi_scope(instansi_a):
        result = umpan_balik_import(
            instansi=instansi_a, actor=admin_bkd_a, data=csv_bytes(bad, HEADERS), nama="u.csv", dry_run=False
        )
        assert result.baris_galat >= 3 and UmpanBalik360.objects.count() == 0
        messages = " ".join(m for _r, _c, m in result.errors)
        assert "juga ada di baris" in messages and "di luar rentang 0–100" in messages
        preview = umpan_balik_import(
            instansi=instansi_a, actor=admin_bkd_a, data=csv_bytes(good, HEADERS), nama="u.csv", dry_run=True
        )
        assert (preview.baru, UmpanBalik360.objects.count()) == (2, 0)
        saved = umpan_balik_import(
            instansi=instansi_a, actor=admin_bkd_a, data=csv_bytes(good, HEADERS), nama="u.csv", dry_run=False
        )
        assert saved.baru == 2
        again = umpan_balik_import(
            instansi=instansi_a, actor=admin_bkd_a, data=csv_bytes(good, HEADERS), nama="u.csv", dry_run=False
        )
        assert (again.baru, again.diubah, again.tetap) == (0, 0, 2)
        stored = sorted(UmpanBalik360.objects.values_list("pegawai__nip", "skor", "sumber"))
    assert stored == [(satu.nip, Decimal("80.00"), "impor"), (dua.nip, Decimal("65.25"), "impor")]
    assert umpan_balik_template_xlsx(instansi=instansi_a)[:2] == b"PK"


def test_import_page_is_on_the_one_pipeline(instansi_a, admin_bkd_a):
    client = Client()
    client.force_login(admin_bkd_a)
    page = client.get("/impor/umpan_balik_360/")
    assert page.status_code == 200 and "Umpan balik 360°" in page.content.decode()
    assert client.get("/impor/umpan_balik_360/template.xlsx").status_code == 200


def test_api_create_list_batch_and_isolation(api_login, admin_bkd_a, admin_bkd_b, instansi_a):
    pegawai = PegawaiFactory(instansi=instansi_a, nip="198001012005011003")
    api = api_login(admin_bkd_a)
    tanggal = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    created = api.post(
        "/api/v1/umpan-balik-360/", {"nip": pegawai.nip, "tanggal": tanggal, "skor": "77.5"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["skor"] == "77.50" and created.json()["sumber"] == "api"
    updated = api.post(
        "/api/v1/umpan-balik-360/", {"pegawai": pegawai.pk, "tanggal": tanggal, "skor": "79"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["skor"] == "79.00"
    bad = api.post(
        "/api/v1/umpan-balik-360/", {"nip": pegawai.nip, "tanggal": tanggal, "skor": "101"}, format="json"
    )
    assert bad.status_code == 400 and "skor" in bad.json()
    listing = api.get("/api/v1/umpan-balik-360/").json()
    assert [row["pegawai_nip"] for row in listing["results"]] == [pegawai.nip]
    pk = created.json()["id"]
    other = api_login(admin_bkd_b)
    assert other.get(f"/api/v1/umpan-balik-360/{pk}/").status_code == 404
    assert other.get("/api/v1/umpan-balik-360/987654321/").status_code == 404
    batch = api.post(
        "/api/v1/umpan-balik-360/batch/",
        {
            "items": [
                {"nip": pegawai.nip, "tanggal": "2025-01-10", "skor": "60"},
                {"nip": pegawai.nip, "tanggal": "2025-01-10", "skor": "61"},
            ]
        },
        format="json",
    )
    assert batch.status_code == 400  # a duplicate in one envelope: nothing written
    with scopes_disabled():
        assert UmpanBalik360.objects.filter(pegawai=pegawai).count() == 1


def test_pegawai_page_section_marks_the_result_in_use(instansi_a, admin_bkd_a, settings):
    settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN = 24
    pegawai = PegawaiFactory(instansi=instansi_a)
    today = timezone.localdate()
    UmpanBalik360Factory(pegawai=pegawai, tanggal=today - dt.timedelta(days=20), skor=Decimal("88.5"))
    UmpanBalik360Factory(pegawai=pegawai, tanggal=today - dt.timedelta(days=200), skor=Decimal("70"))
    UmpanBalik360Factory(pegawai=pegawai, tanggal=today - dt.timedelta(days=900), skor=Decimal("60"))
    client = Client()
    client.force_login(admin_bkd_a)
    text = client.get(f"/pegawai/{pegawai.pk}/").content.decode()
    section = text[text.index('id="penilaian-360"') :]
    section = section[: section.index("</section>")]
    assert "88,5" in section and section.count(">Dipakai<") == 1
    assert "Tidak dipakai (ada hasil yang lebih baru)" in section and "Tidak berlaku lagi" in section
    assert section.index("88,5") < section.index(">Dipakai<") < section.index("Tidak dipakai")


def test_asn_reads_their_own_results_only(api_login, instansi_a):
    from tests.factories import AsnPegawaiFactory

    asn = AsnPegawaiFactory(instansi=instansi_a)
    UmpanBalik360Factory(pegawai=asn, skor=Decimal("81"))
    UmpanBalik360Factory(pegawai=PegawaiFactory(instansi=instansi_a), skor=Decimal("50"))
    rows = api_login(asn.user).get("/api/v1/saya/umpan-balik-360/").json()
    assert [(row["pegawai"], row["skor"]) for row in rows] == [(asn.pk, "81.00")]
