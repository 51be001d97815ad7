"""The load benchmark's journeys (bench/load/) against the URL conf and the sign-in page: a renamed
URL or a changed sign-in form breaks this test, not the load run (docs/benchmarks.md)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import resolve, reverse

from apps.core.roles import Role
from tests.factories import user_with_role

LOAD_DIR = Path(__file__).resolve().parent.parent / "bench" / "load"
sys.path.insert(0, str(LOAD_DIR))

import journeys  # noqa: E402 - bench/load/ is not a package

TARGETS = {
    "pegawai": [101, 202],
    "cari": ["Siti", "19900315"],
    "verifikasi": [("pendidikan", 7), ("diklat", 8)],
    "jabatan_kunci": [3],
    "sidang": [4],
    "provinsi": ["62"],
    "instansi": ["6271"],
    "akun": {role: [f"{role}.satu", f"{role}.dua"] for role in journeys.ROLES},
}


@pytest.mark.parametrize("page", journeys.all_pages(), ids=lambda page: page.name)
def test_page_resolves_to_its_url_name(page):
    for seed in range(5):
        path, kwargs = page.build(random.Random(seed), TARGETS)
        assert resolve(path.split("?")[0]).view_name == page.url_name, path
        assert reverse(page.url_name, kwargs=kwargs or None) == path.split("?")[0]


def test_every_role_walks_pages_and_has_accounts():
    assert set(journeys.ROLES) == {"asn", "bkd", "verifikator", "komite", "bkn"}
    for role, (pages, weight) in journeys.ROLES.items():
        assert pages and weight > 0, role
        # ASN accounts are one per simulated user; staff accounts are shared, wrapping around
        assert journeys.account_for(role, 0, TARGETS) != journeys.account_for(role, 1, TARGETS)
        assert journeys.account_for(role, 2, TARGETS) == journeys.account_for(role, 0, TARGETS)


@pytest.mark.django_db
def test_sign_in_form_as_the_load_posts_it():
    """The token regex, the field names and the success test of journeys.login, on the real page
    with CSRF checks on."""
    user_with_role(Role.BKN, None, username="beban.bkn", password=journeys.PASSWORD)
    client = Client(enforce_csrf_checks=True)
    page = client.get(journeys.LOGIN_PATH)
    response = client.post(journeys.LOGIN_PATH, journeys.login_form(page.content.decode(), "beban.bkn"))
    assert journeys.signed_in(response), response.status_code
    wrong = Client(enforce_csrf_checks=True)
    form = journeys.login_form(wrong.get(journeys.LOGIN_PATH).content.decode(), "beban.bkn")
    assert not journeys.signed_in(wrong.post(journeys.LOGIN_PATH, {**form, "password": "salah-123456"}))


def test_locustfile_imports_with_one_user_class_per_role():
    """In a process of its own: importing Locust patches the standard library (gevent)."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import locustfile, journeys; "
        "roles = sorted(c.role for c in locustfile._Role.__subclasses__()); "
        "assert roles == sorted(journeys.ROLES), roles; print('ok')"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, "-c", code, str(LOAD_DIR)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
