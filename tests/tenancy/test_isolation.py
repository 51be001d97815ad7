"""Zulip-style isolation: a user of instansi A asking for instansi B's object gets exactly the
answer a missing object gets (same status, same body), on every page and endpoint with an object
in its URL. Lists never show foreign rows. Three tenants: A and B in Kalimantan Tengah, C in
Kalimantan Barat, plus a BKN user who sees no tenant rows at all."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.roles import Role
from apps.core.services import audit_event_record
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db

MISSING = 987654321

# (method, url template, body); {pk} is replaced by the foreign or the missing id.
OBJECT_REQUESTS = [
    ("get", "/unit-kerja/{pk}/", None),
    ("get", "/unit-kerja/{pk}/ubah/", None),
    ("post", "/unit-kerja/{pk}/ubah/", {"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"}),
    ("get", "/api/v1/unit-kerja/{pk}/", None),
    ("patch", "/api/v1/unit-kerja/{pk}/", {"nama": "Diambil alih"}),
    ("put", "/api/v1/unit-kerja/{pk}/", {"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"}),
    ("get", "/api/v1/anggota/{pk}/", None),
    ("get", "/api/v1/audit/{pk}/", None),
]

# Object routes that are not tenant data (reference data, national aggregates), by route text.
NOT_TENANT_OBJECT_ROUTES = {"api/v1/wilayah/<kode>/", "nasional/provinsi/<str:kode>/"}


@pytest.fixture
def foreign_objects(instansi_b, instansi_c, make_user):
    """One object of each kind in B, and in C (another province)."""
    objects = {}
    for instansi in (instansi_b, instansi_c):
        unit = UnitKerjaFactory(instansi=instansi, kode=f"F.{instansi.kode}", nama=f"Rahasia {instansi.kode}")
        member = make_user(Role.ASN, instansi, username=f"asn.{instansi.kode}").membership
        event = audit_event_record(action="test.secret", instansi=instansi, actor=None, target=unit)
        objects[instansi.kode] = {"unit-kerja": unit.pk, "anggota": member.pk, "audit": event.pk}
    return objects


def _kind(url: str) -> str:
    return "anggota" if "anggota" in url else "audit" if "audit" in url else "unit-kerja"


def _normalise(body: bytes, requested_url: str) -> bytes:
    # CSRF tokens are masked anew on every render, and the page echoes the requested URL (the
    # language switcher's "next"): neither tells anything about the object.
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return body.replace(requested_url.encode(), b"#")


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data=body, format="json")
    return getattr(client, method)(url, data=body)


@pytest.mark.parametrize(("method", "template", "body"), OBJECT_REQUESTS, ids=lambda v: str(v)[:40])
@pytest.mark.parametrize("other", ["6202", "6101"])  # same province, other province
def test_foreign_object_answers_exactly_like_a_missing_one(
    method, template, body, other, admin_bkd_a, foreign_objects, api_login, unit_tree_a
):
    client = api_login(admin_bkd_a)
    foreign_pk = foreign_objects[other][_kind(template)]
    foreign_url, missing_url = template.format(pk=foreign_pk), template.format(pk=MISSING)
    foreign = _call(client, method, foreign_url, body)
    missing = _call(client, method, missing_url, body)
    assert foreign.status_code == missing.status_code == 404
    assert _normalise(foreign.content, foreign_url) == _normalise(missing.content, missing_url)


def test_foreign_objects_were_not_changed(admin_bkd_a, foreign_objects, api_login):
    from django_scopes import scopes_disabled

    from apps.instansi.models import UnitKerja

    client = api_login(admin_bkd_a)
    for other in ("6202", "6101"):
        pk = foreign_objects[other]["unit-kerja"]
        client.patch(f"/api/v1/unit-kerja/{pk}/", data={"nama": "Diambil alih"}, format="json")
        client.post(
            f"/unit-kerja/{pk}/ubah/", data={"kode": "X", "nama": "Diambil alih", "jenis": "perangkat_daerah"}
        )
    with scopes_disabled():
        assert not UnitKerja.objects.filter(nama="Diambil alih").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/unit-kerja/",
        "/anggota/",
        "/audit/",
        "/bkd/",
        "/api/v1/unit-kerja/",
        "/api/v1/anggota/",
        "/api/v1/audit/",
    ],
)
def test_lists_never_show_foreign_rows(url, admin_bkd_a, foreign_objects, api_login, unit_tree_a):
    response = api_login(admin_bkd_a).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for kode in ("6202", "6101"):
        assert f"Rahasia {kode}" not in content
        assert f"asn.{kode}" not in content
    if "unit-kerja" in url:
        assert "Dinas Pendidikan" in content  # the caller's own rows are there


def test_child_form_cannot_attach_to_a_foreign_parent(admin_bkd_a, foreign_objects, api_login):
    client = api_login(admin_bkd_a)
    foreign_parent = foreign_objects["6202"]["unit-kerja"]
    response = client.post(
        "/api/v1/unit-kerja/",
        data={"kode": "Z.01", "nama": "Bidang Z", "jenis": "bidang", "induk": foreign_parent},
        format="json",
    )
    missing = client.post(
        "/api/v1/unit-kerja/",
        data={"kode": "Z.01", "nama": "Bidang Z", "jenis": "bidang", "induk": MISSING},
        format="json",
    )
    assert response.status_code == missing.status_code == 400
    assert response.json()["induk"][0].replace(str(foreign_parent), "#") == missing.json()["induk"][
        0
    ].replace(str(MISSING), "#")


@pytest.mark.parametrize(("method", "template", "body"), OBJECT_REQUESTS, ids=lambda v: str(v)[:40])
def test_bkn_user_is_refused_before_any_lookup(method, template, body, bkn_user, foreign_objects, api_login):
    """BKN holds no tenant permission: the same 403 whether or not the object exists."""
    client = api_login(bkn_user)
    foreign = _call(client, method, template.format(pk=foreign_objects["6202"][_kind(template)]), body)
    missing = _call(client, method, template.format(pk=MISSING), body)
    assert foreign.status_code == missing.status_code == 403


def test_every_object_route_is_covered_by_this_file():
    """A new URL with an object id must be added to OBJECT_REQUESTS (or declared non-tenant)."""
    covered = {re.sub(r"\{pk\}", "<int:pk>", t).lstrip("/") for _m, t, _b in OBJECT_REQUESTS}
    covered |= {c.replace("<int:pk>", "<pk>") for c in covered}
    uncovered = []
    for route in _object_routes():
        if route not in covered and route not in NOT_TENANT_OBJECT_ROUTES:
            uncovered.append(route)
    assert uncovered == []


def _object_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not text.startswith("admin/"):
                routes.extend(_object_routes(entry, text))
        elif isinstance(entry, URLPattern) and ("<" in text) and "(?P<format>" not in text:
            text = text.replace("^", "").replace("$", "")
            text = re.sub(r"\(\?P<(\w+)>[^)]+\)", r"<\1>", text)
            routes.append(text)
    return routes
