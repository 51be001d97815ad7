"""Writes for instansi, unit kerja and memberships. Every change is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.roles import NATIONAL_ROLES, TENANT_ROLES, Role
from apps.core.services import audit_event_record, changed_fields

from .models import Instansi, Membership, UnitKerja, Wilayah

if TYPE_CHECKING:
    from apps.accounts.models import User

_INSTANSI_JENIS = {
    Wilayah.Jenis.PROVINSI: (Instansi.Jenis.PEMPROV, "Pemerintah Provinsi"),
    Wilayah.Jenis.KABUPATEN: (Instansi.Jenis.PEMKAB, "Pemerintah Kabupaten"),
    Wilayah.Jenis.KOTA: (Instansi.Jenis.PEMKOT, "Pemerintah Kota"),
}


@transaction.atomic
def instansi_create(*, wilayah: Wilayah, actor: User | None, nama_bkd: str = "") -> Instansi:
    """Register an autonomous region's government as a tenant; idempotent per wilayah."""
    if wilayah.jenis not in _INSTANSI_JENIS:
        raise ValidationError(
            _("%(nama)s bukan daerah otonom: hanya provinsi, kabupaten dan kota yang menjadi instansi.")
            % {"nama": wilayah.nama_lengkap}
        )
    existing = Instansi.objects.filter(wilayah=wilayah).first()
    if existing is not None:
        return existing
    jenis, prefix = _INSTANSI_JENIS[wilayah.jenis]
    instansi = Instansi.objects.create(
        kode=wilayah.kode,
        nama=f"{prefix} {wilayah.nama}",
        jenis=jenis,
        wilayah=wilayah,
        provinsi=wilayah if wilayah.is_provinsi else wilayah.induk,
        nama_bkd=nama_bkd,
    )
    audit_event_record(
        action="instansi.create",
        instansi=instansi,
        actor=actor,
        target=instansi,
        new_values={"kode": instansi.kode, "nama": instansi.nama},
    )
    return instansi


def _unit_kerja_validate(
    *, instansi: Instansi, jenis: str, induk: UnitKerja | None, unit: UnitKerja | None
) -> None:
    expected = UnitKerja.INDUK_JENIS[UnitKerja.Jenis(jenis)]
    if expected is None and induk is not None:
        raise ValidationError(
            {"induk": _("Perangkat daerah berada langsung di bawah instansi, tanpa unit induk.")}
        )
    if expected is not None:
        if induk is None:
            raise ValidationError(
                {"induk": _("Pilih unit induk untuk %(jenis)s.") % {"jenis": UnitKerja.Jenis(jenis).label}}
            )
        if induk.instansi_id != instansi.pk:
            # Never reachable through the scoped forms and API; guards direct service callers.
            raise ValidationError({"induk": _("Unit induk tidak ditemukan.")})
        if induk.jenis != expected:
            raise ValidationError(
                {
                    "induk": _("%(jenis)s harus berada di bawah %(induk)s.")
                    % {"jenis": UnitKerja.Jenis(jenis).label, "induk": UnitKerja.Jenis(expected).label}
                }
            )
    if unit is not None and unit.pk and jenis != unit.jenis and unit.anak.exists():
        raise ValidationError({"jenis": _("Jenis unit yang masih memiliki sub-unit tidak dapat diubah.")})


@transaction.atomic
def unit_kerja_create(
    *,
    instansi: Instansi,
    actor: User | None,
    kode: str,
    nama: str,
    jenis: str,
    induk: UnitKerja | None = None,
    aktif: bool = True,
) -> UnitKerja:
    _unit_kerja_validate(instansi=instansi, jenis=jenis, induk=induk, unit=None)
    if UnitKerja.objects.filter(instansi=instansi, kode=kode).exists():
        raise ValidationError({"kode": _("Kode unit kerja %(kode)s sudah dipakai.") % {"kode": kode}})
    unit = UnitKerja.objects.create(
        instansi=instansi, kode=kode, nama=nama, jenis=jenis, induk=induk, aktif=aktif
    )
    audit_event_record(
        action="unit_kerja.create",
        instansi=instansi,
        actor=actor,
        target=unit,
        new_values={"kode": kode, "nama": nama, "jenis": jenis, "induk": induk.pk if induk else None},
    )
    return unit


@transaction.atomic
def unit_kerja_update(*, unit: UnitKerja, actor: User | None, **changes) -> UnitKerja:
    """Change kode, nama, jenis, induk or aktif; records only what actually changed."""
    allowed = {"kode", "nama", "jenis", "induk", "aktif"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unit_kerja_update() cannot change {sorted(unknown)}")
    jenis = changes.get("jenis", unit.jenis)
    induk = changes.get("induk", unit.induk)
    if induk is not None and induk.pk == unit.pk:
        raise ValidationError({"induk": _("Unit tidak dapat menjadi induk dirinya sendiri.")})
    _unit_kerja_validate(instansi=unit.instansi, jenis=jenis, induk=induk, unit=unit)
    if (
        "kode" in changes
        and UnitKerja.objects.filter(instansi=unit.instansi, kode=changes["kode"])
        .exclude(pk=unit.pk)
        .exists()
    ):
        raise ValidationError(
            {"kode": _("Kode unit kerja %(kode)s sudah dipakai.") % {"kode": changes["kode"]}}
        )
    old_values, new_values = changed_fields(unit, sorted(allowed), changes)
    if not new_values:
        return unit
    for name in new_values:
        setattr(unit, name, changes[name])
    unit.save(update_fields=[*new_values.keys()])
    audit_event_record(
        action="unit_kerja.update",
        instansi=unit.instansi,
        actor=actor,
        target=unit,
        old_values=old_values,
        new_values=new_values,
    )
    return unit


@transaction.atomic
def membership_create(
    *, user: User, role: Role | str, instansi: Instansi | None, actor: User | None
) -> Membership:
    """Give a user their one role; tenant roles need an instansi, BKN and operator must not have one."""
    role = Role(role)
    if role in TENANT_ROLES and instansi is None:
        raise ValidationError(_("Peran %(peran)s membutuhkan instansi.") % {"peran": role.label})
    if role in NATIONAL_ROLES and instansi is not None:
        raise ValidationError(_("Peran %(peran)s tidak terikat pada satu instansi.") % {"peran": role.label})
    membership = Membership.objects.create(user=user, role=role, instansi=instansi)
    audit_event_record(
        action="membership.create",
        instansi=instansi,
        actor=actor,
        target=membership,
        new_values={"user": user.get_username(), "role": role.value},
    )
    return membership
