"""The OpenAPI schema of the pegawai API, as served at /api/v1/schema/: every route is there, error
answers are documented (schemathesis counts an undocumented 400/404 as a failure), and the request
shapes say what the server enforces (NIP as text, no owner or status in an ASN's riwayat)."""

from __future__ import annotations

import pytest

from apps.pegawai.models import RIWAYAT_MODELS

pytestmark = pytest.mark.django_db

ASN_KINDS = [m.KODE for m in RIWAYAT_MODELS if m.DIISI_ASN]

EXPECTED_OPERATIONS: dict[str, set[str]] = {
    "/api/v1/pegawai/": {"get", "post"},
    "/api/v1/pegawai/{id}/": {"get", "put", "patch"},
    "/api/v1/saya/pegawai/": {"get", "patch"},
    "/api/v1/dokumen/": {"post"},
}
for _model in RIWAYAT_MODELS:
    EXPECTED_OPERATIONS[f"/api/v1/riwayat/{_model.KODE}/"] = {"get", "post"}
    EXPECTED_OPERATIONS[f"/api/v1/riwayat/{_model.KODE}/{{id}}/"] = {"get", "put", "patch", "delete"}
    if _model.DIISI_ASN:
        EXPECTED_OPERATIONS[f"/api/v1/riwayat/{_model.KODE}/{{id}}/setujui/"] = {"post"}
        EXPECTED_OPERATIONS[f"/api/v1/riwayat/{_model.KODE}/{{id}}/tolak/"] = {"post"}
        EXPECTED_OPERATIONS[f"/api/v1/riwayat/{_model.KODE}/setujui-massal/"] = {"post"}

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, expected in EXPECTED_OPERATIONS.items():
        item = schema["paths"][path]
        for method in expected:
            yield path, method, item[method]


def test_every_route_is_in_the_schema_with_exactly_its_methods(schema):
    missing = sorted(set(EXPECTED_OPERATIONS) - set(schema["paths"]))
    assert missing == []
    for path, expected in EXPECTED_OPERATIONS.items():
        assert set(schema["paths"][path]) & HTTP_METHODS == expected, path
    # Hukuman disiplin is recorded by BKD and approved at once: no verification routes.
    assert not [p for p in schema["paths"] if p.startswith("/api/v1/riwayat/hukuman/") and "setujui" in p]


def test_error_answers_are_documented(schema):
    undocumented = []
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        needed = {"403"}
        if "{id}" in path:
            needed.add("404")
        if method != "get" or path in (
            "/api/v1/pegawai/",
            *(f"/api/v1/riwayat/{m.KODE}/" for m in RIWAYAT_MODELS),
        ):
            needed.add("400")  # writes validate their body, lists their filter parameters
        if path == "/api/v1/saya/pegawai/":
            needed.add("404")  # an account not linked to a pegawai record
        if not needed <= codes:
            undocumented.append((method, path, sorted(needed - codes)))
    assert undocumented == []


def test_create_and_detail_operations_list_400_and_404(schema):
    paths = schema["paths"]
    assert {"201", "400", "403"} <= set(paths["/api/v1/pegawai/"]["post"]["responses"])
    for method in ("get", "put", "patch"):
        assert {"403", "404"} <= set(paths["/api/v1/pegawai/{id}/"][method]["responses"])
    for model in RIWAYAT_MODELS:
        assert {"201", "400", "403"} <= set(paths[f"/api/v1/riwayat/{model.KODE}/"]["post"]["responses"])
        detail = paths[f"/api/v1/riwayat/{model.KODE}/{{id}}/"]
        assert {"200", "404"} <= set(detail["get"]["responses"])
        for method in ("put", "patch", "delete"):
            assert {"400", "404"} <= set(detail[method]["responses"]), (model.KODE, method)


def test_path_ids_are_integers(schema):
    for path, _method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", path


def test_pegawai_list_documents_its_filters_and_pagination(schema):
    operation = schema["paths"]["/api/v1/pegawai/"]["get"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert names >= {
        "q",
        "unit_kerja",
        "perangkat_daerah",
        "jenis_jabatan",
        "golongan",
        "status_kepegawaian",
        "kelengkapan_min",
        "kelengkapan_max",
        "page",
        "page_size",
    }
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][ok.rsplit("/", 1)[-1]]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    riwayat = {p["name"] for p in schema["paths"]["/api/v1/riwayat/diklat/"]["get"]["parameters"]}
    assert {"pegawai", "status", "page"} <= riwayat


def test_request_shapes_say_what_the_server_enforces(schema):
    components = schema["components"]["schemas"]
    nip = components["PegawaiWriteRequest"]["properties"]["nip"]
    assert nip["type"] == "string"  # never a number: spreadsheets lose its last digits
    assert components["PegawaiDetail"]["properties"]["nip"]["type"] == "string"
    assert "nip_tampilan" in components["PegawaiDetail"]["properties"]
    assert {"kelengkapan", "ringkasan_riwayat"} <= set(components["PegawaiDetail"]["properties"])
    for kode in ASN_KINDS:
        request = components[_request_component(schema, kode)]
        assert not {"pegawai", "status", "alasan_penolakan", "diverifikasi_pada"} & set(request["properties"])
        assert request["properties"]["dokumen"]["format"] == "uuid"
    hukuman = components["HukumanDisiplinRequest"]
    assert "pegawai" in hukuman["required"]
    assert set(components["PatchedPegawaiKontakRequest"]["properties"]) == {"email", "telepon", "alamat"}
    upload = schema["paths"]["/api/v1/dokumen/"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}
    assert set(components["Dokumen"]["properties"]) == {"uuid", "content_type", "ukuran"}


def _request_component(schema, kode: str) -> str:
    body = schema["paths"][f"/api/v1/riwayat/{kode}/"]["post"]["requestBody"]["content"]["application/json"]
    return body["schema"]["$ref"].rsplit("/", 1)[-1]


def test_docs_page_is_served_and_points_at_the_schema(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    # The start-up script is a file of its own (no inline script under the CSP); it names the schema.
    assert b'<script src="/api/v1/docs/?script="></script>' in response.content
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content
