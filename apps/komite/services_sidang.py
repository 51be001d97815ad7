"""Writes of committee sessions (sidang): create, change and delete a draft, its agenda, the
invitations, attendance, start, close, and the follow-up session of a returned one.

Rules (the same for the pages and the API; `komite.sekretariat` is checked by the callers):
- every write locks the Sidang row first (`select_for_update`) and re-reads its status there, so
  two clerks cannot close and change one session at once;
- a closed session (selesai, ditetapkan, dikembalikan) refuses every change;
- the session's date, place and title change only while it is a draft; the agenda and the
  attendance change while it is a draft or under way;
- each action writes one audit event `komite.<entity>.<verb>` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.roles import Role
from apps.core.services import audit_event_record, changed_fields
from apps.instansi.models import UnitKerja
from apps.notifikasi.services import notifikasi_kirim
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import Penempatan
from apps.suksesi.models import JabatanKunci

from .models import AgendaSidang, KehadiranSidang, Sidang
from .selectors import anggota_aktif_list

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

UBAH_FIELDS = ("judul", "periode", "tanggal", "waktu", "tempat", "nomor")
PERIODE_MIN, PERIODE_MAX = 2000, 2100


# --- helpers ---------------------------------------------------------------------------------------


def _kunci(sidang: Sidang) -> Sidang:
    """The session row locked for this transaction (its status as it is now, not as read before)."""
    return Sidang.objects.select_for_update().get(instansi_id=sidang.instansi_id, pk=sidang.pk)


def _terbuka_periksa(sidang: Sidang) -> None:
    if sidang.status not in Sidang.TERBUKA:
        raise ValidationError(
            _(
                "Sidang ini sudah ditutup (%(status)s); isinya tidak dapat diubah lagi. "
                "Perubahan memerlukan sidang baru."
            )
            % {"status": sidang.get_status_display()},
            code="ditutup",
        )


def _draf_periksa(sidang: Sidang) -> None:
    _terbuka_periksa(sidang)
    if sidang.status != Sidang.Status.DRAF:
        raise ValidationError(
            _("Sidang sudah berlangsung; judul, tanggal, tempat dan periode hanya dapat diubah saat draf."),
            code="bukan_draf",
        )


def sidang_tautan(sidang: Sidang) -> str:
    return reverse("komite:sidang_detail", kwargs={"pk": sidang.pk})


def _data_periksa(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    judul = " ".join(str(values.get("judul") or "").split())
    tempat = " ".join(str(values.get("tempat") or "").split())
    nomor = " ".join(str(values.get("nomor") or "").split())
    if not judul:
        errors["judul"] = _("Judul sidang wajib diisi.")
    if not tempat:
        errors["tempat"] = _("Tempat sidang wajib diisi.")
    periode = values.get("periode")
    if not isinstance(periode, int) or not PERIODE_MIN <= periode <= PERIODE_MAX:
        errors["periode"] = _("Periode adalah tahun penilaian, mis. 2025.")
    if not isinstance(values.get("tanggal"), dt.date):
        errors["tanggal"] = _("Tanggal sidang wajib diisi.")
    if errors:
        raise ValidationError(errors)
    return {**values, "judul": judul, "tempat": tempat, "nomor": nomor}


# --- the session -------------------------------------------------------------------------------------


@transaction.atomic
def sidang_buat(
    *,
    instansi: Instansi,
    actor: User | None,
    judul: str,
    periode: int,
    tanggal: dt.date,
    tempat: str,
    waktu: dt.time | None = None,
    nomor: str = "",
    sidang_asal: Sidang | None = None,
) -> Sidang:
    """A new draft session of `periode` (a follow-up names the returned session it answers)."""
    data = _data_periksa(
        {
            "judul": judul,
            "periode": periode,
            "tanggal": tanggal,
            "tempat": tempat,
            "waktu": waktu,
            "nomor": nomor,
        }
    )
    if sidang_asal is not None and sidang_asal.instansi_id != instansi.pk:
        raise ValidationError(_("Sidang asal tidak ditemukan di instansi ini."))
    sidang = Sidang.objects.create(instansi=instansi, dibuat_oleh=actor, sidang_asal=sidang_asal, **data)
    audit_event_record(
        action="komite.sidang.buat",
        instansi=instansi,
        actor=actor,
        target=sidang,
        new_values={
            "judul": sidang.judul,
            "periode": sidang.periode,
            "tanggal": sidang.tanggal.isoformat(),
            "tempat": sidang.tempat,
            "sidang_asal": sidang_asal.pk if sidang_asal else None,
        },
    )
    return sidang


@transaction.atomic
def sidang_ubah(
    *,
    sidang: Sidang,
    actor: User | None,
    judul: str,
    periode: int,
    tanggal: dt.date,
    tempat: str,
    waktu: dt.time | None = None,
    nomor: str = "",
) -> Sidang:
    """Change a draft session's title, period, date, time, place or number."""
    sidang = _kunci(sidang)
    _draf_periksa(sidang)
    data = _data_periksa(
        {
            "judul": judul,
            "periode": periode,
            "tanggal": tanggal,
            "tempat": tempat,
            "waktu": waktu,
            "nomor": nomor,
        }
    )
    if (
        data["periode"] != sidang.periode
        and sidang.agenda.filter(jenis=AgendaSidang.Jenis.KALIBRASI).exists()
    ):
        raise ValidationError(
            {
                "periode": _(
                    "Periode tidak dapat diubah karena sudah ada agenda kalibrasi penempatan periode ini."
                )
            }
        )
    old, new = changed_fields(sidang, list(UBAH_FIELDS), data)
    if not new:
        return sidang
    for name in new:
        setattr(sidang, name, data[name])
    sidang.save(update_fields=list(new))
    audit_event_record(
        action="komite.sidang.ubah",
        instansi=sidang.instansi,
        actor=actor,
        target=sidang,
        old_values={k: str(v) if v is not None else None for k, v in old.items()},
        new_values={k: str(v) if v is not None else None for k, v in new.items()},
    )
    return sidang


