"""The permission matrix, cell by cell: every role against every page and endpoint that exists.

ENDPOINTS names, for each permission of apps/core/permissions.py, the requests that enforce it. A
meta-test below makes sure every URL pattern of the project appears here (or is public by design),
so a new page cannot slip in without a row in the matrix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.permissions import PERMISSIONS, permission_matrix_markdown, role_has_permission
from apps.core.roles import Role
from apps.core.services import audit_event_record

pytestmark = pytest.mark.django_db

# Placeholders for objects of the caller's own instansi (A), filled in per test.
UNIT, MEMBER, EVENT = "{unit}", "{member}", "{event}"

# permission -> [(method, path, json body or None)]
ENDPOINTS: dict[str, list[tuple[str, str, dict | None]]] = {
    "home.admin_bkd": [("get", "/bkd/", None)],
    "home.verifikator": [("get", "/verifikator/", None)],
    "home.komite": [("get", "/komite/", None)],
    "home.ppk": [("get", "/ppk/", None)],
    "home.asn": [("get", "/asn/", None)],
    "home.bkn": [("get", "/nasional/", None)],
    "home.operator": [("get", "/operator/", None)],
    "instansi.view": [("get", "/instansi/", None), ("get", "/api/v1/instansi/saya/", None)],
    "unit_kerja.view": [
        ("get", "/unit-kerja/", None),
        ("get", f"/unit-kerja/{UNIT}/", None),
        ("get", "/api/v1/unit-kerja/", None),
        ("get", f"/api/v1/unit-kerja/{UNIT}/", None),
    ],
    "unit_kerja.manage": [
        ("get", "/unit-kerja/tambah/", None),
        ("get", f"/unit-kerja/{UNIT}/ubah/", None),
        (
            "post",
            "/api/v1/unit-kerja/",
            {"kode": "M.01", "nama": "Dinas Matriks", "jenis": "perangkat_daerah"},
        ),
        ("patch", f"/api/v1/unit-kerja/{UNIT}/", {"nama": "Dinas Pendidikan dan Kebudayaan"}),
        (
            "put",
            f"/api/v1/unit-kerja/{UNIT}/",
            {"kode": "A.01", "nama": "Dinas P", "jenis": "perangkat_daerah"},
        ),
    ],
    "membership.view": [
        ("get", "/anggota/", None),
        ("get", "/api/v1/anggota/", None),
        ("get", f"/api/v1/anggota/{MEMBER}/", None),
    ],
    "audit.view": [
        ("get", "/audit/", None),
        ("get", "/api/v1/audit/", None),
        ("get", f"/api/v1/audit/{EVENT}/", None),
    ],
    "nasional.view": [("get", "/nasional/provinsi/62/", None), ("get", "/api/v1/nasional/ringkasan/", None)],
    "system.health": [("get", "/operator/kesehatan/", None)],
    "account.view": [("get", "/api/v1/saya/", None)],
    "wilayah.view": [("get", "/api/v1/wilayah/", None), ("get", "/api/v1/wilayah/62/", None)],
}

# URL patterns open to everyone (or to every signed-in user) by design, and object routes whose
# matrix row uses the {unit} placeholder above.
PUBLIC_ROUTES = {
    "",
    "beranda/",
    "healthz",
    "masuk/",
    "keluar/",
    "akun/kata-sandi/",
    "akun/kata-sandi/selesai/",
    "i18n/setlang/",
    "api/v1/auth/token/",
    "api/v1/schema/",
    "api/v1/docs/",
}

CASES = [
    pytest.param(permission, method, path, body, role, id=f"{permission}-{method}-{path}-{role.value}")
    for permission, requests in ENDPOINTS.items()
    for method, path, body in requests
    for role in Role
]


@pytest.mark.parametrize(("permission", "method", "path", "body", "role"), CASES)
def test_matrix_cell(permission, method, path, body, role, make_user, instansi_a, unit_tree_a, api_login):
    user = make_user(role, instansi_a)
    client = api_login(user)  # session login: the real middleware resolves the actor
    other_member = make_user(Role.ASN, instansi_a, username="anggota.lain").membership
    event = audit_event_record(action="test.event", instansi=instansi_a, actor=None)
    url = (
        path.replace(UNIT, str(unit_tree_a[0].pk))
        .replace(MEMBER, str(other_member.pk))
        .replace(EVENT, str(event.pk))
    )
    response = (
        getattr(client, method)(url, data=body, format="json") if body else getattr(client, method)(url)
    )
    if role_has_permission(role=role, permission=permission):
        assert response.status_code in (200, 201), (response.status_code, response.content[:300])
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])


def test_every_permission_is_exercised_and_every_route_is_in_the_matrix():
    assert set(ENDPOINTS) == set(PERMISSIONS)
    covered = {
        path.replace(UNIT, "<int:pk>").replace(MEMBER, "1").replace(EVENT, "1").lstrip("/")
        for reqs in ENDPOINTS.values()
        for _m, path, _b in reqs
    }
    missing = []
    for route in _all_routes():
        if route.startswith("admin/") or route in PUBLIC_ROUTES or "(?P<format>" in route:
            continue
        if not any(_route_matches(route, path) for path in covered):
            missing.append(route)
    assert missing == [], f"Routes without a row in the permission matrix: {missing}"


def test_docs_roles_md_shows_exactly_the_enforced_matrix():
    text = (Path(settings.BASE_DIR) / "docs" / "roles.md").read_text(encoding="utf-8")
    assert permission_matrix_markdown() in text, (
        "docs/roles.md is out of date: run manage.py permission_matrix"
    )


def test_unknown_permission_code_is_a_programming_error():
    with pytest.raises(KeyError):
        role_has_permission(role=Role.ADMIN_BKD, permission="does.not_exist")


def test_anonymous_is_sent_to_login_and_gets_401_or_403_from_the_api(client):
    response = client.get("/bkd/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")
    assert client.get("/api/v1/unit-kerja/").status_code in (401, 403)


def _all_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes.extend(_all_routes(entry, text))
        elif isinstance(entry, URLPattern):
            routes.append(text.replace("^", "").replace("$", "").replace("\\Z", ""))
    return routes


def _route_matches(route: str, concrete: str) -> bool:
    """Does a concrete path (with <int:pk> already in place or a real value) fit the route?"""
    pattern = re.sub(r"<[^>]+>|\(\?P<[^>]+>[^)]+\)", "[^/]+", route)
    return re.fullmatch(pattern, concrete) is not None or route == concrete
