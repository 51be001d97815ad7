"""SKP API: reads with filters and pagination, integration writes (single upsert, batch all or
nothing with per-item errors) where a supplied predikat must agree with the matrix, the ASN's own
SKP, role cells and isolation."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.permissions import role_has_permission
from apps.core.roles import Role
from apps.core.tenancy import scopes_disabled
from apps.kinerja.models import SKP
from tests.factories import PegawaiFactory, SKPFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321
LAST_YEAR = timezone.localdate().year - 1
ITEM = {
    "tahun": LAST_YEAR,
    "periode": "Tahunan",
    "rating_hasil_kerja": "Di Atas Ekspektasi",
    "rating_perilaku_kerja": "Sesuai Ekspektasi",
}


def count(**filters) -> int:
    with scopes_disabled():
        return SKP.objects.filter(**filters).count()


@pytest.fixture
def data(instansi_a, instansi_b, unit_tree_a, unit_b):
    dinas, _bidang, seksi = unit_tree_a
    rsud = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="RSUD")
    siti = PegawaiFactory(instansi=instansi_a, nama="Siti Rahmawati", unit_kerja=seksi)
    budi = PegawaiFactory(instansi=instansi_a, nama="Budi Santoso", unit_kerja=rsud)
    rahasia = PegawaiFactory(instansi=instansi_b, nama="Rahasia Pegawai", unit_kerja=unit_b)
    s_siti = SKPFactory(
        pegawai=siti, tahun=LAST_YEAR, rating_hasil_kerja="di_atas", rating_perilaku_kerja="di_atas"
    )
    s_budi = SKPFactory(
        pegawai=budi,
        tahun=2024,
        periode="tw1",
        rating_hasil_kerja="di_atas",
        rating_perilaku_kerja="di_bawah",
    )
    s_rahasia = SKPFactory(pegawai=rahasia, tahun=LAST_YEAR)
    return {
        "siti": siti, "budi": budi, "rahasia": rahasia, "s_siti": s_siti, "s_budi": s_budi,
        "s_rahasia": s_rahasia, "dinas": dinas, "rsud": rsud, "unit_b": unit_b,
    }  # fmt: skip


@pytest.fixture
def api(api_login, admin_bkd_a):
    return api_login(admin_bkd_a)


# --- reads ---------------------------------------------------------------------------------------------


def test_list_is_paginated_own_instansi_only_with_exact_labels(api, data):
    body = api.get("/api/v1/skp/").json()
    assert body["count"] == 2
    rows = {row["pegawai_nama"]: row for row in body["results"]}
    assert set(rows) == {"Siti Rahmawati", "Budi Santoso"}
    budi = rows["Budi Santoso"]
    assert (budi["tahun"], budi["periode"], budi["periode_tampilan"]) == (2024, "tw1", "Triwulan I")
    assert (budi["rating_hasil_kerja"], budi["rating_perilaku_kerja"]) == ("di_atas", "di_bawah")
    assert budi["predikat"] == "Kurang/Misconduct" and budi["pegawai_nip"] == data["budi"].nip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tahun": 2024}, {"Budi Santoso"}),
        ({"periode": "tahunan"}, {"Siti Rahmawati"}),
        ({"predikat": "Kurang/Misconduct"}, {"Budi Santoso"}),
        ({"unit_kerja": "dinas"}, {"Siti Rahmawati"}),
        ({"unit_kerja": "unit_b"}, set()),
        ({"pegawai": "budi"}, {"Budi Santoso"}),
        ({"pegawai": "rahasia"}, set()),
        ({"q": "siti"}, {"Siti Rahmawati"}),
    ],
)
def test_list_filters(api, data, params, expected):
    params = {k: (data[v].pk if k in ("unit_kerja", "pegawai") else v) for k, v in params.items()}
    response = api.get("/api/v1/skp/", params)
    assert response.status_code == 200
    assert {row["pegawai_nama"] for row in response.json()["results"]} == expected


def test_invalid_predikat_filter_is_a_400(api, data):
    assert api.get("/api/v1/skp/", {"predikat": "Kurang"}).status_code == 400


def test_foreign_skp_answers_like_a_missing_one(api, data):
    foreign = api.get(f"/api/v1/skp/{data['s_rahasia'].pk}/")
    missing = api.get(f"/api/v1/skp/{MISSING}/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert api.get(f"/api/v1/skp/{data['s_siti'].pk}/").json()["predikat"] == "Sangat Baik"


def test_list_query_count_does_not_grow_with_rows(api, instansi_a, django_assert_max_num_queries):
    for _ in range(2):
        SKPFactory(pegawai=PegawaiFactory(instansi=instansi_a))
    with django_assert_max_num_queries(12) as few:
        assert api.get("/api/v1/skp/").status_code == 200
    for _ in range(30):
        SKPFactory(pegawai=PegawaiFactory(instansi=instansi_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/skp/").json()["count"] == 32


# --- single write ---------------------------------------------------------------------------------------


def test_create_derives_the_predikat_and_upserts(api, data):
    budi = data["budi"]
    first = api.post("/api/v1/skp/", {**ITEM, "nip": budi.nip}, format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["pegawai"], body["predikat"], body["sumber"], body["periode"]) == (
        budi.pk, "Baik", "api", "tahunan",
    )  # fmt: skip
    agreeing = api.post(
        "/api/v1/skp/",
        {**ITEM, "pegawai": budi.pk, "rating_perilaku_kerja": "di_atas", "predikat": "sangat baik"},
        format="json",
    )
    assert agreeing.status_code == 200 and agreeing.json()["id"] == body["id"]
    assert agreeing.json()["predikat"] == "Sangat Baik"
    assert count(pegawai=budi, tahun=LAST_YEAR, periode="tahunan") == 1


def test_a_supplied_predikat_that_disagrees_with_the_matrix_is_refused(api, data):
    response = api.post(
        "/api/v1/skp/",
        {**ITEM, "nip": data["budi"].nip, "rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "di_bawah",
         "predikat": "Baik"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    message = response.json()["predikat"][0]
    assert "tidak sesuai matriks PermenPANRB 6/2022" in message and "'Kurang/Misconduct'" in message
    assert count(pegawai=data["budi"], tahun=LAST_YEAR) == 0


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"nip": "199001012015031999"}, "nip", "NIP tidak terdaftar di instansi ini"),
        ({"nip": 198609262015051001}, "nip", "tersimpan sebagai angka"),
        ({"tahun": LAST_YEAR + 2}, "tahun", "di luar rentang"),
        ({"periode": "Semester 1"}, "periode", "tidak dikenal"),
        ({"rating_hasil_kerja": "Bagus"}, "rating_hasil_kerja", "tidak dikenal"),
        ({"predikat": "Kurang"}, "predikat", "bukan label resmi"),
    ],
)
def test_create_errors_are_400_on_their_field(api, data, changes, field, fragment):
    response = api.post("/api/v1/skp/", {**ITEM, "nip": data["budi"].nip, **changes}, format="json")
    assert response.status_code == 400
    assert any(fragment in m for m in response.json()[field]), response.json()


def test_create_for_a_foreign_pegawai_reads_like_an_unknown_one(api, data):
    response = api.post("/api/v1/skp/", {**ITEM, "nip": data["rahasia"].nip}, format="json")
    assert response.status_code == 400 and response.json() == {
        "nip": ["NIP tidak terdaftar di instansi ini."]
    }
    by_id = api.post("/api/v1/skp/", {**ITEM, "pegawai": data["rahasia"].pk}, format="json")
    assert by_id.status_code == 400 and "tidak ditemukan" in by_id.json()["pegawai"][0]
    assert count(pegawai=data["rahasia"]) == 1


# --- batch ---------------------------------------------------------------------------------------------


def test_batch_writes_all_and_reports_counts(api, data):
    siti, budi = data["siti"], data["budi"]
    items = [
        {"nip": siti.nip, "tahun": LAST_YEAR, "periode": "tahunan", "rating_hasil_kerja": "di_atas",
         "rating_perilaku_kerja": "di_atas", "predikat": "Sangat Baik"},  # unchanged
        {"pegawai": budi.pk, "tahun": "2024", "periode": "Triwulan I", "rating_hasil_kerja": "sesuai",
         "rating_perilaku_kerja": "sesuai"},  # changed
        {**ITEM, "nip": budi.nip},  # new
    ]  # fmt: skip
    response = api.post("/api/v1/skp/batch/", {"items": items}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"baru": 1, "diubah": 1, "tetap": 1}
    with scopes_disabled():
        assert SKP.objects.get(pk=data["s_budi"].pk).predikat == "Baik"
        assert SKP.objects.get(pegawai=budi, tahun=LAST_YEAR, periode="tahunan").sumber == "api"
    assert api.post("/api/v1/skp/batch/", {"items": items}, format="json").json() == {
        "baru": 0, "diubah": 0, "tetap": 3,
    }  # fmt: skip


def test_batch_is_all_or_nothing_with_per_item_errors(api, data, instansi_a):
    siti, budi = data["siti"], data["budi"]
    items = [
        {**ITEM, "nip": budi.nip},
        {**ITEM, "nip": siti.nip, "periode": "tw3"},
        {**ITEM, "nip": budi.nip, "periode": "tw2", "predikat": "Sangat Baik"},  # disagrees: Baik
        {**ITEM, "nip": data["rahasia"].nip},
        {**ITEM, "pegawai": budi.pk, "periode": "tahunan"},  # same row as item 0
        {**ITEM, "nip": siti.nip, "tahun": "dua ribu"},
    ]

    def events() -> int:
        with scopes_disabled():
            return AuditEvent.objects.filter(action="skp.write").count()

    before = (count(instansi=instansi_a), events())
    response = api.post("/api/v1/skp/batch/", {"items": items}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "4 dari 6 item tidak valid; tidak ada yang disimpan."
    errors = {e["index"]: e["errors"] for e in body["items"]}
    assert sorted(errors) == [2, 3, 4, 5]
    assert "tidak sesuai matriks" in errors[2]["predikat"][0] and "'Baik'" in errors[2]["predikat"][0]
    assert errors[3] == {"nip": ["NIP tidak terdaftar di instansi ini."]}
    assert "item 0" in errors[4]["non_field_errors"][0]
    assert "tahun" in errors[5]
    assert (count(instansi=instansi_a), events()) == before  # nothing written, items 0 and 1 neither


def test_batch_envelope_limit(api, data):
    response = api.post("/api/v1/skp/batch/", {"items": [ITEM] * 5001}, format="json")
    assert response.status_code == 400 and "items" in response.json()
    assert api.post("/api/v1/skp/batch/", {"items": []}, format="json").status_code == 400


# --- roles and the ASN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_role_cells(api_login, make_user, instansi_a, data, role):
    client = api_login(make_user(role, instansi_a))
    viewer = role_has_permission(role=role, permission="penilaian.view")
    manager = role_has_permission(role=role, permission="penilaian.manage")
    assert client.get("/api/v1/skp/").status_code == (200 if viewer else 403)
    assert client.get(f"/api/v1/skp/{data['s_siti'].pk}/").status_code == (200 if viewer else 403)
    single = client.post("/api/v1/skp/", {**ITEM, "nip": data["budi"].nip}, format="json")
    assert single.status_code == (201 if manager else 403)
    batch = client.post(
        "/api/v1/skp/batch/", {"items": [{**ITEM, "nip": data["budi"].nip, "periode": "tw2"}]}, format="json"
    )
    assert batch.status_code == (200 if manager else 403)
    own = role_has_permission(role=role, permission="portfolio.own")
    assert client.get("/api/v1/saya/skp/").status_code in ((200, 404) if own else (403,))


def test_asn_reads_only_their_own_skp(api_login, make_user, instansi_a, data):
    user = make_user(Role.ASN, instansi_a)
    client = api_login(user)
    assert client.get("/api/v1/saya/skp/").status_code == 404
    with scopes_disabled():
        data["budi"].user = user
        data["budi"].save(update_fields=["user"])
    rows = client.get("/api/v1/saya/skp/").json()
    assert [(r["pegawai"], r["predikat"]) for r in rows] == [(data["budi"].pk, "Kurang/Misconduct")]
    assert client.get("/api/v1/skp/").status_code == 403
    assert client.post("/api/v1/skp/", {**ITEM, "nip": data["budi"].nip}, format="json").status_code == 403
