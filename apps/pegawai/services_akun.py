"""Linking a pegawai to the ASN's user account (BKD). Audited like every other profile change.

Kept apart from services.py because `pegawai_update` does not take `user`: a login is not a
profile field, and linking one needs its own checks (same instansi, role ASN, not linked twice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.roles import Role
from apps.core.services import audit_event_record
from apps.instansi.models import Membership

from .models import Pegawai

if TYPE_CHECKING:
    from apps.accounts.models import User


def akun_asn_get(*, pegawai: Pegawai, username: str) -> User:
    """The ASN user of the pegawai's instansi with this username, ready to be linked to it."""
    membership = (
        Membership.objects.filter(instansi=pegawai.instansi_id, role=Role.ASN, user__username=username)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise ValidationError(
            {"akun": _("Tidak ada pengguna ASN instansi ini dengan nama pengguna “%(u)s”.") % {"u": username}}
        )
    user = membership.user
    other = Pegawai.objects.filter(instansi=pegawai.instansi_id, user=user).exclude(pk=pegawai.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "akun": _("Akun “%(u)s” sudah terhubung dengan pegawai lain (%(nama)s).")
                % {"u": username, "nama": other.nama_lengkap}
            }
        )
    if user.nip and user.nip != pegawai.nip:
        raise ValidationError(
            {
                "akun": _("NIP pada akun “%(u)s” (%(nip_akun)s) berbeda dengan NIP pegawai (%(nip)s).")
                % {"u": username, "nip_akun": user.nip, "nip": pegawai.nip}
            }
        )
    return user


@transaction.atomic
def pegawai_akun_set(*, pegawai: Pegawai, username: str, actor: User | None) -> Pegawai:
    """Link the pegawai to the ASN account `username`, or unlink it when `username` is empty."""
    username = (username or "").strip()
    old = pegawai.user
    if not username:
        if old is None:
            return pegawai
        user = None
    else:
        if old is not None and old.username == username:
            return pegawai
        user = akun_asn_get(pegawai=pegawai, username=username)
    pegawai.user = user
    try:
        with transaction.atomic():
            pegawai.save(update_fields=["user", "diubah_pada"])
    except IntegrityError:
        pegawai.user = old
        # Linked to a pegawai this instansi cannot see (e.g. after a mutasi).
        raise ValidationError(
            {"akun": _("Akun “%(u)s” sudah terhubung dengan pegawai lain.") % {"u": username}}
        ) from None
    audit_event_record(
        action="pegawai.akun",
        instansi=pegawai.instansi,
        actor=actor,
        target=pegawai,
        old_values={"akun": old.username if old else None},
        new_values={"akun": user.username if user else None},
    )
    return pegawai