@transaction.atomic
def sidang_hapus(*, sidang: Sidang, actor: User | None) -> None:
    """Delete a draft session with its agenda and invitations (a database trigger refuses any other)."""
    sidang = _kunci(sidang)
    _draf_periksa(sidang)
    if sidang.lanjutan.exists():
        raise ValidationError(_("Sidang ini sudah mempunyai sidang lanjutan; tidak dapat dihapus."))
    audit_event_record(
        action="komite.sidang.hapus",
        instansi=sidang.instansi,
        actor=actor,
        target=sidang,
        old_values={"judul": sidang.judul, "periode": sidang.periode, "tanggal": sidang.tanggal.isoformat()},
    )
    KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang).delete()
    AgendaSidang.objects.filter(instansi=sidang.instansi, sidang=sidang).delete()
    sidang.delete()


# --- agenda ------------------------------------------------------------------------------------------


def _subjek_periksa(
    *,
    sidang: Sidang,
    jenis: str,
    unit_kerja: UnitKerja | None,
    pegawai: Pegawai | None,
    jabatan_kunci: JabatanKunci | None,
) -> dict[str, Any]:
    """The item's subject for its kind, inside the session's instansi; raises ValidationError."""
    instansi_id = sidang.instansi_id
    if jenis == AgendaSidang.Jenis.TINJAU_PETA:
        if unit_kerja is not None and (
            unit_kerja.instansi_id != instansi_id or unit_kerja.jenis != UnitKerja.Jenis.PERANGKAT_DAERAH
        ):
            raise ValidationError({"unit_kerja": _("Perangkat daerah tidak ditemukan di instansi ini.")})
        if AgendaSidang.objects.filter(
            instansi_id=instansi_id, sidang=sidang, jenis=jenis, unit_kerja=unit_kerja
        ).exists():
            raise ValidationError(
                {
                    "unit_kerja": _("Tinjauan peta talenta %(lingkup)s sudah ada di agenda sidang ini.")
                    % {"lingkup": unit_kerja.nama if unit_kerja else _("seluruh instansi")}
                }
            )
        return {"unit_kerja": unit_kerja, "pegawai": None, "jabatan_kunci": None}
    if jenis == AgendaSidang.Jenis.KALIBRASI:
        if pegawai is None or pegawai.instansi_id != instansi_id:
            raise ValidationError(
                {"pegawai": _("Pilih pegawai instansi ini yang penempatannya dikalibrasi.")}
            )
        if not pegawai.aktif:
            raise ValidationError(
                {
                    "pegawai": _("%(nama)s (NIP %(nip)s) tidak aktif.")
                    % {"nama": pegawai.nama, "nip": pegawai.nip}
                }
            )
        if not Penempatan.objects.filter(
            instansi_id=instansi_id, pegawai=pegawai, periode=sidang.periode, status=Penempatan.Status.FINAL
        ).exists():
            raise ValidationError(
                {
                    "pegawai": _(
                        "%(nama)s belum mempunyai penempatan final periode %(periode)s; "
                        "lengkapi datanya sebelum dikalibrasi."
                    )
                    % {"nama": pegawai.nama, "periode": sidang.periode}
                }
            )
        if AgendaSidang.objects.filter(
            instansi_id=instansi_id, sidang=sidang, jenis=jenis, pegawai=pegawai
        ).exists():
            raise ValidationError(
                {"pegawai": _("Kalibrasi %(nama)s sudah ada di agenda sidang ini.") % {"nama": pegawai.nama}}
            )
        return {"unit_kerja": pegawai.unit_kerja, "pegawai": pegawai, "jabatan_kunci": None}
    if jenis == AgendaSidang.Jenis.SUKSESI:
        if jabatan_kunci is None or jabatan_kunci.instansi_id != instansi_id:
            raise ValidationError({"jabatan_kunci": _("Pilih jabatan kunci instansi ini.")})
        if not jabatan_kunci.aktif:
            raise ValidationError(
                {"jabatan_kunci": _("%(nama)s bukan jabatan kunci aktif.") % {"nama": jabatan_kunci.nama}}
            )
        if AgendaSidang.objects.filter(
            instansi_id=instansi_id, sidang=sidang, jenis=jenis, jabatan_kunci=jabatan_kunci
        ).exists():
            raise ValidationError(
                {
                    "jabatan_kunci": _("Suksesi %(nama)s sudah ada di agenda sidang ini.")
                    % {"nama": jabatan_kunci.nama}
                }
            )
        return {"unit_kerja": jabatan_kunci.unit_kerja, "pegawai": None, "jabatan_kunci": jabatan_kunci}
    raise ValidationError({"jenis": _("Jenis agenda tidak dikenal.")})


