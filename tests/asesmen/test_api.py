"""Asesmen API: reads with filters and pagination, integration writes (single upsert, batch all or
nothing with per-item errors), the ASN's own results, role cells and isolation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.core.models import AuditEvent
from apps.core.permissions import role_has_permission
from apps.core.roles import Role
from apps.core.tenancy import scopes_disabled
from tests.factories import AsesmenFactory, AsesmenKompetensiFactory, PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321
TODAY = timezone.localdate()
ITEM = {
    "tanggal": "2025-08-17",
    "metode": "assessment_center",
    "lembaga": "UPT Penilaian Kompetensi BKD",
    "nilai_potensi": 77.5,
    "jpm": 138.89,
}


def count(**filters) -> int:
    with scopes_disabled():
        return Asesmen.objects.filter(**filters).count()


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, _bidang, seksi = unit_tree_a
    rsud = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="RSUD")
    siti = PegawaiFactory(instansi=instansi_a, nama="Siti Rahmawati", unit_kerja=seksi)
    budi = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso", unit_kerja=rsud)
    rahasia = PegawaiFactory(instansi=instansi_b, nama="Rahasia Pegawai", unit_kerja=unit_b)
    a_siti = AsesmenFactory(
        pegawai=siti, tanggal=dt.date(2025, 8, 17), metode="assessment_center",
        lembaga="UPT Penilaian Kompetensi BKD", nilai_potensi=Decimal("77.50"), jpm=Decimal("138.89"),
        berlaku_sampai=dt.date(2099, 12, 31), aspek_intelektual=Decimal("81.25"),
    )  # fmt: skip
    AsesmenKompetensiFactory(
        asesmen=a_siti, kompetensi="Integritas", kelompok="manajerial", level_standar=3, level_individu=2
    )
    a_budi = AsesmenFactory(
        pegawai=budi, tanggal=dt.date(2021, 3, 1), metode="cact", lembaga="UPT Penilaian Kompetensi BKD",
        nilai_potensi=Decimal("77.50"), jpm=Decimal("80"), berlaku_sampai=TODAY - dt.timedelta(days=1),
    )  # fmt: skip
    a_rahasia = AsesmenFactory(pegawai=rahasia)
    return {
        "siti": siti, "budi": budi, "rahasia": rahasia, "a_siti": a_siti, "a_budi": a_budi,
        "a_rahasia": a_rahasia, "dinas": dinas, "rsud": rsud, "unit_b": unit_b,
    }  # fmt: skip


@pytest.fixture
def api(api_login, admin_bkd_a):
    return api_login(admin_bkd_a)


# --- reads ---------------------------------------------------------------------------------------------


def test_list_is_paginated_own_instansi_only_with_both_scales_and_status(api, data):
    response = api.get("/api/v1/asesmen/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = {row["pegawai_nama"]: row for row in body["results"]}
    assert set(rows) == {"Siti Rahmawati", "Budi Santoso"}
    siti = rows["Siti Rahmawati"]
    assert siti["pegawai_nip"] == data["siti"].nip and isinstance(siti["pegawai_nip"], str)
    assert siti["jpm"] == "138.89" and siti["nilai_potensi"] == "77.50"
    assert (siti["kategori_ms"], siti["kategori_ms_label"]) == ("MS", "Memenuhi Syarat")
    assert (siti["kategori_optimal"], siti["kategori_optimal_label"]) == ("optimal", "Optimal")
    assert siti["status"] == "valid" and siti["aspek_intelektual"] == "81.25"
    assert siti["kompetensi"] == [
        {
            "kompetensi": "Integritas",
            "kelompok": "manajerial",
            "level_standar": 3,
            "level_individu": 2,
            "gap": -1,
        }
    ]
    budi = rows["Budi Santoso"]
    assert budi["status"] == "kedaluwarsa"
    assert (budi["kategori_ms"], budi["kategori_optimal"]) == ("MS", "cukup_optimal")  # exactly 80: MS


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "valid"}, {"Siti Rahmawati"}),
        ({"status": "kedaluwarsa"}, {"Budi Santoso"}),
        ({"tahun": 2021}, {"Budi Santoso"}),
        ({"metode": "assessment_center"}, {"Siti Rahmawati"}),
        ({"unit_kerja": "dinas"}, {"Siti Rahmawati"}),  # her seksi is below it
        ({"unit_kerja": "rsud"}, {"Budi Santoso"}),
        ({"unit_kerja": "unit_b"}, set()),  # another instansi's unit: nothing
        ({"pegawai": "siti"}, {"Siti Rahmawati"}),
        ({"pegawai": "rahasia"}, set()),
        ({"q": "budi"}, {"Budi Santoso"}),
    ],
)
def test_list_filters(api, data, params, expected):
    params = {k: (data[v].pk if k in ("unit_kerja", "pegawai") else v) for k, v in params.items()}
    response = api.get("/api/v1/asesmen/", params)
    assert response.status_code == 200
    assert {row["pegawai_nama"] for row in response.json()["results"]} == expected


def test_invalid_filter_is_a_400(api, data):
    assert api.get("/api/v1/asesmen/", {"status": "kadaluarsa"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(
    api, instansi_a, unit_tree_a, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            AsesmenFactory(pegawai=PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[2]))

    add(2)
    with django_assert_max_num_queries(12) as few:
        assert api.get("/api/v1/asesmen/").status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/asesmen/").json()["count"] == 32


def test_foreign_asesmen_answers_like_a_missing_one(api, data):
    foreign = api.get(f"/api/v1/asesmen/{data['a_rahasia'].pk}/")
    missing = api.get(f"/api/v1/asesmen/{MISSING}/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    own = api.get(f"/api/v1/asesmen/{data['a_siti'].pk}/")
    assert own.status_code == 200 and own.json()["kompetensi"][0]["gap"] == -1


# --- single write ---------------------------------------------------------------------------------------


def test_create_by_nip_upserts_and_answers_201_then_200(api, data):
    siti = data["siti"]
    first = api.post("/api/v1/asesmen/", {**ITEM, "nip": siti.nip, "metode": "CACT"}, format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["pegawai"], body["metode"], body["sumber"]) == (siti.pk, "cact", "api")
    assert body["jpm"] == "138.89" and body["berlaku_sampai"] == "2028-08-17"
    again = api.post(
        "/api/v1/asesmen/", {**ITEM, "pegawai": siti.pk, "metode": "cact", "jpm": "140,5"}, format="json"
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["jpm"] == "140.50"
    assert count(pegawai=siti, metode="cact") == 1


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"nip": "199001012015031999"}, "nip", "NIP tidak terdaftar di instansi ini"),
        ({"nip": 198609262015051001}, "nip", "tersimpan sebagai angka"),
        ({"nip": 1.98609262015051e17}, "nip", "tersimpan sebagai angka"),
        ({"nip": "1.98609262015051E+17"}, "nip", "tersimpan sebagai angka"),
        ({"nip": None, "pegawai": MISSING}, "pegawai", "tidak ditemukan"),
        ({"nip": None}, "nip", "Isi NIP"),
        ({"nilai_potensi": 101}, "nilai_potensi", "di luar rentang"),
        ({"jpm": "tinggi"}, "jpm", "bukan angka"),
        ({"jpm": True}, "jpm", "Harus berupa angka"),
        ({"metode": "Wawancara"}, "metode", "tidak dikenal"),
        ({"tanggal": (TODAY + dt.timedelta(days=2)).isoformat()}, "tanggal", "belum terjadi"),
        ({"aspek_motivasi": 130}, "aspek_motivasi", "di luar rentang"),
    ],
)
def test_create_errors_are_400_with_the_message_on_the_field(api, data, changes, field, fragment):
    body = {**ITEM, "nip": data["budi"].nip, **changes}
    body = {k: v for k, v in body.items() if v is not None}
    response = api.post("/api/v1/asesmen/", body, format="json")
    assert response.status_code == 400
    assert any(fragment in message for message in response.json()[field]), response.json()
    assert count(pegawai=data["budi"]) == 1


def test_create_for_a_foreign_pegawai_reads_like_an_unknown_one(api, data):
    rahasia = data["rahasia"]
    by_nip = api.post("/api/v1/asesmen/", {**ITEM, "nip": rahasia.nip}, format="json")
    assert by_nip.status_code == 400 and by_nip.json() == {"nip": ["NIP tidak terdaftar di instansi ini."]}
    by_id = api.post("/api/v1/asesmen/", {**ITEM, "pegawai": rahasia.pk}, format="json")
    missing = api.post("/api/v1/asesmen/", {**ITEM, "pegawai": MISSING}, format="json")
    assert by_id.status_code == missing.status_code == 400
    assert by_id.json()["pegawai"][0].replace(str(rahasia.pk), "X") == missing.json()["pegawai"][0].replace(
        str(MISSING), "X"
    )
    assert count(pegawai=rahasia) == 1


def test_create_with_nip_and_id_of_different_pegawai_is_refused(api, data):
    response = api.post(
        "/api/v1/asesmen/", {**ITEM, "nip": data["siti"].nip, "pegawai": data["budi"].pk}, format="json"
    )
    assert response.status_code == 400 and "berbeda" in response.json()["pegawai"][0]


# --- batch ---------------------------------------------------------------------------------------------


def test_batch_writes_all_and_reports_counts(api, data, instansi_a):
    siti, budi = data["siti"], data["budi"]
    items = [
        {**ITEM, "nip": siti.nip, "aspek_intelektual": "81,25"},  # identical to the stored row: unchanged
        {**ITEM, "pegawai": budi.pk, "tanggal": "01-03-2021", "metode": "CACT", "jpm": "80,00"},  # changed
        {**ITEM, "nip": budi.nip, "metode": "uji_kompetensi", "berlaku_sampai": "2026-01-01"},  # new
    ]
    with scopes_disabled():
        Asesmen.objects.filter(pk=data["a_siti"].pk).update(berlaku_sampai=dt.date(2028, 8, 17))
    response = api.post("/api/v1/asesmen/batch/", {"items": items}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"baru": 1, "diubah": 1, "tetap": 1}
    with scopes_disabled():
        new = Asesmen.objects.get(pegawai=budi, metode="uji_kompetensi")
        assert (new.sumber, new.berlaku_sampai) == ("api", dt.date(2026, 1, 1))
        assert Asesmen.objects.get(pk=data["a_budi"].pk).sumber == "api"
    again = api.post("/api/v1/asesmen/batch/", {"items": items}, format="json")
    assert again.json() == {"baru": 0, "diubah": 0, "tetap": 3}


def test_batch_is_all_or_nothing_with_per_item_errors(api, data, instansi_a):
    siti, budi = data["siti"], data["budi"]
    items = [
        {**ITEM, "nip": siti.nip, "metode": "cact"},
        {**ITEM, "nip": budi.nip, "metode": "cact"},
        {**ITEM, "nip": budi.nip, "metode": "uji_kompetensi", "nilai_potensi": 150},
        {**ITEM, "nip": data["rahasia"].nip},
        {**ITEM, "nip": 198609262015051001},
        "bukan objek",
        {**ITEM, "pegawai": siti.pk, "metode": "Assessment Center", "tanggal": "2025-13-01"},
        {**ITEM, "pegawai": budi.pk, "metode": "CACT"},  # same row as item 1
    ]

    def events() -> int:
        with scopes_disabled():
            return AuditEvent.objects.filter(action="asesmen.write").count()

    before_events = events()
    response = api.post("/api/v1/asesmen/batch/", {"items": items}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "6 dari 8 item tidak valid; tidak ada yang disimpan."
    errors = {e["index"]: e["errors"] for e in body["items"]}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7]
    assert "di luar rentang" in errors[2]["nilai_potensi"][0]
    assert errors[3] == {"nip": ["NIP tidak terdaftar di instansi ini."]}
    assert "tersimpan sebagai angka" in errors[4]["nip"][0]
    assert errors[5] == {"non_field_errors": ["Item harus berupa objek."]}
    assert "tanggal" in errors[6]
    assert "item 1" in errors[7]["non_field_errors"][0]
    assert count(metode="cact", tanggal=dt.date(2025, 8, 17)) == 0  # nothing written, not even item 0
    assert count(pegawai__instansi=instansi_a) == 2
    assert events() == before_events


@pytest.mark.parametrize(
    "body",
    [{"items": []}, {"items": "x"}, {}, {"items": [dict(ITEM)] * 5001}],
    ids=["empty", "not-a-list", "missing", "too-many"],
)
def test_batch_envelope_errors_are_400(api, data, body):
    response = api.post("/api/v1/asesmen/batch/", body, format="json")
    assert response.status_code == 400
    assert "items" in response.json()


def test_batch_of_5000_items_in_few_queries(api, instansi_a, django_assert_max_num_queries):
    pegawai = [PegawaiFactory(instansi=instansi_a) for _ in range(50)]
    start = dt.date(2012, 1, 1)
    items = [
        {**ITEM, "pegawai": p.pk, "tanggal": (start + dt.timedelta(days=d)).isoformat()}
        for p in pegawai
        for d in range(100)
    ]
    with django_assert_max_num_queries(40):
        response = api.post("/api/v1/asesmen/batch/", {"items": items}, format="json")
    assert response.status_code == 200
    assert response.json() == {"baru": 5000, "diubah": 0, "tetap": 0}
    assert count(pegawai__in=pegawai) == 5000


# --- roles and the ASN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_role_cells(api_login, make_user, instansi_a, data, role):
    client = api_login(make_user(role, instansi_a))
    viewer = role_has_permission(role=role, permission="penilaian.view")
    manager = role_has_permission(role=role, permission="penilaian.manage")
    assert client.get("/api/v1/asesmen/").status_code == (200 if viewer else 403)
    assert client.get(f"/api/v1/asesmen/{data['a_siti'].pk}/").status_code == (200 if viewer else 403)
    single = client.post(
        "/api/v1/asesmen/", {**ITEM, "nip": data["budi"].nip, "metode": "cact"}, format="json"
    )
    assert single.status_code == (201 if manager else 403)
    batch = client.post(
        "/api/v1/asesmen/batch/", {"items": [{**ITEM, "nip": data["budi"].nip, "metode": "uji_kompetensi"}]},
        format="json",
    )  # fmt: skip
    assert batch.status_code == (200 if manager else 403)
    own = role_has_permission(role=role, permission="portfolio.own")
    assert client.get("/api/v1/saya/asesmen/").status_code in ((200, 404) if own else (403,))


def test_anonymous_gets_401_or_403(client, data):
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/asesmen/").status_code in (401, 403)
    assert APIClient().post("/api/v1/asesmen/batch/", {"items": []}, format="json").status_code in (401, 403)


def test_asn_reads_only_their_own_asesmen(api_login, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a)
    client = api_login(user)
    not_linked = client.get("/api/v1/saya/asesmen/")
    assert not_linked.status_code == 404 and "belum terhubung" in not_linked.json()["detail"]
    with scopes_disabled():
        data["siti"].user = user
        data["siti"].save(update_fields=["user"])
    response = client.get("/api/v1/saya/asesmen/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["pegawai"], r["jpm"], r["status"]) for r in rows] == [(data["siti"].pk, "138.89", "valid")]
    assert rows[0]["kompetensi"][0]["kompetensi"] == "Integritas"
    assert client.get("/api/v1/asesmen/").status_code == 403


def test_the_input_shape_lists_every_aspect_of_the_model():
    from apps.asesmen.serializers import AsesmenInputSerializer

    aspek = [name for name, _label in Asesmen.ASPEK]
    assert [name for name in AsesmenInputSerializer().fields if name.startswith("aspek_")] == aspek


KOMPETENSI = [
    {"kompetensi": "Integritas", "kelompok": "manajerial", "level_standar": 3, "level_individu": 4},
    {"kompetensi": "Perekat Bangsa", "kelompok": "sosial_kultural", "level_standar": 3, "level_individu": 2},
]


def test_single_write_stores_per_competency_levels_and_replaces_them(api, data):
    siti = data["siti"]
    first = api.post(
        "/api/v1/asesmen/",
        {**ITEM, "tanggal": "2025-09-01", "nip": siti.nip, "kompetensi": KOMPETENSI},
        format="json",
    )
    assert first.status_code == 201, first.json()
    assert [(k["kompetensi"], k["gap"]) for k in first.json()["kompetensi"]] == [
        ("Integritas", 1),
        ("Perekat Bangsa", -1),
    ]
    again = api.post(
        "/api/v1/asesmen/",
        {**ITEM, "tanggal": "2025-09-01", "nip": siti.nip, "kompetensi": KOMPETENSI[:1]},
        format="json",
    )
    assert [k["kompetensi"] for k in again.json()["kompetensi"]] == ["Integritas"]


def test_invalid_competency_levels_write_nothing(api, data):
    siti = data["siti"]
    bad = [{**KOMPETENSI[0], "level_individu": 7}]
    response = api.post(
        "/api/v1/asesmen/",
        {**ITEM, "tanggal": "2025-09-01", "nip": siti.nip, "kompetensi": bad},
        format="json",
    )
    assert response.status_code == 400
    assert count(pegawai=siti, tanggal=dt.date(2025, 9, 1)) == 0


def test_competency_levels_are_refused_in_a_batch(api, data):
    siti = data["siti"]
    items = [{**ITEM, "tanggal": "2025-09-01", "nip": siti.nip, "kompetensi": KOMPETENSI}]
    response = api.post("/api/v1/asesmen/batch/", {"items": items}, format="json")
    assert response.status_code == 400
    assert "per asesmen" in str(response.json())
    assert count(pegawai=siti, tanggal=dt.date(2025, 9, 1)) == 0
