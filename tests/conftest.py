"""Shared fixtures: three tenants (two kabupaten of Kalimantan Tengah, one of Kalimantan Barat),
users of every role, a BKN user and an operator.

Fixtures build data freely (pretix-style: every non-generator fixture runs with scopes disabled);
the code under test runs scoped exactly as in production.
"""

from __future__ import annotations

import inspect
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.core.roles import TENANT_ROLES, Role
from tests.factories import AsnPegawaiFactory, UnitKerjaFactory, UserFactory, instansi_for, user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

PASSWORD = "rahasia-Talenta-1"


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if inspect.isgeneratorfunction(fixturedef.func):
        yield
    else:
        with scopes_disabled():
            yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is migrated by its owner (this superuser); the application role that
    row-level security applies to is created and granted by the same command as in production."""
    with django_db_blocker.unblock():
        call_command("db_roles", verbosity=0)
    yield


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    """The cache lives in Redis: every test starts with an empty one. Only this process's
    keys are deleted (its own prefix), so concurrent test runs do not disturb each other."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        client.delete(key)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: PostgreSQL, Redis, the worker and Chromium must be there."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; skips are not allowed in CI.", red=True)
        session.exitstatus = 1


# --- tenants -----------------------------------------------------------------------------------


@pytest.fixture
def instansi_a(db):
    return instansi_for("6201")  # Kabupaten Kotawaringin Barat, Kalimantan Tengah


@pytest.fixture
def instansi_b(db):
    return instansi_for("6202")  # Kabupaten Kotawaringin Timur, Kalimantan Tengah


@pytest.fixture
def instansi_c(db):
    return instansi_for("6101")  # Kabupaten Sambas, Kalimantan Barat


@pytest.fixture
def tenants(instansi_a, instansi_b, instansi_c):
    return [instansi_a, instansi_b, instansi_c]


# --- users -------------------------------------------------------------------------------------


@pytest.fixture
def make_user(db):
    def make(role: Role, instansi=None, **kwargs):
        if role == Role.OPERATOR:
            return UserFactory(is_superuser=True, is_staff=True, **kwargs)
        return user_with_role(role, instansi if role in TENANT_ROLES else None, **kwargs)

    return make


@pytest.fixture
def admin_bkd_a(make_user, instansi_a):
    return make_user(Role.ADMIN_BKD, instansi_a, username="admin.a")


@pytest.fixture
def admin_bkd_b(make_user, instansi_b):
    return make_user(Role.ADMIN_BKD, instansi_b, username="admin.b")


@pytest.fixture
def bkn_user(make_user):
    return make_user(Role.BKN, username="bkn.pusat")


@pytest.fixture
def operator_user(make_user):
    return make_user(Role.OPERATOR, username="operator")


@pytest.fixture
def users_by_role(make_user, instansi_a):
    """One user per role; tenant roles belong to instansi A."""
    return {role: make_user(role, instansi_a, username=f"peran.{role.value}") for role in Role}


# --- tenant data -------------------------------------------------------------------------------


@pytest.fixture
def unit_tree_a(instansi_a):
    """Dinas → Bidang → Seksi in instansi A."""
    dinas = UnitKerjaFactory(instansi=instansi_a, kode="A.01", nama="Dinas Pendidikan")
    bidang = UnitKerjaFactory(
        instansi=instansi_a, kode="A.01.01", nama="Bidang Pembinaan SD", jenis="bidang", induk=dinas
    )
    seksi = UnitKerjaFactory(
        instansi=instansi_a, kode="A.01.01.01", nama="Seksi Kurikulum", jenis="seksi", induk=bidang
    )
    return dinas, bidang, seksi


@pytest.fixture
def pegawai_a(instansi_a):
    """Siti Rahmawati, an ASN of instansi A signing in as `asn.siti`, her data 57 % complete."""
    return AsnPegawaiFactory(instansi=instansi_a, username="asn.siti")


@pytest.fixture
def unit_b(instansi_b):
    return UnitKerjaFactory(instansi=instansi_b, kode="B.01", nama="Dinas Kesehatan")


# --- clients -----------------------------------------------------------------------------------


@pytest.fixture
def login(client):
    """Session login as the given user on the Django test client (the real middleware runs)."""

    def do_login(user):
        client.force_login(user)
        return client

    return do_login


@pytest.fixture
def api_login():
    from rest_framework.test import APIClient

    def do_login(user):
        api = APIClient()
        api.force_login(user)
        return api

    return do_login
