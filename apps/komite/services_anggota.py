"""Writes of the committee's membership and settings (`komite.manage`: Admin BKD, sekretaris).

Rules of a membership (checked here for the page and the API alike):
- the user signs in to the same instansi with the matching Komite role (ketua ↔ Ketua Komite
  Talenta, sekretaris ↔ Sekretaris Komite Talenta, anggota ↔ Anggota Komite Talenta);
- at most one ketua and one pengganti ketua are active on any date;
- one user's terms do not overlap;
- the member's pegawai record (for recusal) defaults to the user's own (`Pegawai.user`), else the
  pegawai of the instansi with the user's NIP;
- once a session that is no longer a draft counted a member, what that session counted stays true:
  the role, the substitute mark and the pegawai record do not change, and the term keeps covering
  that session's date. Nothing is ever deleted: a term is ended with an end date.
Every write locks the instansi row (two concurrent additions cannot both become the ketua), and
records one audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from apps.core.events import ringkasan_stale_send
from apps.core.roles import Role
from apps.core.services import audit_event_record, changed_fields
from apps.core.tenancy import tenant_model
from apps.instansi.models import Membership
from apps.pegawai.models import Pegawai

from .models import AnggotaKomite, KehadiranSidang, PengaturanKomite, Sidang

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

ROLE_PERAN: dict[str, Role] = {
    AnggotaKomite.Peran.KETUA: Role.KOMITE_KETUA,
    AnggotaKomite.Peran.SEKRETARIS: Role.KOMITE_SEKRETARIS,
    AnggotaKomite.Peran.ANGGOTA: Role.KOMITE_ANGGOTA,
}
PENGATURAN_FIELDS = (
    "kuorum_persen",
    "kuorum_wajib_ketua",
    "batas_kotak_9_persen",
    "batas_talent_pool_persen",
    "kop_surat",
)
KUORUM_FIELDS = ("kuorum_persen", "kuorum_wajib_ketua")
ANGGOTA_FIELDS = ("peran", "pengganti_ketua", "mulai", "selesai", "pegawai")


def _kunci_instansi(instansi: Instansi) -> None:
    """Serialise the membership writes of one instansi (the checks below read other rows)."""
    tenant_model().objects.select_for_update().filter(pk=instansi.pk).first()


def _tumpang_tindih_q(mulai: dt.date, selesai: dt.date | None) -> Q:
    """Terms that share at least one day with [mulai, selesai] (open-ended when selesai is None)."""
    q = Q(selesai__isnull=True) | Q(selesai__gte=mulai)
    if selesai is not None:
        q &= Q(mulai__lte=selesai)
    return q


def _tanggal(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def pegawai_untuk_user(*, instansi: Instansi, user: User) -> Pegawai | None:
    """The user's own pegawai record in the instansi: linked to the account, else the same NIP."""
    pegawai = Pegawai.objects.filter(instansi=instansi, user=user).first()
    if pegawai is None and user.nip:
        pegawai = Pegawai.objects.filter(instansi=instansi, nip=user.nip).order_by("-aktif", "pk").first()
    return pegawai


def sidang_terakhir_dihitung(*, anggota: AnggotaKomite) -> dt.date | None:
    """The latest date of a session past its draft that counted this member (invited/attendance)."""
    if anggota.pk is None:
        return None
    return (
        KehadiranSidang.objects.filter(instansi=anggota.instansi, anggota=anggota)
        .exclude(sidang__status=Sidang.Status.DRAF)
        .aggregate(t=Max("sidang__tanggal"))["t"]
    )


def sidang_pertama_dihitung(*, anggota: AnggotaKomite) -> dt.date | None:
    if anggota.pk is None:
        return None
    return (
        KehadiranSidang.objects.filter(instansi=anggota.instansi, anggota=anggota)
        .exclude(sidang__status=Sidang.Status.DRAF)
        .order_by("sidang__tanggal")
        .values_list("sidang__tanggal", flat=True)
        .first()
    )


