"""Fail-closed tenancy at the ORM: no scope, no data; a scope, only that tenant's data."""

import pytest
from django.db.models import Exists, OuterRef, Subquery
from django_scopes import scope, scopes_disabled

from apps.core.tenancy import ScopeError, instansi_scope
from apps.instansi.models import Membership, UnitKerja
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db

OUTSIDE_SCOPE_QUERIES = {
    "all()": lambda: list(UnitKerja.objects.all()),
    "filter()": lambda: UnitKerja.objects.filter(kode="A.01"),
    "get()": lambda: UnitKerja.objects.get(kode="A.01"),
    "first()": lambda: UnitKerja.objects.first(),
    "count()": lambda: UnitKerja.objects.count(),
    "exists()": lambda: UnitKerja.objects.exists(),
    "exclude().exists()": lambda: UnitKerja.objects.exclude(kode="x").exists(),
    "in_bulk()": lambda: UnitKerja.objects.in_bulk(),
    "values_list()": lambda: list(UnitKerja.objects.values_list("kode", flat=True)),
    "iterator()": lambda: list(UnitKerja.objects.iterator()),
    "aggregate()": lambda: UnitKerja.objects.aggregate(n=__import__("django").db.models.Count("id")),
    "select_related()": lambda: list(UnitKerja.objects.select_related("induk")),
    "update()": lambda: UnitKerja.objects.update(nama="x"),
    "delete()": lambda: UnitKerja.objects.all().delete(),
    "raw()": lambda: list(UnitKerja.objects.raw("SELECT * FROM instansi_unitkerja")),
    "Subquery()": lambda: Subquery(UnitKerja.objects.values("pk")),
    "Exists()": lambda: Exists(UnitKerja.objects.filter(pk=OuterRef("pk"))),
    "membership": lambda: list(Membership.objects.all()),
}


@pytest.mark.parametrize("name", sorted(OUTSIDE_SCOPE_QUERIES))
def test_tenant_query_outside_any_scope_raises(name, unit_tree_a):
    with pytest.raises(ScopeError):
        OUTSIDE_SCOPE_QUERIES[name]()


def test_scope_shows_only_own_tenant(instansi_a, instansi_b, unit_tree_a, unit_b):
    with instansi_scope(instansi_a):
        assert set(UnitKerja.objects.values_list("kode", flat=True)) == {"A.01", "A.01.01", "A.01.01.01"}
        assert not UnitKerja.objects.filter(pk=unit_b.pk).exists()
    with instansi_scope(instansi_b):
        assert list(UnitKerja.objects.values_list("kode", flat=True)) == ["B.01"]


def test_instansi_scope_refuses_none_which_would_mean_all_tenants():
    with pytest.raises(ScopeError), instansi_scope(None):
        pass


def test_create_and_none_work_outside_scope(instansi_a):
    unit = UnitKerja.objects.create(
        instansi=instansi_a, kode="X.01", nama="Dinas X", jenis="perangkat_daerah"
    )
    assert unit.pk
    assert list(UnitKerja.objects.none()) == []


def test_explicit_all_tenant_scope_is_the_only_way_to_see_everything(unit_tree_a, unit_b):
    with scope(instansi=None):
        assert UnitKerja.objects.count() == 4
    with scopes_disabled():
        assert UnitKerja.objects.count() == 4


def test_related_manager_is_scoped_too(instansi_a, unit_tree_a):
    dinas, _bidang, _seksi = unit_tree_a
    with pytest.raises(ScopeError):
        list(dinas.anak.all())
    with instansi_scope(instansi_a):
        assert [u.kode for u in dinas.anak.all()] == ["A.01.01"]


def test_unscoped_queryset_factory_fixture_data_is_still_usable(unit_tree_a):
    """Factories ran with scopes disabled (conftest hook); the test body itself is unscoped."""
    with pytest.raises(ScopeError):
        UnitKerjaFactory._meta.model.objects.count()
