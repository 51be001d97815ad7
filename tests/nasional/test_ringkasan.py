"""National summary: the per-instansi counts, their Celery tasks, and the BKN pages and API."""

from __future__ import annotations

import re

import pytest
from celery.signals import task_prerun
from django.utils.html import strip_tags

from apps.core.roles import TENANT_ROLES, Role
from apps.core.tenancy import ScopeError, instansi_scope, scopes_disabled
from apps.instansi.models import UnitKerja, Wilayah
from apps.nasional import tasks
from apps.nasional.models import RingkasanInstansi
from apps.nasional.services import ringkasan_refresh
from tests.assertions import assert_absent
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db


def _ringkasan(instansi) -> RingkasanInstansi | None:
    with scopes_disabled():
        return RingkasanInstansi.objects.filter(instansi=instansi).first()


def _ringkasan_count() -> int:
    with scopes_disabled():
        return RingkasanInstansi.objects.count()


@pytest.fixture
def populated(users_by_role, make_user, instansi_a, instansi_b, admin_bkd_b, unit_tree_a, unit_b):
    """Instansi A: one user per tenant role plus a second ASN carrying personal data; the
    Dinas → Bidang → Seksi tree plus an inactive perangkat daerah. Instansi B: one admin, one unit."""
    asn = make_user(
        Role.ASN,
        instansi_a,
        username="siti.pribadi",
        first_name="Sekarwangi",
        last_name="Wiratmadjaningrat",
        nip="199003152015032002",
    )
    UnitKerjaFactory(instansi=instansi_a, kode="A.09", nama="Dinas Lama", aktif=False)
    return {"asn": asn}


TENANT_USERNAMES = ["admin.a", "admin.b", "siti.pribadi"] + [f"peran.{role.value}" for role in TENANT_ROLES]


# --- service -----------------------------------------------------------------------------------


def test_ringkasan_refresh_counts_members_per_role_and_units(populated, instansi_a):
    with instansi_scope(instansi_a):
        ringkasan = ringkasan_refresh(instansi=instansi_a)
    ringkasan = _ringkasan(instansi_a)
    # users_by_role gives instansi A one member per tenant role; BKN and operator have no instansi.
    assert ringkasan.pengguna_per_peran == {
        "admin_bkd": 1,
        "verifikator": 1,
        "komite_ketua": 1,
        "komite_sekretaris": 1,
        "komite_anggota": 1,
        "ppk": 1,
        "asn": 2,
    }
    assert ringkasan.jumlah_pengguna == 8
    # Active units only: the inactive "Dinas Lama" is not counted, instansi B's unit neither.
    assert ringkasan.jumlah_perangkat_daerah == 1
    assert ringkasan.jumlah_unit_kerja == 3
    assert ringkasan.diperbarui_pada is not None


def test_ringkasan_refresh_updates_the_same_row(populated, instansi_a, make_user):
    with instansi_scope(instansi_a):
        first = ringkasan_refresh(instansi=instansi_a)
    make_user(Role.ASN, instansi_a, username="asn.baru")
    with scopes_disabled():
        UnitKerja.objects.create(
            instansi=instansi_a, kode="A.02", nama="Dinas Sosial", jenis="perangkat_daerah"
        )
    with instansi_scope(instansi_a):
        second = ringkasan_refresh(instansi=instansi_a)
    assert second.pk == first.pk
    assert _ringkasan_count() == 1
    ringkasan = _ringkasan(instansi_a)
    assert ringkasan.pengguna_per_peran["asn"] == 3
    assert ringkasan.jumlah_pengguna == 9
    assert (ringkasan.jumlah_perangkat_daerah, ringkasan.jumlah_unit_kerja) == (2, 4)
    assert ringkasan.diperbarui_pada >= first.diperbarui_pada


def test_ringkasan_refresh_outside_a_scope_is_refused(populated, instansi_a):
    with pytest.raises(ScopeError):
        ringkasan_refresh(instansi=instansi_a)
    assert _ringkasan_count() == 0


# --- tasks (eager in the test settings) --------------------------------------------------------


def test_task_creates_then_updates_the_row(populated, instansi_a, instansi_b, make_user):
    result = tasks.ringkasan_refresh.delay(instansi_id=instansi_a.pk)
    ringkasan = _ringkasan(instansi_a)
    assert result.get() == ringkasan.pk
    assert ringkasan.jumlah_pengguna == 8
    assert _ringkasan(instansi_b) is None  # only the named instansi

    make_user(Role.PPK, instansi_a, username="ppk.kedua")
    assert tasks.ringkasan_refresh.delay(instansi_id=instansi_a.pk).get() == ringkasan.pk
    ringkasan = _ringkasan(instansi_a)
    assert ringkasan.pengguna_per_peran["ppk"] == 2
    assert ringkasan.jumlah_pengguna == 9
    assert _ringkasan_count() == 1


def test_task_counts_only_its_own_instansi(populated, instansi_b):
    tasks.ringkasan_refresh.delay(instansi_id=instansi_b.pk).get()
    ringkasan = _ringkasan(instansi_b)
    assert ringkasan.pengguna_per_peran == {"admin_bkd": 1}
    assert (ringkasan.jumlah_pengguna, ringkasan.jumlah_perangkat_daerah, ringkasan.jumlah_unit_kerja) == (
        1,
        1,
        1,
    )