def _periksa(*, instansi: Instansi, anggota: AnggotaKomite) -> None:
    """Every rule of one membership row (new or changed) against the other rows of the instansi."""
    errors: dict[str, list[str]] = {}
    if anggota.peran not in ROLE_PERAN:
        errors.setdefault("peran", []).append(_("Pilih peran: ketua, sekretaris atau anggota."))
        raise ValidationError(errors)
    if anggota.selesai is not None and anggota.selesai < anggota.mulai:
        errors.setdefault("selesai", []).append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if anggota.peran == AnggotaKomite.Peran.KETUA and anggota.pengganti_ketua:
        errors.setdefault("pengganti_ketua", []).append(
            _("Ketua tidak dapat sekaligus menjadi pengganti ketua.")
        )
    peran_role = ROLE_PERAN[anggota.peran]
    membership = Membership.objects.filter(instansi=instansi, user_id=anggota.user_id).first()
    if membership is None:
        errors.setdefault("user", []).append(_("Pengguna ini bukan pengguna instansi ini."))
    elif membership.role != peran_role:
        errors.setdefault("user", []).append(
            _(
                "Peran %(peran)s memerlukan pengguna dengan peran masuk “%(role)s”; pengguna ini "
                "berperan “%(sekarang)s”. Minta Admin BKD mengubah perannya lebih dahulu."
            )
            % {
                "peran": anggota.get_peran_display(),
                "role": peran_role.label,
                "sekarang": Role(membership.role).label,
            }
        )
    if anggota.pegawai_id is not None and anggota.pegawai.instansi_id != instansi.pk:
        errors.setdefault("pegawai", []).append(_("Data pegawai tidak ditemukan di instansi ini."))
    if errors:
        raise ValidationError(errors)

    lain = AnggotaKomite.objects.filter(instansi=instansi).filter(
        _tumpang_tindih_q(anggota.mulai, anggota.selesai)
    )
    if anggota.pk is not None:
        lain = lain.exclude(pk=anggota.pk)
    sama = lain.filter(user_id=anggota.user_id).first()
    if sama is not None:
        errors.setdefault("mulai", []).append(
            _(
                "Pengguna ini sudah tercatat sebagai %(peran)s pada masa %(mulai)s – %(selesai)s; "
                "masa keanggotaan seseorang tidak boleh tumpang tindih."
            )
            % {
                "peran": sama.get_peran_display().lower(),
                "mulai": _tanggal(sama.mulai),
                "selesai": _tanggal(sama.selesai) or _("sekarang"),
            }
        )
    if anggota.peran == AnggotaKomite.Peran.KETUA:
        ketua = lain.filter(peran=AnggotaKomite.Peran.KETUA).select_related("user").first()
        if ketua is not None:
            errors.setdefault("peran", []).append(
                _(
                    "%(nama)s sudah menjadi ketua pada masa %(mulai)s – %(selesai)s; akhiri masa "
                    "jabatannya lebih dahulu (hanya satu ketua pada satu waktu)."
                )
                % {
                    "nama": ketua.user,
                    "mulai": _tanggal(ketua.mulai),
                    "selesai": _tanggal(ketua.selesai) or _("sekarang"),
                }
            )
    if anggota.pengganti_ketua:
        pengganti = lain.filter(pengganti_ketua=True).select_related("user").first()
        if pengganti is not None:
            errors.setdefault("pengganti_ketua", []).append(
                _(
                    "%(nama)s sudah menjadi pengganti ketua pada masa %(mulai)s – %(selesai)s "
                    "(hanya satu pengganti ketua pada satu waktu)."
                )
                % {
                    "nama": pengganti.user,
                    "mulai": _tanggal(pengganti.mulai),
                    "selesai": _tanggal(pengganti.selesai) or _("sekarang"),
                }
            )
    if errors:
        raise ValidationError(errors)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _nilai_audit(anggota: AnggotaKomite) -> dict[str, Any]:
    return {
        "user": anggota.user_id,
        "peran": anggota.peran,
        "pengganti_ketua": anggota.pengganti_ketua,
        "mulai": anggota.mulai.isoformat(),
        "selesai": anggota.selesai.isoformat() if anggota.selesai else None,
        "pegawai": anggota.pegawai_id,
    }


def anggota_komite_tambah(
    *,
    instansi: Instansi,
    actor: User | None,
    user: User,
    peran: str,
    mulai: dt.date,
    selesai: dt.date | None = None,
    pengganti_ketua: bool = False,
    pegawai: Pegawai | None = None,
) -> AnggotaKomite:
    """Add a member for a dated term (see the module's rules)."""
    with transaction.atomic():
        _kunci_instansi(instansi)
        if pegawai is None:
            pegawai = pegawai_untuk_user(instansi=instansi, user=user)
        anggota = AnggotaKomite(
            instansi=instansi,
            user=user,
            peran=peran,
            pengganti_ketua=bool(pengganti_ketua),
            mulai=mulai,
            selesai=selesai,
            pegawai=pegawai,
            dibuat_oleh=actor,
        )
        _periksa(instansi=instansi, anggota=anggota)
        anggota.save()
        audit_event_record(
            action="komite.anggota.tambah",
            instansi=instansi,
            actor=actor,
            target=anggota,
            new_values=_nilai_audit(anggota),
        )
        # Committee membership is an implementation-stage indicator of the national summary.
        ringkasan_stale_send(instansi_id=instansi.pk, penyebab="komite.anggota")
    return anggota


