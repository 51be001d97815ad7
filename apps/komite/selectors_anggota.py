"""Reads of the committee's membership page and API: members now, later and past, the users who may
be members, and the quorum rule in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.roles import KOMITE_ROLES
from apps.instansi.models import Membership

from .models import AnggotaKomite, PengaturanKomite
from .selectors import anggota_aktif_q

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


@dataclass(frozen=True)
class SusunanKomite:
    aktif: list[AnggotaKomite]
    mendatang: list[AnggotaKomite]
    selesai: list[AnggotaKomite]


def anggota_komite_qs(*, instansi: Instansi) -> QuerySet[AnggotaKomite]:
    return AnggotaKomite.objects.filter(instansi=instansi).select_related("user", "pegawai")


def anggota_komite_get(*, instansi: Instansi, pk: int) -> AnggotaKomite | None:
    """One membership row of the instansi (another instansi's: None, like a missing one)."""
    return anggota_komite_qs(instansi=instansi).filter(pk=pk).first()


def anggota_komite_susunan(*, instansi: Instansi, tanggal: dt.date) -> SusunanKomite:
    """The members on `tanggal` (ketua first), those whose term starts later, and past terms."""
    urutan = {AnggotaKomite.Peran.KETUA: 0, AnggotaKomite.Peran.SEKRETARIS: 1, AnggotaKomite.Peran.ANGGOTA: 2}
    rows = list(anggota_komite_qs(instansi=instansi))

    def kunci(a: AnggotaKomite):
        return (urutan.get(a.peran, 9), not a.pengganti_ketua, str(a.user).casefold(), a.pk)

    aktif = sorted(
        (a for a in rows if a.mulai <= tanggal and (a.selesai is None or a.selesai >= tanggal)), key=kunci
    )
    mendatang = sorted((a for a in rows if a.mulai > tanggal), key=lambda a: (a.mulai, *kunci(a)))
    selesai = sorted(
        (a for a in rows if a.selesai is not None and a.selesai < tanggal),
        key=lambda a: (a.selesai, a.pk),
        reverse=True,
    )
    return SusunanKomite(aktif=aktif, mendatang=mendatang, selesai=selesai)


def anggota_komite_aktif_count(*, instansi: Instansi, tanggal: dt.date) -> int:
    return AnggotaKomite.objects.filter(anggota_aktif_q(tanggal), instansi=instansi).count()


def pengguna_komite_pilihan(*, instansi: Instansi) -> QuerySet[User]:
    """The users of the instansi who sign in with a Komite role (the only possible members)."""
    user_ids = Membership.objects.filter(instansi=instansi, role__in=sorted(KOMITE_ROLES)).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=user_ids), is_active=True)
        .select_related("membership")
        .order_by("first_name", "last_name", "username")
    )


def kuorum_aturan_teks(*, pengaturan: PengaturanKomite) -> str:
    """The quorum rule in words, for the membership page and the session page."""
    if pengaturan.kuorum_wajib_ketua:
        return _(
            "Sidang kuorum bila yang hadir lebih dari %(persen)s%% anggota aktif pada tanggal sidang, "
            "termasuk ketua atau pengganti ketua."
        ) % {"persen": pengaturan.kuorum_persen}
    return _("Sidang kuorum bila yang hadir lebih dari %(persen)s%% anggota aktif pada tanggal sidang.") % {
        "persen": pengaturan.kuorum_persen
    }


def kuorum_minimal(*, pengaturan: PengaturanKomite, jumlah_aktif: int) -> int:
    """How many members must be present (the same arithmetic as selectors.kuorum_status)."""
    return jumlah_aktif * pengaturan.kuorum_persen // 100 + 1
