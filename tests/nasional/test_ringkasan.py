"""National summary: the per-instansi counts and their Celery tasks (BKN pages and API: test_halaman.py)."""

from __future__ import annotations

import pytest
from celery.signals import task_prerun

from apps.core.roles import TENANT_ROLES, Role
from apps.core.tenancy import ScopeError, instansi_scope, scopes_disabled
from apps.instansi.models import UnitKerja
from apps.nasional import tasks
from apps.nasional.models import RingkasanInstansi
from apps.nasional.services import ringkasan_refresh
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
