"""Answers the schema promises in a shape of their own: the JSON 404 of unknown API addresses, the
error bodies and status codes every operation documents, the pagination envelope and its 404."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/tidak-ada/", "/api/v1/pegawai/1.5/", "/api/v1/pegawai"])
def test_an_address_no_endpoint_matches_answers_a_json_404(method, path):
    response = getattr(APIClient(), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_every_operation_documents_its_error_answers_with_a_body(openapi):
    for path, method, operation in _operations(openapi):
        responses = operation["responses"]
        if path != "/api/v1/auth/token/":
            assert {"401", "403"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method in ("post", "put", "patch"):
            assert "400" in responses, (method, path)
        for code, response in responses.items():
            if code.startswith("4"):
                assert response["content"]["application/json"]["schema"], (method, path, code)


def test_batch_endpoints_document_their_item_errors_and_drf_errors(openapi):
    batch = [op for path, method, op in _operations(openapi) if path.endswith("/batch/")]
    assert len(batch) == 3
    for operation in batch:
        schema = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert schema == {
            "anyOf": [
                {"$ref": "#/components/schemas/BatchError"},
                {"$ref": "#/components/schemas/ValidationErrors"},
            ]
        }


def test_a_paginated_list_documents_its_envelope_and_the_404_of_a_page_past_the_end(openapi):
    operation = openapi["paths"]["/api/v1/pegawai/"]["get"]
    assert {"page", "page_size"} <= {p["name"] for p in operation["parameters"]}
    envelope = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert envelope == {"$ref": "#/components/schemas/PaginatedPegawaiList"}
    paginated = openapi["components"]["schemas"]["PaginatedPegawaiList"]
    assert {"count", "next", "previous", "results"} <= set(paginated["properties"])
    assert paginated["properties"]["next"]["nullable"] is True
    assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorDetail"
    }


def test_a_page_past_the_end_answers_404_and_a_bad_page_size_falls_back(admin_bkd_a, api_login):
    api = api_login(admin_bkd_a)
    assert api.get("/api/v1/pegawai/?page=99").status_code == 404
    assert set(api.get("/api/v1/pegawai/?page=abc").json()) == {"detail"}
    response = api.get("/api/v1/pegawai/?page_size=0")
    assert response.status_code == 200
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_stored_blanks_and_nulls_are_documented(openapi):
    schemas = openapi["components"]["schemas"]
    # Read-only columns DRF builds without allow_null / allow_blank.
    assert schemas["Wilayah"]["properties"]["induk"]["nullable"] is True
    assert {"$ref": "#/components/schemas/BlankEnum"} in schemas["Pegawai"]["properties"]["golongan"]["oneOf"]
    jenjang = schemas["JabatanKunci"]["properties"]["jenjang_fungsional"]["oneOf"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in jenjang
    # DRF answers "09:00:00" without an offset; JSON Schema's `time` format would reject it.
    waktu = schemas["Sidang"]["properties"]["waktu"]
    assert "format" not in waktu and waktu["pattern"]


def test_an_enum_name_documents_one_value_set(openapi):
    # The succession filter's `tingkat` takes the fungsional jenjang too; it once shared its name
    # with the key post's four-value `jenis_jabatan` and was documented with those values.
    schemas = openapi["components"]["schemas"]
    assert "ahli_utama" in schemas["TingkatSuksesiEnum"]["enum"]
    assert schemas["TingkatJabatanKunciEnum"]["enum"] == [
        "jpt_pratama",
        "administrator",
        "pengawas",
        "fungsional",
    ]
    assert schemas["KehadiranSidang"]["properties"]["peran"]["allOf"] == [
        {"$ref": "#/components/schemas/PeranKomiteEnum"}
    ]


def test_an_enum_name_with_two_value_sets_fails_schema_generation():
    from drf_spectacular.drainage import GENERATOR_STATS
    from rest_framework import serializers
    from rest_framework.generics import GenericAPIView

    from apps.core.api import EnumField

    class Satu(serializers.Serializer):
        a = EnumField(enum_name="UjiEnum", choices=[("x", "X")])
        b = EnumField(enum_name="UjiEnum", choices=[("y", "Y")])

    class View(GenericAPIView):
        serializer_class = Satu

        def get(self, request):
            raise NotImplementedError

    from django.urls import path

    generator = SchemaGenerator(patterns=[path("uji/", View.as_view())])
    GENERATOR_STATS.reset()
    generator.get_schema(request=None, public=True)
    assert any("UjiEnum" in message for message in GENERATOR_STATS._warn_cache)
    GENERATOR_STATS.reset()