def anggota_komite_ubah(*, anggota: AnggotaKomite, actor: User | None, **fields: Any) -> AnggotaKomite:
    """Change a member's role, substitute mark, term or pegawai record (`fields` among peran,
    pengganti_ketua, mulai, selesai, pegawai; the user stays). What a session past its draft counted
    stays true (see the module's rules)."""
    unknown = set(fields) - set(ANGGOTA_FIELDS)
    if unknown:
        raise TypeError(f"anggota_komite_ubah: unknown fields {sorted(unknown)}")
    instansi = anggota.instansi
    with transaction.atomic():
        _kunci_instansi(instansi)
        anggota = AnggotaKomite.objects.select_for_update().get(instansi=instansi, pk=anggota.pk)
        old, new = changed_fields(anggota, list(ANGGOTA_FIELDS), fields)
        if not new:
            return anggota
        pertama = sidang_pertama_dihitung(anggota=anggota)
        terakhir = sidang_terakhir_dihitung(anggota=anggota)
        if terakhir is not None:
            errors: dict[str, list[str]] = {}
            for name in ("peran", "pengganti_ketua", "pegawai"):
                if name in new:
                    errors.setdefault(name, []).append(
                        _(
                            "Anggota ini sudah dihitung dalam sidang tanggal %(tanggal)s; peran, tanda "
                            "pengganti ketua dan data pegawainya tidak dapat diubah. Akhiri masa "
                            "keanggotaannya dan tambahkan keanggotaan baru."
                        )
                        % {"tanggal": _tanggal(terakhir)}
                    )
            mulai = fields.get("mulai", anggota.mulai)
            selesai = fields.get("selesai", anggota.selesai)
            if mulai > pertama:
                errors.setdefault("mulai", []).append(
                    _("Masa keanggotaan harus tetap mencakup sidang tanggal %(tanggal)s.")
                    % {"tanggal": _tanggal(pertama)}
                )
            if selesai is not None and selesai < terakhir:
                errors.setdefault("selesai", []).append(
                    _("Masa keanggotaan harus tetap mencakup sidang tanggal %(tanggal)s.")
                    % {"tanggal": _tanggal(terakhir)}
                )
            if errors:
                raise ValidationError(errors)
        for name, value in fields.items():
            setattr(anggota, name, bool(value) if name == "pengganti_ketua" else value)
        _periksa(instansi=instansi, anggota=anggota)
        anggota.save()
        audit_event_record(
            action="komite.anggota.ubah",
            instansi=instansi,
            actor=actor,
            target=anggota,
            old_values=_json(old),
            new_values=_json(new),
        )
        # Committee membership is an implementation-stage indicator of the national summary.
        ringkasan_stale_send(instansi_id=instansi.pk, penyebab="komite.anggota")
    return anggota


def anggota_komite_akhiri(*, anggota: AnggotaKomite, actor: User | None, selesai: dt.date) -> AnggotaKomite:
    """End a member's term on `selesai` (the last day they are a member). The row stays: sessions
    that counted them keep their attendance, and the term must still cover those sessions."""
    instansi = anggota.instansi
    with transaction.atomic():
        _kunci_instansi(instansi)
        anggota = AnggotaKomite.objects.select_for_update().get(instansi=instansi, pk=anggota.pk)
        if selesai is None:
            raise ValidationError({"selesai": [_("Isi tanggal berakhirnya masa keanggotaan.")]})
        if selesai < anggota.mulai:
            raise ValidationError(
                {
                    "selesai": [
                        _("Tanggal selesai tidak boleh sebelum tanggal mulai (%(mulai)s).")
                        % {"mulai": _tanggal(anggota.mulai)}
                    ]
                }
            )
        terakhir = sidang_terakhir_dihitung(anggota=anggota)
        if terakhir is not None and selesai < terakhir:
            raise ValidationError(
                {
                    "selesai": [
                        _(
                            "Anggota ini dihitung dalam sidang tanggal %(tanggal)s; masa keanggotaannya "
                            "paling cepat berakhir pada tanggal itu."
                        )
                        % {"tanggal": _tanggal(terakhir)}
                    ]
                }
            )
        if anggota.selesai is not None and anggota.selesai <= selesai:
            raise ValidationError(
                {
                    "selesai": [
                        _("Masa keanggotaan ini sudah berakhir pada %(selesai)s.")
                        % {"selesai": _tanggal(anggota.selesai)}
                    ]
                }
            )
        old = {"selesai": anggota.selesai.isoformat() if anggota.selesai else None}
        anggota.selesai = selesai
        anggota.save(update_fields=["selesai"])
        audit_event_record(
            action="komite.anggota.akhiri",
            instansi=instansi,
            actor=actor,
            target=anggota,
            old_values=old,
            new_values={"selesai": selesai.isoformat()},
        )
        # Committee membership is an implementation-stage indicator of the national summary.
        ringkasan_stale_send(instansi_id=instansi.pk, penyebab="komite.anggota")
    return anggota


