"""Reads shared by every part of the committee: its members on a date, the quorum of a session,
recusal, and the one check that a user may record a decision on an agenda item now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.suksesi.models import Kandidat, NominasiKhusus

from .models import AgendaSidang, AnggotaKomite, KehadiranSidang, PengaturanKomite, Sidang

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi


def kesiapan_label(value: str) -> str:
    """A readiness code of the succession engine in words ("siap_1_2" → "Siap 1–2 tahun"); an
    unknown code as it is."""
    try:
        return str(Kandidat.Kesiapan(value).label)
    except ValueError:
        return value or ""


def pengaturan_komite_get(*, instansi: Instansi) -> PengaturanKomite:
    """The instansi's committee settings (unsaved defaults when it has none)."""
    return PengaturanKomite.objects.filter(instansi=instansi).first() or PengaturanKomite(instansi=instansi)


def anggota_aktif_q(tanggal: dt.date) -> Q:
    return Q(mulai__lte=tanggal) & (Q(selesai__isnull=True) | Q(selesai__gte=tanggal))


def anggota_aktif_list(*, instansi: Instansi, tanggal: dt.date) -> QuerySet[AnggotaKomite]:
    """The members whose term covers `tanggal`."""
    return (
        AnggotaKomite.objects.filter(anggota_aktif_q(tanggal), instansi=instansi)
        .select_related("user", "pegawai")
        .order_by("peran", "user__first_name", "user__username", "pk")
    )


def anggota_untuk_user(*, instansi: Instansi, user: User, tanggal: dt.date) -> AnggotaKomite | None:
    """The user's membership of the committee on `tanggal`, if any."""
    return anggota_aktif_list(instansi=instansi, tanggal=tanggal).filter(user=user).first()


@dataclass(frozen=True)
class Kuorum:
    anggota_aktif: int
    hadir: int
    minimal: int
    ketua_hadir: bool
    wajib_ketua: bool

    @property
    def tercapai(self) -> bool:
        return self.hadir >= self.minimal and (self.ketua_hadir or not self.wajib_ketua)

    @property
    def alasan(self) -> str:
        """Why the quorum is not reached (empty when it is), in words a secretary understands."""
        if self.anggota_aktif == 0:
            return _("Komite Talenta belum memiliki anggota aktif pada tanggal sidang.")
        if self.hadir < self.minimal:
            return _("Belum kuorum: hadir %(hadir)s dari %(aktif)s anggota, minimal %(minimal)s.") % {
                "hadir": self.hadir,
                "aktif": self.anggota_aktif,
                "minimal": self.minimal,
            }
        if self.wajib_ketua and not self.ketua_hadir:
            return _("Belum kuorum: ketua atau penggantinya belum hadir.")
        return ""


def kuorum_status(*, sidang: Sidang) -> Kuorum:
    """Quorum on the session's date: more than `kuorum_persen` % of the members active then must be
    present, including the ketua or the named substitute (when the setting asks for it)."""
    pengaturan = pengaturan_komite_get(instansi=sidang.instansi)
    aktif = list(anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal))
    hadir_ids = set(
        KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang, hadir=True).values_list(
            "anggota_id", flat=True
        )
    )
    hadir = [a for a in aktif if a.pk in hadir_ids]
    minimal = len(aktif) * pengaturan.kuorum_persen // 100 + 1
    return Kuorum(
        anggota_aktif=len(aktif),
        hadir=len(hadir),
        minimal=minimal,
        ketua_hadir=any(a.peran == AnggotaKomite.Peran.KETUA or a.pengganti_ketua for a in hadir),
        wajib_ketua=pengaturan.kuorum_wajib_ketua,
    )


def anggota_terhalang(*, agenda: AgendaSidang, anggota: AnggotaKomite) -> str:
    """Why `anggota` is recused from `agenda` (empty when not): an item about themself, or a key
    post they are a candidate for (computed list or special nomination)."""
    if anggota.pegawai_id is None:
        return ""
    if agenda.jenis == AgendaSidang.Jenis.KALIBRASI and agenda.pegawai_id == anggota.pegawai_id:
        return _("Agenda ini tentang diri Anda sendiri.")
    if agenda.jenis == AgendaSidang.Jenis.SUKSESI:
        filters = {"instansi": agenda.instansi, "jabatan_kunci_id": agenda.jabatan_kunci_id}
        if (
            Kandidat.objects.filter(**filters, pegawai_id=anggota.pegawai_id).exists()
            or NominasiKhusus.objects.filter(**filters, pegawai_id=anggota.pegawai_id).exists()
        ):
            return _("Anda termasuk calon suksesor jabatan ini.")
    return ""


def anggota_hadir_tidak_terhalang(*, agenda: AgendaSidang) -> list[AnggotaKomite]:
    """The members present at the session who may decide on `agenda` (they bound the vote count)."""
    sidang = agenda.sidang
    hadir_ids = set(
        KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang, hadir=True).values_list(
            "anggota_id", flat=True
        )
    )
    return [
        anggota
        for anggota in anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal)
        if anggota.pk in hadir_ids and not anggota_terhalang(agenda=agenda, anggota=anggota)
    ]


@dataclass(frozen=True)
class Pemutus:
    """Who a user is at a session: their membership on its date, whether they are present, and the
    session's quorum. The same for every item of the session, so a page computes it once."""

    anggota: AnggotaKomite | None
    hadir: bool
    kuorum: Kuorum


def pemutus_untuk(*, sidang: Sidang, user: User) -> Pemutus:
    anggota = anggota_untuk_user(instansi=sidang.instansi, user=user, tanggal=sidang.tanggal)
    hadir = (
        anggota is not None
        and KehadiranSidang.objects.filter(
            instansi=sidang.instansi, sidang=sidang, anggota=anggota, hadir=True
        ).exists()
    )
    return Pemutus(anggota=anggota, hadir=hadir, kuorum=kuorum_status(sidang=sidang))


def pemutus_periksa(*, agenda: AgendaSidang, user: User, pemutus: Pemutus | None = None) -> AnggotaKomite:
    """The one gate before a decision on `agenda` is recorded by `user`: the session is under way,
    it has quorum, the user is a member present and not recused, and the item is still undecided.
    Returns the member; raises ValidationError with a message for the user otherwise. Services pass
    no `pemutus` (it is read fresh under their lock); a page showing many items passes the one it
    computed for the session."""
    sidang = agenda.sidang
    if sidang.status != Sidang.Status.BERLANGSUNG:
        raise ValidationError(_("Keputusan hanya dapat dicatat saat sidang berlangsung."), code="status")
    pemutus = pemutus or pemutus_untuk(sidang=sidang, user=user)
    anggota = pemutus.anggota
    if anggota is None:
        raise ValidationError(
            _("Anda bukan anggota Komite Talenta pada tanggal sidang."), code="bukan_anggota"
        )
    if not pemutus.hadir:
        raise ValidationError(_("Hanya anggota yang hadir yang dapat memutuskan."), code="tidak_hadir")
    alasan = anggota_terhalang(agenda=agenda, anggota=anggota)
    if alasan:
        raise ValidationError(
            _("Anda tidak dapat ikut memutuskan agenda ini: %(alasan)s") % {"alasan": alasan},
            code="terhalang",
        )
    if not pemutus.kuorum.tercapai:
        raise ValidationError(pemutus.kuorum.alasan, code="kuorum")
    if agenda.keputusan.exists():
        raise ValidationError(
            _("Agenda ini sudah diputuskan; perubahan memerlukan sidang baru."), code="sudah_diputuskan"
        )
    return anggota
