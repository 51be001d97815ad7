"""Writes for pegawai, their documents and portfolio. Every change is audited, keeps the
completeness row current in the same transaction, and announces changes to verified inputs."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import inputs_changed_send, riwayat_menunggu_changed_send
from apps.core.services import audit_event_record, changed_fields
from apps.instansi.models import Instansi, UnitKerja

from .kelengkapan import kelengkapan_compute
from .models import (
    RIWAYAT_MODELS,
    Dokumen,
    KelengkapanData,
    Pegawai,
    PengaturanPegawai,
    Riwayat,
    StatusVerifikasi,
)
from .nip import nip_check_profile, nip_parse_for_status
from .referensi import GOLONGAN_PNS, GOLONGAN_PPPK, STATUS_PPPK, JenisJabatan

if TYPE_CHECKING:
    import datetime as dt

    from apps.accounts.models import User

PROFILE_FIELDS = [
    "nip",
    "gelar_depan",
    "nama",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "status_kepegawaian",
    "golongan",
    "tmt_golongan",
    "jenis_jabatan",
    "nama_jabatan",
    "jenjang_fungsional",
    "unit_kerja",
    "tmt_jabatan",
    "pendidikan_terakhir",
    "email",
    "telepon",
    "alamat",
    "aktif",
]
KONTAK_FIELDS = ["email", "telepon", "alamat"]
# Fields the talent or the succession engine reads: a change recomputes what derives from them
# (birth date: years to BUP; status: eligibility; aktif: a deactivated pegawai leaves every list).
SCORED_FIELDS = {
    "tanggal_lahir",
    "status_kepegawaian",
    "aktif",
    "golongan",
    "jenis_jabatan",
    "jenjang_fungsional",
    "unit_kerja",
    "tmt_jabatan",
    "pendidikan_terakhir",
}

# --- validation ----------------------------------------------------------------------------------


def pegawai_validate(
    *, instansi: Instansi, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Check a complete profile; return it normalised, or raise ValidationError with every problem.

    Shared by the forms, the API and the import, so each says the same thing about the same data.
    `today` (default: the local date) is what the NIP's dates must not be after; an import
    passes it once rather than have each row read the clock.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    cleaned = dict(data)
    status = cleaned.get("status_kepegawaian") or ""
    try:
        info = nip_parse_for_status(cleaned.get("nip"), status=status, today=today)
    except ValidationError as error:
        for message in error.messages:
            add("nip", message)
    else:
        cleaned["nip"] = info.nip
        try:
            nip_check_profile(
                info, tanggal_lahir=cleaned.get("tanggal_lahir"), jenis_kelamin=cleaned.get("jenis_kelamin")
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    add(field, message)

    golongan = cleaned.get("golongan") or ""
    if golongan:
        if status in STATUS_PPPK and golongan not in GOLONGAN_PPPK:
            add("golongan", _("Golongan PPPK ditulis I–XVII (tanpa ruang), bukan %(g)s.") % {"g": golongan})
        elif status not in STATUS_PPPK and golongan not in GOLONGAN_PNS:
            add("golongan", _("Golongan PNS/CPNS ditulis I/a–IV/e, bukan %(g)s.") % {"g": golongan})

    jenis = cleaned.get("jenis_jabatan") or ""
    jenjang = cleaned.get("jenjang_fungsional") or ""
    if jenis == JenisJabatan.FUNGSIONAL and not jenjang:
        add("jenjang_fungsional", _("Jabatan fungsional harus mempunyai jenjang (mis. Ahli Muda)."))
    if jenis and jenis != JenisJabatan.FUNGSIONAL and jenjang:
        add("jenjang_fungsional", _("Jenjang hanya diisi untuk jabatan fungsional."))

    unit = cleaned.get("unit_kerja")
    if unit is not None and unit.instansi_id != instansi.pk:
        add("unit_kerja", _("Unit kerja tidak ditemukan di instansi ini."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _nip_taken(*, instansi: Instansi, nip: str, exclude_pk: int | None) -> bool:
    queryset = Pegawai.objects.filter(instansi=instansi, nip=nip)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


# --- pegawai ---------------------------------------------------------------------------------------


@transaction.atomic
def pegawai_create(*, instansi: Instansi, actor: User | None, **data: Any) -> Pegawai:
    cleaned = pegawai_validate(instansi=instansi, data=data)
    if _nip_taken(instansi=instansi, nip=cleaned["nip"], exclude_pk=None):
        raise ValidationError(
            {"nip": [_("NIP %(nip)s sudah terdaftar di instansi ini.") % {"nip": cleaned["nip"]}]}
        )
    pegawai = Pegawai.objects.create(instansi=instansi, **cleaned)
    audit_event_record(
        action="pegawai.create",
        instansi=instansi,
        actor=actor,
        target=pegawai,
        new_values={"nip": pegawai.nip, "nama": pegawai.nama},
    )
    kelengkapan_recompute(pegawai=pegawai)
    inputs_changed_send(instansi_id=instansi.pk, pegawai_ids=[pegawai.pk], penyebab="pegawai.create")
    return pegawai


@transaction.atomic
def pegawai_update(*, pegawai: Pegawai, actor: User | None, **changes: Any) -> Pegawai:
    """Change profile fields (BKD). Records only what changed; validates the resulting profile."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"pegawai_update() cannot change {sorted(unknown)}")
    current = {name: getattr(pegawai, name) for name in PROFILE_FIELDS}
    cleaned = pegawai_validate(instansi=pegawai.instansi, data={**current, **changes})
    changes = {name: cleaned[name] for name in changes}
    if "nip" in changes and _nip_taken(instansi=pegawai.instansi, nip=changes["nip"], exclude_pk=pegawai.pk):
        raise ValidationError(
            {"nip": [_("NIP %(nip)s sudah terdaftar di instansi ini.") % {"nip": changes["nip"]}]}
        )
    old_values, new_values = changed_fields(pegawai, PROFILE_FIELDS, changes)
    if not new_values:
        return pegawai
    for name in new_values:
        setattr(pegawai, name, changes[name])
    pegawai.save(update_fields=[*new_values.keys(), "diubah_pada"])
    audit_event_record(
        action="pegawai.update",
        instansi=pegawai.instansi,
        actor=actor,
        target=pegawai,
        old_values=_jsonable(old_values),
        new_values=_jsonable(new_values),
    )
    kelengkapan_recompute(pegawai=pegawai)
    if SCORED_FIELDS & set(new_values):
        inputs_changed_send(
            instansi_id=pegawai.instansi_id, pegawai_ids=[pegawai.pk], penyebab="pegawai.update"
        )
    return pegawai


