"""Meta-tests: the tenancy rules hold for every model, viewset and module, present and future."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from apps.core.api import TenantViewSet
from apps.core.tenancy import ScopedManager
from apps.instansi.models import Instansi

# (model label, field) -> why a unique column without `instansi` is right there.
UNIQUE_EXCEPTIONS = {
    ("instansi.Membership", "user"): "one membership per user across the platform",
    ("nasional.RingkasanInstansi", "instansi"): "the column is the instansi itself",
    ("pegawai.Pegawai", "user"): "a login belongs to one person, wherever they work",
    ("pegawai.KelengkapanData", "pegawai"): "one row per pegawai; it moves with the pegawai on mutasi",
    (
        "suksesi.StatusSuksesi",
        "jabatan_kunci",
    ): "one derived row per key post; a key post never changes instansi",
}

# Modules allowed to lift or widen the tenant scope, each for a stated reason.
SCOPE_ESCAPES = {
    "apps/core/tenancy.py": "defines the mechanism (and lintas_instansi, the reviewed cross-tenant one)",
    "apps/instansi/selectors.py": "membership lookup by the authenticated user, to find the tenant",
}
# Every cross-tenant path goes through lintas_instansi(alasan=Lintas.…); its use sites are reviewed
# one by one in tests/core/test_rls.py (REVIEWED_LINTAS).


ESCAPE_PATTERN = re.compile(r"scopes_disabled\(|with_scopes_disabled|\bscope\(\s*instansi\s*=\s*(None|\[)")


def tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(field, models.ForeignKey)
            and field.related_model is Instansi
            and field.name == "instansi"
            for field in model._meta.get_fields()
            if field.concrete
        )
    ]


def test_there_are_tenant_models_to_check():
    labels = {model._meta.label for model in tenant_models()}
    assert {"instansi.UnitKerja", "instansi.Membership", "core.AuditEvent"} <= labels


@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m._meta.label)
def test_every_tenant_model_uses_the_scoped_manager(model):
    assert isinstance(model._default_manager, ScopedManager), model._meta.label
    assert isinstance(model.objects, ScopedManager), model._meta.label


@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m._meta.label)
def test_every_unique_constraint_of_a_tenant_model_includes_instansi(model):
    label = model._meta.label
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            assert "instansi" in constraint.fields, f"{label}.{constraint.name} lacks instansi"
    for fields in model._meta.unique_together:
        assert "instansi" in fields, f"{label} unique_together {fields} lacks instansi"
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            assert (label, field.name) in UNIQUE_EXCEPTIONS, f"{label}.{field.name} is unique across tenants"


def test_every_api_viewset_on_a_tenant_model_derives_from_tenant_viewset():
    from talenta.api_urls import router

    tenant = set(tenant_models())
    for prefix, viewset, _basename in router.registry:
        model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
        if model in tenant:
            assert issubclass(viewset, TenantViewSet), f"/api/v1/{prefix}/ bypasses TenantViewSet"


@pytest.mark.parametrize("method", ["get_queryset", "get_object", "get_permissions", "initial"])
def test_tenant_viewset_cannot_be_bypassed(method):
    with pytest.raises(TypeError, match=method):
        type("Sneaky", (TenantViewSet,), {method: lambda self: None})


def test_scope_escape_hatches_appear_only_in_reviewed_modules():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in (base / "apps").rglob("*.py"):
        relative = path.relative_to(base).as_posix()
        text = path.read_text(encoding="utf-8")
        if ESCAPE_PATTERN.search(text) and relative not in SCOPE_ESCAPES:
            offenders.append(relative)
    assert offenders == [], f"Unreviewed scope escapes: {offenders}"