@transaction.atomic
def agenda_tambah(
    *,
    sidang: Sidang,
    actor: User | None,
    jenis: str,
    unit_kerja: UnitKerja | None = None,
    pegawai: Pegawai | None = None,
    jabatan_kunci: JabatanKunci | None = None,
    keterangan: str = "",
) -> AgendaSidang:
    """Add one item at the end of the agenda (draf or berlangsung)."""
    sidang = _kunci(sidang)
    _terbuka_periksa(sidang)
    subjek = _subjek_periksa(
        sidang=sidang, jenis=jenis, unit_kerja=unit_kerja, pegawai=pegawai, jabatan_kunci=jabatan_kunci
    )
    urutan = (sidang.agenda.aggregate(m=Max("urutan"))["m"] or 0) + 1
    agenda = AgendaSidang.objects.create(
        instansi_id=sidang.instansi_id,
        sidang=sidang,
        urutan=urutan,
        jenis=jenis,
        keterangan=str(keterangan or "").strip(),
        **subjek,
    )
    audit_event_record(
        action="komite.agenda.tambah",
        instansi=sidang.instansi,
        actor=actor,
        target=agenda,
        new_values={
            "sidang": sidang.pk,
            "urutan": urutan,
            "jenis": jenis,
            "unit_kerja": agenda.unit_kerja_id,
            "pegawai": agenda.pegawai_id,
            "jabatan_kunci": agenda.jabatan_kunci_id,
        },
    )
    return agenda


@transaction.atomic
def agenda_hapus(*, agenda: AgendaSidang, actor: User | None) -> None:
    """Remove an undecided item; the items after it move up one place."""
    sidang = _kunci(agenda.sidang)
    _terbuka_periksa(sidang)
    agenda = AgendaSidang.objects.get(instansi_id=sidang.instansi_id, sidang=sidang, pk=agenda.pk)
    if agenda.keputusan.exists():
        raise ValidationError(_("Agenda yang sudah diputuskan tidak dapat dihapus."), code="sudah_diputuskan")
    audit_event_record(
        action="komite.agenda.hapus",
        instansi=sidang.instansi,
        actor=actor,
        target=agenda,
        old_values={
            "sidang": sidang.pk,
            "urutan": agenda.urutan,
            "jenis": agenda.jenis,
            "pegawai": agenda.pegawai_id,
            "jabatan_kunci": agenda.jabatan_kunci_id,
            "unit_kerja": agenda.unit_kerja_id,
        },
    )
    urutan = agenda.urutan
    agenda.delete()  # its proposal goes with it (cascade)
    for item in sidang.agenda.filter(urutan__gt=urutan).order_by("urutan"):
        item.urutan -= 1
        item.save(update_fields=["urutan"])


# --- invitations and attendance ------------------------------------------------------------------------