@transaction.atomic
def pegawai_update_kontak(*, pegawai: Pegawai, actor: User | None, **kontak: str) -> Pegawai:
    """The ASN's own contact data: saved directly, no verification (docs/domain.md §7)."""
    unknown = set(kontak) - set(KONTAK_FIELDS)
    if unknown:
        raise TypeError(f"pegawai_update_kontak() cannot change {sorted(unknown)}")
    old_values, new_values = changed_fields(pegawai, KONTAK_FIELDS, kontak)
    if not new_values:
        return pegawai
    for name, value in new_values.items():
        setattr(pegawai, name, value)
    pegawai.save(update_fields=[*new_values.keys(), "diubah_pada"])
    audit_event_record(
        action="pegawai.update_kontak",
        instansi=pegawai.instansi,
        actor=actor,
        target=pegawai,
        old_values=old_values,
        new_values=new_values,
    )
    kelengkapan_recompute(pegawai=pegawai)
    return pegawai


@transaction.atomic
def pegawai_transfer(
    *,
    pegawai: Pegawai,
    ke_instansi: Instansi,
    unit_kerja: UnitKerja | None,
    actor: User | None,
    nip_baru: str | None = None,
) -> Pegawai:
    """Mutasi: the pegawai now works for `ke_instansi`.

    The person's portfolio (riwayat, documents, completeness) is their own record, MyASN-style, and
    moves with them. What an instansi produced about them — its audit trail here, and later its
    asesmen, SKP and placements — stays with that instansi. Both sides get an audit event, and both
    are told their inputs changed. Spans two tenants: the caller holds
    `lintas_instansi(alasan=Lintas.MUTASI)` (the operator command; row-level security admits the
    rows of both instansi only then), never a tenant request.
    """
    dari = pegawai.instansi
    if ke_instansi.pk == dari.pk:
        raise ValidationError(_("Instansi tujuan sama dengan instansi asal."))
    if unit_kerja is not None and unit_kerja.instansi_id != ke_instansi.pk:
        raise ValidationError({"unit_kerja": _("Unit kerja tujuan bukan milik instansi tujuan.")})
    nip = pegawai.nip
    if nip_baru:
        # An NI PPPK changes when the person signs a contract with another instansi.
        nip = nip_parse_for_status(nip_baru, status=pegawai.status_kepegawaian).nip
    if Pegawai.objects.filter(instansi=ke_instansi, nip=nip).exists():
        raise ValidationError({"nip": _("NIP %(nip)s sudah terdaftar di instansi tujuan.") % {"nip": nip}})

    old = {"instansi": dari.kode, "nip": pegawai.nip, "unit_kerja": pegawai.unit_kerja_id}
    pegawai.instansi = ke_instansi
    pegawai.unit_kerja = unit_kerja
    pegawai.nip = nip
    pegawai.save(update_fields=["instansi", "unit_kerja", "nip", "diubah_pada"])
    for model in RIWAYAT_MODELS:
        model.objects.filter(pegawai=pegawai).update(instansi=ke_instansi)
    Dokumen.objects.filter(pegawai=pegawai).update(instansi=ke_instansi)
    KelengkapanData.objects.filter(pegawai=pegawai).update(instansi=ke_instansi)
    new = {"instansi": ke_instansi.kode, "nip": nip, "unit_kerja": unit_kerja.pk if unit_kerja else None}
    for instansi in (dari, ke_instansi):
        audit_event_record(
            action="pegawai.transfer",
            instansi=instansi,
            actor=actor,
            target=pegawai,
            old_values=old,
            new_values=new,
        )
    kelengkapan_recompute(pegawai=pegawai)
    inputs_changed_send(instansi_id=dari.pk, pegawai_ids=[pegawai.pk], penyebab="pegawai.transfer_keluar")
    inputs_changed_send(
        instansi_id=ke_instansi.pk, pegawai_ids=[pegawai.pk], penyebab="pegawai.transfer_masuk"
    )
    return pegawai


