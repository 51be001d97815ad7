"""Government networks are often closed: every asset a page needs is served by the app itself."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/masuk/", "/api/v1/docs/"])
def test_public_pages_reference_no_external_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert EXTERNAL.findall(response.content.decode()) == []


@pytest.mark.parametrize("path", ["/bkd/", "/unit-kerja/", "/instansi/", "/anggota/", "/audit/"])
def test_signed_in_pages_reference_no_external_assets(login, admin_bkd_a, unit_tree_a, path):
    response = login(admin_bkd_a).get(path)
    assert response.status_code == 200
    assert EXTERNAL.findall(response.content.decode()) == []


def test_stylesheets_import_nothing_from_outside():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), css
        assert "@import" not in text, css


def test_api_schema_is_served_and_describes_the_tenant_endpoints(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/unit-kerja/", "/api/v1/unit-kerja/{id}/", "/api/v1/auth/token/"} <= set(paths)