@transaction.atomic
def sidang_undang(*, sidang: Sidang, actor: User | None) -> list[KehadiranSidang]:
    """Invite every member active on the session's date (in-app notification and e-mail). Repeated
    after a change: newly active members are invited, those already invited get "perubahan"."""
    sidang = _kunci(sidang)
    _terbuka_periksa(sidang)
    anggota = list(anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal))
    if not anggota:
        raise ValidationError(
            _("Komite Talenta belum mempunyai anggota aktif pada tanggal sidang; tambahkan anggota dulu.")
        )
    now = timezone.now()
    sudah = {k.anggota_id: k for k in KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang)}
    baru, lama = [], []
    for a in anggota:
        kehadiran = sudah.get(a.pk)
        if kehadiran is None:
            baru.append(
                KehadiranSidang.objects.create(
                    instansi=sidang.instansi, sidang=sidang, anggota=a, diundang_pada=now
                )
            )
        else:
            kehadiran.diundang_pada = now
            kehadiran.save(update_fields=["diundang_pada"])
            lama.append(kehadiran)
    pertama = sidang.diundang_pada is None
    waktu = sidang.waktu.strftime("%H.%M") if sidang.waktu else ""
    tanggal = _tanggal_teks(sidang.tanggal)
    isi = _("%(judul)s, %(tanggal)s%(pukul)s di %(tempat)s.") % {
        "judul": sidang.judul,
        "tanggal": tanggal,
        "pukul": (" " + _("pukul %(waktu)s") % {"waktu": waktu}) if waktu else "",
        "tempat": sidang.tempat,
    }
    tautan = sidang_tautan(sidang)
    if baru:
        notifikasi_kirim(
            instansi=sidang.instansi,
            penerima=[k.anggota.user for k in baru],
            jenis="komite.undangan",
            judul=_("Undangan sidang Komite Talenta: %(judul)s") % {"judul": sidang.judul},
            isi=isi,
            tautan=tautan,
        )
    if lama:
        notifikasi_kirim(
            instansi=sidang.instansi,
            penerima=[k.anggota.user for k in lama],
            jenis="komite.undangan",
            judul=_("Perubahan sidang Komite Talenta: %(judul)s") % {"judul": sidang.judul},
            isi=_("Ada perubahan pada sidang atau agendanya. ") + isi,
            tautan=tautan,
        )
    sidang.diundang_pada = now
    sidang.save(update_fields=["diundang_pada"])
    audit_event_record(
        action="komite.sidang.undang",
        instansi=sidang.instansi,
        actor=actor,
        target=sidang,
        new_values={
            "diundang": [k.anggota_id for k in baru],
            "perubahan": [k.anggota_id for k in lama],
            "pertama": pertama,
        },
    )
    return baru + lama


def _tanggal_teks(tanggal: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(tanggal, "j F Y")


@transaction.atomic
def kehadiran_catat(*, sidang: Sidang, actor: User | None, hadir: dict[int, bool]) -> list[KehadiranSidang]:
    """Record who is present (anggota pk → present); only invited members, draf or berlangsung."""
    sidang = _kunci(sidang)
    _terbuka_periksa(sidang)
    rows = {k.anggota_id: k for k in KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang)}
    if not rows:
        raise ValidationError(_("Kirim undangan dulu; kehadiran dicatat untuk anggota yang diundang."))
    asing = [pk for pk in hadir if pk not in rows]
    if asing:
        raise ValidationError(_("Sebagian anggota yang dicatat tidak diundang ke sidang ini."))
    now = timezone.now()
    old, new, changed = {}, {}, []
    for pk, value in hadir.items():
        row = rows[pk]
        value = bool(value)
        if row.hadir is value:
            continue
        old[str(pk)], new[str(pk)] = row.hadir, value
        row.hadir, row.dicatat_pada = value, now
        row.save(update_fields=["hadir", "dicatat_pada"])
        changed.append(row)
    if changed:
        audit_event_record(
            action="komite.kehadiran.catat",
            instansi=sidang.instansi,
            actor=actor,
            target=sidang,
            old_values=old,
            new_values=new,
        )
    return changed


# --- lifecycle ---------------------------------------------------------------------------------------


@transaction.atomic
def sidang_mulai(*, sidang: Sidang, actor: User | None) -> Sidang:
    """draf → berlangsung: needs at least one agenda item and the invitations sent."""
    sidang = _kunci(sidang)
    _terbuka_periksa(sidang)
    if sidang.status != Sidang.Status.DRAF:
        raise ValidationError(_("Sidang ini sudah berlangsung."))
    problems = []
    if not sidang.agenda.exists():
        problems.append(_("Tambahkan sedikitnya satu agenda."))
    if sidang.diundang_pada is None:
        problems.append(_("Kirim undangan kepada anggota."))
    if problems:
        raise ValidationError([_("Sidang belum dapat dimulai."), *problems])
    sidang.status = Sidang.Status.BERLANGSUNG
    sidang.dimulai_pada = timezone.now()
    sidang.save(update_fields=["status", "dimulai_pada"])
    audit_event_record(
        action="komite.sidang.mulai",
        instansi=sidang.instansi,
        actor=actor,
        target=sidang,
        old_values={"status": Sidang.Status.DRAF},
        new_values={"status": sidang.status},
    )
    return sidang