@pytest.fixture
def started_tasks():
    seen: list[tuple[str, dict]] = []

    def record(sender=None, kwargs=None, **_extra):
        seen.append((sender.name, dict(kwargs or {})))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def test_refresh_all_queues_one_task_per_active_instansi(
    tenants, instansi_a, instansi_b, instansi_c, started_tasks
):
    instansi_c.aktif = False
    instansi_c.save(update_fields=["aktif"])

    assert tasks.ringkasan_refresh_all.delay().get() == 2

    refreshes = [kwargs for name, kwargs in started_tasks if name == "apps.nasional.tasks.ringkasan_refresh"]
    assert sorted(kw["instansi_id"] for kw in refreshes) == sorted([instansi_a.pk, instansi_b.pk])
    assert _ringkasan(instansi_a) is not None
    assert _ringkasan(instansi_b) is not None
    assert _ringkasan(instansi_c) is None


# --- BKN pages ---------------------------------------------------------------------------------


def _table_rows(html: str) -> dict[str, list[str]]:
    """Body rows of the page's table keyed by their first cell, cells as plain text."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = [strip_tags(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        if cells:
            rows[cells[0]] = cells
    return rows


def _personal_data(populated, users_by_role) -> list[str]:
    users = [user for role, user in users_by_role.items() if role in TENANT_ROLES] + [populated["asn"]]
    values = [populated["asn"].nip, *TENANT_USERNAMES]
    values += [user.get_full_name() for user in users]
    values += ["Sekarwangi", "Wiratmadjaningrat"]
    return values


@pytest.fixture
def refreshed(populated, tenants):
    """Summary rows of all three tenants, refreshed through the service (the pages read only these)."""
    for instansi in tenants:
        with instansi_scope(instansi):
            ringkasan_refresh(instansi=instansi)
    return populated


def test_bkn_home_shows_per_province_totals(login, bkn_user, refreshed, instansi_a, instansi_b, instansi_c):
    response = login(bkn_user).get("/nasional/")
    assert response.status_code == 200
    rows = _table_rows(response.content.decode())

    otonom_62 = Wilayah.objects.filter(induk__kode="62", jenis__in=["kabupaten", "kota"]).count() + 1
    # kode, provinsi, daerah otonom, instansi terdaftar, pengguna, unit kerja
    assert rows["62"] == ["62", "Kalimantan Tengah", str(otonom_62), "2", str(8 + 1), str(3 + 1)]
    assert rows["61"][1:] == [
        "Kalimantan Barat",
        str(Wilayah.objects.filter(induk__kode="61", jenis__in=["kabupaten", "kota"]).count() + 1),
        "1",
        "0",
        "0",
    ]
    assert rows["11"][3:] == ["0", "0", "0"]  # Aceh: nobody registered
    assert len(rows) == Wilayah.objects.filter(jenis="provinsi").count()
    assert 'href="/nasional/provinsi/62/"' in response.content.decode()


def test_bkn_home_contains_no_personal_data(login, bkn_user, refreshed, users_by_role):
    assert_absent(login(bkn_user).get("/nasional/"), *_personal_data(refreshed, users_by_role))


@pytest.mark.parametrize("path", ["/bkd/", "/unit-kerja/", "/anggota/", "/audit/", "/instansi/"])
def test_bkn_is_refused_tenant_pages(login, bkn_user, unit_tree_a, path):
    assert login(bkn_user).get(path).status_code == 403


def test_bkn_is_refused_tenant_api(api_login, bkn_user, unit_tree_a):
    api = api_login(bkn_user)
    assert api.get("/api/v1/unit-kerja/").status_code == 403
    assert api.get(f"/api/v1/unit-kerja/{unit_tree_a[0].pk}/").status_code == 403
    assert api.get("/api/v1/anggota/").status_code == 403


def test_province_page_lists_its_instansi(login, bkn_user, refreshed, users_by_role, instansi_a, instansi_b):
    response = login(bkn_user).get("/nasional/provinsi/62/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = _table_rows(html)
    assert set(rows) == {"6201", "6202"}  # instansi C is in Kalimantan Barat
    # kode, instansi, pengguna, perangkat daerah, unit kerja, diperbarui
    assert rows["6201"][:5] == ["6201", instansi_a.nama, "8", "1", "3"]
    assert rows["6202"][:5] == ["6202", instansi_b.nama, "1", "1", "1"]
    for value in _personal_data(refreshed, users_by_role):
        assert value not in html, value


def test_province_page_of_unknown_or_non_province_code_is_404(login, bkn_user, instansi_a):
    client = login(bkn_user)
    assert client.get("/nasional/provinsi/99/").status_code == 404
    assert client.get("/nasional/provinsi/6201/").status_code == 404  # a kabupaten, not a province


def test_nasional_pages_are_refused_to_tenant_roles(login, admin_bkd_a):
    client = login(admin_bkd_a)
    assert client.get("/nasional/").status_code == 403
    assert client.get("/nasional/provinsi/62/").status_code == 403


# --- API ---------------------------------------------------------------------------------------


def test_ringkasan_api_for_bkn(
    api_login, bkn_user, refreshed, users_by_role, instansi_a, instansi_b, instansi_c
):
    response = api_login(bkn_user).get("/api/v1/nasional/ringkasan/")
    assert response.status_code == 200
    by_kode = {row["kode"]: row for row in response.json()}
    assert set(by_kode) == {"6201", "6202", "6101"}
    assert by_kode["6201"]["provinsi"] == "62"
    assert by_kode["6201"]["jumlah_pengguna"] == 8
    assert by_kode["6201"]["pengguna_per_peran"]["asn"] == 2
    assert by_kode["6201"]["jumlah_unit_kerja"] == 3
    assert by_kode["6101"]["jumlah_pengguna"] == 0
    body = response.content.decode()
    for value in _personal_data(refreshed, users_by_role):
        assert value not in body, value


def test_ringkasan_api_is_refused_to_admin_bkd(api_login, admin_bkd_a, refreshed):
    assert api_login(admin_bkd_a).get("/api/v1/nasional/ringkasan/").status_code == 403