def pengaturan_komite_ubah(*, instansi: Instansi, actor: User | None, **fields: Any) -> PengaturanKomite:
    """Change the committee's settings (`fields` among kuorum_persen, kuorum_wajib_ketua,
    batas_kotak_9_persen, batas_talent_pool_persen, kop_surat). The quorum rule does not change
    while a session is under way (its decisions were checked against the rule in force)."""
    unknown = set(fields) - set(PENGATURAN_FIELDS)
    if unknown:
        raise TypeError(f"pengaturan_komite_ubah: unknown fields {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    batas = {
        "kuorum_persen": (0, 99),
        "batas_kotak_9_persen": (1, 100),
        "batas_talent_pool_persen": (1, 100),
    }
    for name, (bawah, atas) in batas.items():
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, bool) or not isinstance(value, int) or not bawah <= value <= atas:
            errors.setdefault(name, []).append(
                _("Isi bilangan bulat %(bawah)s–%(atas)s.") % {"bawah": bawah, "atas": atas}
            )
    if "kop_surat" in fields:
        fields["kop_surat"] = "\n".join(
            line.rstrip() for line in str(fields["kop_surat"] or "").strip().splitlines()
        )
    if "kuorum_wajib_ketua" in fields:
        fields["kuorum_wajib_ketua"] = bool(fields["kuorum_wajib_ketua"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _kunci_instansi(instansi)
        pengaturan = PengaturanKomite.objects.select_for_update().filter(instansi=instansi).first()
        if pengaturan is None:
            pengaturan = PengaturanKomite(instansi=instansi)
        old, new = changed_fields(pengaturan, list(PENGATURAN_FIELDS), fields)
        if not new and pengaturan.pk is not None:
            return pengaturan
        if any(name in new for name in KUORUM_FIELDS):
            berlangsung = (
                Sidang.objects.select_for_update()
                .filter(instansi=instansi, status=Sidang.Status.BERLANGSUNG)
                .first()
            )
            if berlangsung is not None:
                raise ValidationError(
                    _(
                        "Aturan kuorum tidak dapat diubah selama sidang “%(judul)s” berlangsung; "
                        "ubah setelah sidang ditutup."
                    )
                    % {"judul": berlangsung.judul}
                )
        for name, value in fields.items():
            setattr(pengaturan, name, value)
        pengaturan.save()
        audit_event_record(
            action="komite.pengaturan.ubah",
            instansi=instansi,
            actor=actor,
            target=pengaturan,
            old_values=old,
            new_values=new,
        )
    return pengaturan


def anggota_komite_hapus(*, anggota: AnggotaKomite, actor: User | None) -> None:
    """Delete a membership entered by mistake. Only one that no session ever counted (not even a
    draft's invitation): a member a session counted is ended (`anggota_komite_akhiri`), never deleted."""
    instansi = anggota.instansi
    with transaction.atomic():
        _kunci_instansi(instansi)
        anggota = AnggotaKomite.objects.select_for_update().get(instansi=instansi, pk=anggota.pk)
        if KehadiranSidang.objects.filter(instansi=instansi, anggota=anggota).exists():
            raise ValidationError(
                _(
                    "Anggota ini sudah tercatat dalam undangan atau kehadiran sidang sehingga tidak dapat "
                    "dihapus; akhiri masa keanggotaannya."
                )
            )
        audit_event_record(
            action="komite.anggota.hapus",
            instansi=instansi,
            actor=actor,
            target=anggota,
            old_values=_nilai_audit(anggota),
        )
        anggota.delete()
        ringkasan_stale_send(instansi_id=instansi.pk, penyebab="komite.anggota")