def ppk_users(*, instansi: Instansi):
    from apps.accounts.models import User

    return User.objects.filter(membership__instansi=instansi, membership__role=Role.PPK, is_active=True)


@transaction.atomic
def sidang_tutup(*, sidang: Sidang, actor: User | None, catatan: str = "") -> Sidang:
    """berlangsung → selesai: every agenda item must have its decision. The PPK is notified."""
    sidang = _kunci(sidang)
    _terbuka_periksa(sidang)
    if sidang.status != Sidang.Status.BERLANGSUNG:
        raise ValidationError(_("Hanya sidang yang sedang berlangsung yang dapat ditutup."))
    belum = [a for a in sidang.agenda.order_by("urutan") if not a.keputusan.exists()]
    if belum:
        raise ValidationError(
            _("Sidang belum dapat ditutup: agenda %(nomor)s belum diputuskan.")
            % {"nomor": ", ".join(f"{a.urutan} ({a.get_jenis_display()})" for a in belum)},
            code="agenda_belum_diputuskan",
        )
    sidang.status = Sidang.Status.SELESAI
    sidang.catatan = str(catatan or "").strip()
    sidang.ditutup_pada = timezone.now()
    sidang.ditutup_oleh = actor
    sidang.save(update_fields=["status", "catatan", "ditutup_pada", "ditutup_oleh"])
    notifikasi_kirim(
        instansi=sidang.instansi,
        penerima=list(ppk_users(instansi=sidang.instansi)),
        jenis="komite.menunggu_penetapan",
        judul=_("Sidang menunggu penetapan: %(judul)s") % {"judul": sidang.judul},
        isi=_("Sidang Komite Talenta periode %(periode)s telah ditutup dan menunggu penetapan PPK.")
        % {"periode": sidang.periode},
        tautan=sidang_tautan(sidang),
    )
    audit_event_record(
        action="komite.sidang.tutup",
        instansi=sidang.instansi,
        actor=actor,
        target=sidang,
        old_values={"status": Sidang.Status.BERLANGSUNG},
        new_values={"status": sidang.status, "catatan": sidang.catatan},
    )
    return sidang


@transaction.atomic
def sidang_lanjutan_buat(*, sidang_asal: Sidang, actor: User | None) -> Sidang:
    """From a session the PPK returned: a new draft of the same period with the same agenda,
    pointing back to it (the date starts at today; the clerk changes it)."""
    sidang_asal = _kunci(sidang_asal)
    if sidang_asal.status != Sidang.Status.DIKEMBALIKAN:
        raise ValidationError(_("Sidang lanjutan hanya dibuat dari sidang yang dikembalikan PPK."))
    ada = sidang_asal.lanjutan.first()
    if ada is not None:
        raise ValidationError(
            _("Sidang ini sudah mempunyai sidang lanjutan: %(judul)s.") % {"judul": ada.judul},
            code="sudah_ada",
        )
    baru = Sidang.objects.create(
        instansi_id=sidang_asal.instansi_id,
        judul=(_("Lanjutan: %(judul)s") % {"judul": sidang_asal.judul})[:200],
        periode=sidang_asal.periode,
        tanggal=max(timezone.localdate(), sidang_asal.tanggal),
        waktu=sidang_asal.waktu,
        tempat=sidang_asal.tempat,
        sidang_asal=sidang_asal,
        dibuat_oleh=actor,
    )
    AgendaSidang.objects.bulk_create(
        [
            AgendaSidang(
                instansi_id=baru.instansi_id,
                sidang=baru,
                urutan=a.urutan,
                jenis=a.jenis,
                unit_kerja_id=a.unit_kerja_id,
                pegawai_id=a.pegawai_id,
                jabatan_kunci_id=a.jabatan_kunci_id,
                keterangan=a.keterangan,
            )
            for a in sidang_asal.agenda.order_by("urutan")
        ]
    )
    audit_event_record(
        action="komite.sidang.lanjutan",
        instansi=baru.instansi,
        actor=actor,
        target=baru,
        new_values={"sidang_asal": sidang_asal.pk, "agenda": baru.agenda.count()},
    )
    return baru
