"""The nine-box in miniature on the home pages of the roles that hold talenta.view."""

from __future__ import annotations

import re

import pytest

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from tests.assertions import assert_absent
from tests.factories import PegawaiFactory, PenempatanFactory

from .test_ninebox import TAHUN

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(instansi_a, instansi_b):
    with instansi_scope(instansi_a):
        for kotak, n in ((9, 2), (5, 3)):
            for _ in range(n):
                PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=kotak)
        PenempatanFactory(
            pegawai=PegawaiFactory(instansi=instansi_a), kotak=1, status="perlu_data", kekurangan=["skp: -"]
        )
    with instansi_scope(instansi_b):
        for _ in range(7):
            PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_b), kotak=9)


def _cell(html: str, kotak: int) -> str:
    match = re.search(rf'aria-label="Kotak {kotak}: (\d+) pegawai"', html)
    assert match, f"box {kotak} not on the page"
    return match.group(1)


@pytest.mark.parametrize(
    ("role", "home"), [(Role.ADMIN_BKD, "/bkd/"), (Role.KOMITE_KETUA, "/komite/"), (Role.PPK, "/ppk/")]
)
def test_home_pages_show_the_instansi_own_counts(placed, login, make_user, instansi_a, role, home):
    client = login(make_user(role, instansi_a))
    html = client.get(home).content.decode()
    assert _cell(html, 9) == "2" and _cell(html, 5) == "3" and _cell(html, 1) == "0"
    assert '<span class="stat__value">2</span><span class="stat__label">di talent pool (kotak 7–9)' in html
    assert '<span class="stat__value">5</span><span class="stat__label">penempatan final' in html
    assert re.search(
        r'<a href="/talenta/sembilan-kotak/perlu-data/">1</a></span><span class="stat__label">perlu data',
        html,
    )
    assert 'href="/talenta/sembilan-kotak/kotak/9/"' in html


def test_verifikator_home_has_no_talent_card(placed, login, make_user, instansi_a):
    client = login(make_user(Role.VERIFIKATOR, instansi_a))
    assert_absent(client.get("/verifikator/"), "Peta talenta", "mini-ninebox")


def test_viewing_the_talent_pages_writes_nothing(login, make_user, instansi_a):
    """Before the first flush the instansi has no rule set: pages read the national preset
    instead of creating a copy (a page view never writes)."""
    from apps.core.models import AuditEvent
    from apps.petatalenta.models import AturanTalenta

    client = login(make_user(Role.ADMIN_BKD, instansi_a))
    with instansi_scope(instansi_a):
        before = AuditEvent.objects.filter(instansi=instansi_a).count()
    html = client.get("/bkd/").content.decode()
    assert f"Peta talenta {TAHUN}" in html  # the year is not formatted as a number (2.026)
    assert client.get("/talenta/sembilan-kotak/").status_code == 200
    with instansi_scope(instansi_a):
        assert not AturanTalenta.objects.filter(instansi=instansi_a).exists()
        assert AuditEvent.objects.filter(instansi=instansi_a).count() == before
