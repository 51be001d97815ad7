"""Reads for instansi, wilayah, unit kerja and memberships."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count

from apps.core.tenancy import scopes_disabled

from .models import Instansi, Membership, UnitKerja

if TYPE_CHECKING:
    from apps.accounts.models import User


def membership_get_for_user(*, user: User) -> Membership | None:
    """The one lookup of a membership across tenants: the middleware needs it to know the tenant.

    It reads one row, keyed by the authenticated user, never by request data.
    """
    with scopes_disabled():
        return Membership.objects.select_related("instansi", "instansi__provinsi").filter(user=user).first()


def membership_counts_by_role(*, instansi: Instansi) -> dict[str, int]:
    """Members of the instansi per role code (runs inside the instansi's scope)."""
    rows = Membership.objects.filter(instansi=instansi).values("role").annotate(n=Count("id"))
    return {row["role"]: row["n"] for row in rows}


def membership_list(*, instansi: Instansi, roles: list[str] | None = None):
    queryset = (
        Membership.objects.filter(instansi=instansi).select_related("user").order_by("role", "user__username")
    )
    if roles:
        queryset = queryset.filter(role__in=roles)
    return queryset


@dataclass
class UnitKerjaNode:
    unit: UnitKerja
    children: list[UnitKerjaNode] = field(default_factory=list)


def unit_kerja_tree(*, instansi: Instansi, include_inactive: bool = True) -> list[UnitKerjaNode]:
    """The whole tree in one query, as nested nodes ordered by kode."""
    queryset = UnitKerja.objects.filter(instansi=instansi).order_by("kode")
    if not include_inactive:
        queryset = queryset.filter(aktif=True)
    nodes = {unit.pk: UnitKerjaNode(unit=unit) for unit in queryset}
    roots: list[UnitKerjaNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.induk_id)
        (parent.children if parent else roots).append(node)
    return roots


def unit_kerja_counts(*, instansi: Instansi) -> dict[str, int]:
    """Active unit kerja per jenis."""
    counts = Counter(UnitKerja.objects.filter(instansi=instansi, aktif=True).values_list("jenis", flat=True))
    return {jenis: counts.get(jenis, 0) for jenis in UnitKerja.Jenis.values}


def instansi_list_active():
    """Tenants are not tenant-owned data: listing them crosses no tenant boundary."""
    return Instansi.objects.filter(aktif=True).select_related("provinsi").order_by("kode")