# --- documents -------------------------------------------------------------------------------------

MAGIC = [
    (b"%PDF-", Dokumen.Jenis.PDF),
    (b"\x89PNG\r\n\x1a\n", Dokumen.Jenis.PNG),
    (b"\xff\xd8\xff", Dokumen.Jenis.JPEG),
]


def dokumen_jenis_detect(head: bytes) -> str | None:
    """The file type from its first bytes; the name and the browser's claim are not trusted."""
    for magic, jenis in MAGIC:
        if head.startswith(magic):
            return jenis
    return None


def _ukuran_maks(instansi: Instansi) -> int:
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).first()
    kb = pengaturan.ukuran_dokumen_maks_kb if pengaturan else 2048
    return kb * 1024


def dokumen_berkas_check(*, berkas: UploadedFile, maks_bytes: int) -> str:
    """Check an uploaded evidence file (size, type from its content) without storing it; return
    its type. Forms call it while checking their other fields, so every error shows at once."""
    if berkas.size > maks_bytes:
        raise ValidationError(
            {
                "berkas": _("Berkas terlalu besar (%(ukuran)s KB); maksimal %(maks)s KB.")
                % {"ukuran": berkas.size // 1024, "maks": maks_bytes // 1024}
            }
        )
    if berkas.size == 0:
        raise ValidationError({"berkas": _("Berkas kosong.")})
    berkas.seek(0)
    jenis = dokumen_jenis_detect(berkas.read(16))
    berkas.seek(0)
    if jenis is None:
        raise ValidationError(
            {
                "berkas": _(
                    "Jenis berkas tidak didukung: unggah PDF, JPG atau PNG (isi berkas diperiksa, bukan namanya)."
                )
            }
        )
    return jenis


@transaction.atomic
def dokumen_store(*, pegawai: Pegawai, actor: User | None, berkas: UploadedFile) -> Dokumen:
    jenis = dokumen_berkas_check(berkas=berkas, maks_bytes=_ukuran_maks(pegawai.instansi))
    digest = hashlib.sha256()
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    dokumen = Dokumen(
        instansi=pegawai.instansi,
        pegawai=pegawai,
        nama_asli=(berkas.name or "dokumen")[-200:],
        content_type=jenis,
        ukuran=berkas.size,
        sha256=digest.hexdigest(),
        diunggah_oleh=actor,
    )
    dokumen.berkas.save(dokumen_upload_name(dokumen), berkas, save=False)
    dokumen.save()
    audit_event_record(
        action="dokumen.upload",
        instansi=pegawai.instansi,
        actor=actor,
        target=dokumen,
        new_values={"pegawai": pegawai.pk, "jenis": jenis, "ukuran": berkas.size, "sha256": dokumen.sha256},
    )
    return dokumen


def dokumen_upload_name(dokumen: Dokumen) -> str:
    return f"{dokumen.uuid.hex}{dokumen.ekstensi}"


# --- riwayat (portfolio) ----------------------------------------------------------------------------


def _riwayat_values(riwayat: Riwayat) -> dict[str, Any]:
    return _jsonable({name: getattr(riwayat, name) for name in riwayat_data_fields(type(riwayat))})


def riwayat_data_fields(model: type[Riwayat]) -> list[str]:
    """The kind's own fields (what the ASN fills in), without the common verification columns."""
    common = {f.name for f in Riwayat._meta.get_fields()} | {"id", "instansi"}
    return [f.name for f in model._meta.concrete_fields if f.name not in common]


@transaction.atomic
def riwayat_create(
    *,
    model: type[Riwayat],
    pegawai: Pegawai,
    actor: User | None,
    data: dict[str, Any],
    dokumen: Dokumen | None = None,
    oleh_bkd: bool = False,
) -> Riwayat:
    """A new portfolio item. ASN items wait for verification; hukuman disiplin is BKD's, approved at once."""
    if not model.DIISI_ASN and not oleh_bkd:
        raise ValidationError(_("Hukuman disiplin hanya dicatat oleh BKD."))
    _dokumen_check(pegawai=pegawai, dokumen=dokumen)
    now = timezone.now()
    item = model(instansi=pegawai.instansi, pegawai=pegawai, dokumen=dokumen, **data)
    if model.DIISI_ASN:
        item.status, item.diajukan_pada = StatusVerifikasi.DIAJUKAN, now
    else:
        item.status, item.diajukan_pada = StatusVerifikasi.DISETUJUI, now
        item.diverifikasi_oleh, item.diverifikasi_pada = actor, now
    item.full_clean(exclude=["instansi", "pegawai"])
    item.save()
    audit_event_record(
        action=f"riwayat.{model.KODE}.create",
        instansi=pegawai.instansi,
        actor=actor,
        target=item,
        new_values={**_riwayat_values(item), "status": item.status},
    )
    kelengkapan_recompute(pegawai=pegawai)
    if item.status == StatusVerifikasi.DISETUJUI:
        inputs_changed_send(
            instansi_id=pegawai.instansi_id, pegawai_ids=[pegawai.pk], penyebab=f"riwayat.{model.KODE}"
        )
    else:
        riwayat_menunggu_changed_send(
            instansi_id=pegawai.instansi_id,
            pegawai_ids=[pegawai.pk],
            penyebab=f"riwayat.{model.KODE}.diajukan",
        )
    return item


@transaction.atomic
def riwayat_update(
    *,
    riwayat: Riwayat,
    actor: User | None,
    data: dict[str, Any],
    dokumen: Dokumen | None = None,
    oleh_bkd=False,
) -> Riwayat:
    """Edit an item. Any change by the ASN sends it back for verification (an approved item too:
    what was verified is no longer what is there)."""
    model = type(riwayat)
    if not model.DIISI_ASN and not oleh_bkd:
        raise ValidationError(_("Hukuman disiplin hanya dicatat oleh BKD."))
    if dokumen is not None:
        _dokumen_check(pegawai=riwayat.pegawai, dokumen=dokumen)
    fields = riwayat_data_fields(model)
    changes = {k: v for k, v in data.items() if k in fields}
    was_approved = riwayat.status == StatusVerifikasi.DISETUJUI
    if model.DIISI_ASN and was_approved and dokumen is not None:
        _old, data_changed = changed_fields(riwayat, fields, changes)
        if not data_changed:
            # Only the evidence is new: what was verified still holds, so the item stays approved
            # and keeps counting while the new document waits for the verifier.
            return _riwayat_dokumen_baru_ajukan(riwayat=riwayat, actor=actor, dokumen=dokumen)
    if dokumen is not None:
        changes["dokumen"] = dokumen
    elif was_approved and riwayat.dokumen_baru_id is not None:
        # The data changes while a replacement document waits: the whole item goes back to the
        # verifier, with the newest evidence the ASN sent.
        changes["dokumen"] = riwayat.dokumen_baru
    old_values, new_values = changed_fields(riwayat, [*fields, "dokumen"], changes)
    if not new_values:
        return riwayat
    old_values["status"] = riwayat.status
    for name in new_values:
        setattr(riwayat, name, changes[name])
    if model.DIISI_ASN:
        riwayat.status, riwayat.diajukan_pada = StatusVerifikasi.DIAJUKAN, timezone.now()
        riwayat.alasan_penolakan = ""
        riwayat.diverifikasi_oleh = riwayat.diverifikasi_pada = None
        riwayat.dokumen_baru, riwayat.dokumen_baru_diajukan_pada = None, None
    new_values["status"] = riwayat.status
    riwayat.full_clean(exclude=["instansi", "pegawai"])
    riwayat.save()
    audit_event_record(
        action=f"riwayat.{model.KODE}.update",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values=_jsonable(old_values),
        new_values=_jsonable(new_values),
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    if was_approved or riwayat.status == StatusVerifikasi.DISETUJUI:
        inputs_changed_send(
            instansi_id=riwayat.instansi_id,
            pegawai_ids=[riwayat.pegawai_id],
            penyebab=f"riwayat.{model.KODE}",
        )
    if riwayat.status == StatusVerifikasi.DIAJUKAN:
        riwayat_menunggu_changed_send(
            instansi_id=riwayat.instansi_id,
            pegawai_ids=[riwayat.pegawai_id],
            penyebab=f"riwayat.{model.KODE}.diajukan",
        )
    return riwayat


def _riwayat_dokumen_baru_ajukan(*, riwayat: Riwayat, actor: User | None, dokumen: Dokumen) -> Riwayat:
    """An approved item gets a replacement (or first) evidence document: it waits in
    `dokumen_baru`; the item's status, data and current document stay as they were verified."""
    if dokumen.pk in (riwayat.dokumen_id, riwayat.dokumen_baru_id):
        return riwayat
    old_values = {"dokumen_baru": riwayat.dokumen_baru_id}
    riwayat.dokumen_baru, riwayat.dokumen_baru_diajukan_pada = dokumen, timezone.now()
    riwayat.alasan_penolakan = ""  # a refused earlier replacement is answered by this one
    riwayat.save(
        update_fields=["dokumen_baru", "dokumen_baru_diajukan_pada", "alasan_penolakan", "diubah_pada"]
    )
    audit_event_record(
        action=f"riwayat.{riwayat.KODE}.dokumen_baru",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values=old_values,
        new_values={"dokumen_baru": dokumen.pk, "status": riwayat.status},
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    riwayat_menunggu_changed_send(
        instansi_id=riwayat.instansi_id,
        pegawai_ids=[riwayat.pegawai_id],
        penyebab=f"riwayat.{riwayat.KODE}.dokumen_baru",
    )
    return riwayat


def _dokumen_baru_check(riwayat: Riwayat) -> None:
    # Lock the row and read its current state, as _transition_check does.
    current = (
        type(riwayat)
        .objects.select_for_update()
        .filter(pk=riwayat.pk)
        .values("status", "dokumen_baru_id")
        .first()
    )
    if (
        current is None
        or current["dokumen_baru_id"] is None
        or current["status"] != StatusVerifikasi.DISETUJUI
    ):
        raise ValidationError(_("Tidak ada dokumen pengganti yang menunggu verifikasi untuk data ini."))
    riwayat.dokumen_baru_id = current["dokumen_baru_id"]


@transaction.atomic
def riwayat_dokumen_baru_approve(*, riwayat: Riwayat, actor: User) -> Riwayat:
    """The replacement document becomes the item's evidence; the item stays approved."""
    _dokumen_baru_check(riwayat)
    lama = riwayat.dokumen_id
    riwayat.dokumen_id = riwayat.dokumen_baru_id
    riwayat.dokumen_baru, riwayat.dokumen_baru_diajukan_pada = None, None
    riwayat.alasan_penolakan = ""
    # diverifikasi_oleh/_pada stay: they date the verification of the data, which did not change
    # (a kesesuaian judgement made since stays valid); the audit event names who took the document.
    riwayat.save(
        update_fields=[
            "dokumen",
            "dokumen_baru",
            "dokumen_baru_diajukan_pada",
            "alasan_penolakan",
            "diubah_pada",
        ]
    )
    audit_event_record(
        action=f"riwayat.{riwayat.KODE}.dokumen_baru_approve",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values={"dokumen": lama},
        new_values={"dokumen": riwayat.dokumen_id},
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    riwayat_menunggu_changed_send(
        instansi_id=riwayat.instansi_id,
        pegawai_ids=[riwayat.pegawai_id],
        penyebab=f"riwayat.{riwayat.KODE}.dokumen_baru_disetujui",
    )
    return riwayat


@transaction.atomic
def riwayat_dokumen_baru_reject(*, riwayat: Riwayat, actor: User, alasan: str) -> Riwayat:
    """The replacement document is refused: the item keeps its approved document and status; the
    reason is kept for the ASN (shown with the item and in their completeness notes)."""
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError(
            {"alasan": _("Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki.")}
        )
    _dokumen_baru_check(riwayat)
    ditolak = riwayat.dokumen_baru_id
    riwayat.dokumen_baru, riwayat.dokumen_baru_diajukan_pada = None, None
    riwayat.alasan_penolakan = alasan
    riwayat.save(
        update_fields=["dokumen_baru", "dokumen_baru_diajukan_pada", "alasan_penolakan", "diubah_pada"]
    )
    audit_event_record(
        action=f"riwayat.{riwayat.KODE}.dokumen_baru_reject",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values={"dokumen_baru": ditolak},
        new_values={"dokumen_baru": None, "alasan": alasan},
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    riwayat_menunggu_changed_send(
        instansi_id=riwayat.instansi_id,
        pegawai_ids=[riwayat.pegawai_id],
        penyebab=f"riwayat.{riwayat.KODE}.dokumen_baru_ditolak",
    )
    return riwayat


@transaction.atomic
def riwayat_delete(*, riwayat: Riwayat, actor: User | None, oleh_bkd: bool = False) -> None:
    """The ASN may withdraw items not yet approved; approved items and hukuman are BKD's to remove."""
    model = type(riwayat)
    if not oleh_bkd and (riwayat.status == StatusVerifikasi.DISETUJUI or not model.DIISI_ASN):
        raise ValidationError(_("Data yang sudah disetujui hanya dapat dihapus oleh BKD."))
    was_approved = riwayat.status == StatusVerifikasi.DISETUJUI
    pegawai = riwayat.pegawai
    audit_event_record(
        action=f"riwayat.{model.KODE}.delete",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values={**_riwayat_values(riwayat), "status": riwayat.status},
    )
    riwayat.delete()
    kelengkapan_recompute(pegawai=pegawai)
    if was_approved:
        inputs_changed_send(
            instansi_id=pegawai.instansi_id, pegawai_ids=[pegawai.pk], penyebab=f"riwayat.{model.KODE}"
        )
    else:
        riwayat_menunggu_changed_send(
            instansi_id=pegawai.instansi_id,
            pegawai_ids=[pegawai.pk],
            penyebab=f"riwayat.{model.KODE}.dihapus",
        )


def _transition_check(riwayat: Riwayat) -> None:
    # Lock the row and read its current status: two verifiers acting on the same item at once
    # must not both succeed.
    current = type(riwayat).objects.select_for_update().filter(pk=riwayat.pk).values_list("status", flat=True)
    riwayat.status = current.first() or riwayat.status
    if riwayat.status != StatusVerifikasi.DIAJUKAN:
        raise ValidationError(
            _(
                "Hanya data yang menunggu verifikasi yang dapat disetujui atau ditolak (status sekarang: %(s)s)."
            )
            % {"s": riwayat.get_status_display()}
        )


@transaction.atomic
def riwayat_approve(*, riwayat: Riwayat, actor: User) -> Riwayat:
    _transition_check(riwayat)
    riwayat.status = StatusVerifikasi.DISETUJUI
    riwayat.alasan_penolakan = ""
    riwayat.diverifikasi_oleh, riwayat.diverifikasi_pada = actor, timezone.now()
    riwayat.save(
        update_fields=["status", "alasan_penolakan", "diverifikasi_oleh", "diverifikasi_pada", "diubah_pada"]
    )
    audit_event_record(
        action=f"riwayat.{riwayat.KODE}.approve",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values={"status": StatusVerifikasi.DIAJUKAN},
        new_values={"status": StatusVerifikasi.DISETUJUI},
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    inputs_changed_send(
        instansi_id=riwayat.instansi_id, pegawai_ids=[riwayat.pegawai_id], penyebab=f"riwayat.{riwayat.KODE}"
    )
    return riwayat


@transaction.atomic
def riwayat_reject(*, riwayat: Riwayat, actor: User, alasan: str) -> Riwayat:
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError(
            {"alasan": _("Tuliskan alasan penolakan agar ASN tahu apa yang harus diperbaiki.")}
        )
    _transition_check(riwayat)
    riwayat.status = StatusVerifikasi.DITOLAK
    riwayat.alasan_penolakan = alasan
    riwayat.diverifikasi_oleh, riwayat.diverifikasi_pada = actor, timezone.now()
    riwayat.save(
        update_fields=["status", "alasan_penolakan", "diverifikasi_oleh", "diverifikasi_pada", "diubah_pada"]
    )
    audit_event_record(
        action=f"riwayat.{riwayat.KODE}.reject",
        instansi=riwayat.instansi,
        actor=actor,
        target=riwayat,
        old_values={"status": StatusVerifikasi.DIAJUKAN},
        new_values={"status": StatusVerifikasi.DITOLAK, "alasan": alasan},
    )
    kelengkapan_recompute(pegawai=riwayat.pegawai)
    riwayat_menunggu_changed_send(
        instansi_id=riwayat.instansi_id,
        pegawai_ids=[riwayat.pegawai_id],
        penyebab=f"riwayat.{riwayat.KODE}.ditolak",
    )
    return riwayat


@transaction.atomic
def riwayat_bulk_approve(*, model: type[Riwayat], instansi: Instansi, ids: list[int], actor: User) -> int:
    """Approve many waiting items of one kind (new items, changed items and waiting replacement
    documents); items no longer waiting are left as they are."""
    items = list(
        model.objects.select_for_update()
        .filter(
            Q(status=StatusVerifikasi.DIAJUKAN)
            | Q(status=StatusVerifikasi.DISETUJUI, dokumen_baru__isnull=False),
            instansi=instansi,
            pk__in=ids,
        )
        .select_related("pegawai")
    )
    for item in items:
        if item.status == StatusVerifikasi.DIAJUKAN:
            riwayat_approve(riwayat=item, actor=actor)
        else:
            riwayat_dokumen_baru_approve(riwayat=item, actor=actor)
    return len(items)


def _dokumen_check(*, pegawai: Pegawai, dokumen: Dokumen | None) -> None:
    if dokumen is not None and dokumen.pegawai_id != pegawai.pk:
        raise ValidationError({"dokumen": _("Dokumen bukan milik pegawai ini.")})


# --- completeness -------------------------------------------------------------------------------------


def kelengkapan_recompute(*, pegawai: Pegawai) -> KelengkapanData:
    """Recompute and store one pegawai's completeness (called inside every changing service)."""
    riwayat: list[Riwayat] = []
    for model in RIWAYAT_MODELS:
        if model.DIISI_ASN:
            riwayat.extend(model.objects.filter(pegawai=pegawai))
    hasil = kelengkapan_compute(pegawai=pegawai, riwayat=riwayat)
    row, _created = KelengkapanData.objects.update_or_create(
        pegawai=pegawai,
        defaults={
            "instansi": pegawai.instansi,
            "persen": hasil.persen,
            "kekurangan": [k.as_dict() for k in hasil.kekurangan],
        },
    )
    return row


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        out[key] = value
    return out
