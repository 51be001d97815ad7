"""#14 point 4: JSON from the outside never turns deep nesting into a 500.

Python's parser recurses per level: ~1,000 levels raise RecursionError, which no caller expected.
Every API body goes through apps.core.parsers.JSONParser (a 400 with a message), the rule-set file
import through apps.core.json_aman.json_baca (a form error; tests/petatalenta/test_aturan_json.py)."""

from __future__ import annotations

import json

import pytest

from apps.core.json_aman import KEDALAMAN_MAKS, JsonTerlaluDalam, json_baca, json_kedalaman

DALAM_1200 = '{"kode": ' + "[" * 1200 + "]" * 1200 + "}"
DALAM_40 = '{"kode": ' + "[" * 40 + "]" * 40 + "}"


def test_depth_is_counted_without_recursion():
    assert json_kedalaman(1) == 0
    assert json_kedalaman([]) == 1
    assert json_kedalaman({"a": [1, {"b": []}]}) == 4
    nested = []
    for _ in range(100_000):
        nested = [nested]
    assert json_kedalaman(nested) == 100_001


@pytest.mark.parametrize("teks", [DALAM_1200, "[" * 100_000 + "]" * 100_000, DALAM_40])
def test_too_deep_is_a_value_error_with_a_message(teks):
    with pytest.raises(JsonTerlaluDalam) as error:
        json_baca(teks)
    assert isinstance(error.value, ValueError)
    assert (
        str(error.value)
        == f"JSON bersarang terlalu dalam: paling banyak {KEDALAMAN_MAKS} tingkat objek/daftar."
    )


def test_shallow_json_reads_as_json_loads():
    teks = json.dumps({"a": [1, 2, {"b": None}], "c": "x"})
    assert json_baca(teks) == json.loads(teks)


@pytest.mark.django_db
@pytest.mark.parametrize("body", [DALAM_1200, DALAM_40], ids=["1200-levels", "40-levels"])
def test_a_deeply_nested_api_body_is_a_400(api_login, admin_bkd_a, body):
    api = api_login(admin_bkd_a)
    response = api.generic("POST", "/api/v1/unit-kerja/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json() == {
        "detail": f"JSON bersarang terlalu dalam: paling banyak {KEDALAMAN_MAKS} tingkat objek/daftar."
    }


@pytest.mark.django_db
def test_every_api_view_parses_json_with_the_bounded_parser():
    """No view falls back to DRF's own JSONParser (the settings' default, or a view's own list)."""
    from django.urls import get_resolver
    from rest_framework import parsers
    from rest_framework.views import APIView

    from apps.core.parsers import JSONParser

    found = 0

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    for callback in views(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if not (isinstance(cls, type) and issubclass(cls, APIView)):
            continue
        found += 1
        for parser in cls().get_parsers():
            if isinstance(parser, parsers.JSONParser):
                assert isinstance(parser, JSONParser), cls
    assert found > 20
