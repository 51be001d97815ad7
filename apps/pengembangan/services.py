"""Writes of the IDP (docs/pengembangan.md): drafting (one pegawai, or a whole instansi on a
worker), the approval cycle (submit, approve, return with a reason), activities (BKD edits, the
ASN's progress) and completion, where an activity with evidence becomes a portfolio item through
the pegawai services (so verification, completeness and the talent recompute follow).

Every write records an audit event in its transaction. Approving or reopening a plan changes the
national IDP count: the summary's dirty mark goes with it (`ringkasan_stale`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.events import ringkasan_stale_send
from apps.core.services import audit_event_record
from apps.instansi.models import Instansi
from apps.notifikasi.services import notifikasi_kirim
from apps.pegawai.models import Pegawai, RiwayatDiklat, SkTimKerja
from apps.pegawai.services import dokumen_store, riwayat_create
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang

from .generator import KOTAK_PRIORITAS, idp_draf_susun
from .inputs import idp_inputs_load
from .models import JENIS_DARI_SUB, Idp, JenisKegiatan, KegiatanIdp, SubJenisKegiatan

BATCH = 500
# Advisory-lock namespace of bulk drafting (the second key is the instansi id).
KUNCI_SUSUN = 7401
STRUKTURAL = {"jpt_utama": 5, "jpt_madya": 4, "jpt_pratama": 3, "administrator": 2, "pengawas": 1}
KEGIATAN_FIELDS = (
    "sub_jenis", "nama", "kompetensi_sasaran", "alasan", "tanggal_mulai", "tanggal_selesai", "perkiraan_jam",
    "jam_pelajaran", "penanggung_jawab",
)  # fmt: skip


def _nilai(values: dict[str, Any]) -> dict[str, Any]:
    hasil = {}
    for key, value in values.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        hasil[key] = value
    return hasil


# --- the responsible atasan ------------------------------------------------------------------------


class AtasanPeta:
    """Who heads which unit: the highest structural post of each unit (loaded once per instansi).
    A pegawai's atasan is the head of their unit, or of the unit above when they head it
    themselves (a head of a bidang reports to the head of the perangkat daerah)."""

    def __init__(self, *, instansi: Instansi):
        self.kepala: dict[int, tuple[int, int]] = {}  # unit id -> (level, pegawai id)
        for pk, unit_id, jenis in Pegawai.objects.filter(
            instansi=instansi, aktif=True, jenis_jabatan__in=list(STRUKTURAL), unit_kerja__isnull=False
        ).values_list("pk", "unit_kerja_id", "jenis_jabatan"):
            level = STRUKTURAL[jenis]
            if unit_id not in self.kepala or self.kepala[unit_id] < (level, -pk):
                self.kepala[unit_id] = (level, pk)
        from apps.instansi.models import UnitKerja

        self.induk = dict(UnitKerja.objects.filter(instansi=instansi).values_list("pk", "induk_id"))

    def atasan_id(self, pegawai: Pegawai) -> int | None:
        level_sendiri = STRUKTURAL.get(pegawai.jenis_jabatan, 0)
        unit = pegawai.unit_kerja_id
        while unit is not None:
            kepala = self.kepala.get(unit)
            if kepala and kepala[1] != pegawai.pk and kepala[0] > level_sendiri:
                return kepala[1]
            unit = self.induk.get(unit)
        return None


# --- drafting ----------------------------------------------------------------------------------------


def _kegiatan_rows(*, idp: Idp, drafts, penanggung_jawab_id: int | None) -> list[KegiatanIdp]:
    return [
        KegiatanIdp(
            instansi_id=idp.instansi_id,
            idp=idp,
            jenis=d.jenis,
            sub_jenis=d.sub_jenis,
            nama=d.nama[:200],
            kompetensi_sasaran=d.kompetensi_sasaran[:150],
            sumber=d.sumber,
            alasan=d.alasan[:300],
            tanggal_mulai=d.tanggal_mulai,
            tanggal_selesai=d.tanggal_selesai,
            perkiraan_jam=d.perkiraan_jam,
            jam_pelajaran=d.jam_pelajaran,
            penanggung_jawab_id=penanggung_jawab_id,
            urutan=i,
        )
        for i, d in enumerate(drafts)
    ]


@transaction.atomic
def idp_susun(*, pegawai: Pegawai, tahun: int, actor: User | None) -> Idp:
    """Draft one pegawai's IDP of `tahun` from their box and gaps. Refused when the year has a plan."""
    if Idp.objects.filter(instansi=pegawai.instansi, pegawai=pegawai, tahun=tahun).exists():
        raise ValidationError(
            _("%(nama)s sudah memiliki IDP tahun %(tahun)s.") % {"nama": pegawai.nama, "tahun": tahun}
        )
    inputs = idp_inputs_load(
        instansi=pegawai.instansi, pegawai=[pegawai], tahun=tahun, periode=periode_sekarang()
    )
    atasan_id = AtasanPeta(instansi=pegawai.instansi).atasan_id(pegawai)
    drafts = idp_draf_susun(inputs[pegawai.pk], mulai=timezone.localdate())
    idp = Idp.objects.create(
        instansi=pegawai.instansi,
        pegawai=pegawai,
        tahun=tahun,
        atasan_id=atasan_id,
        kotak=inputs[pegawai.pk].kotak,
    )
    KegiatanIdp.objects.bulk_create(_kegiatan_rows(idp=idp, drafts=drafts, penanggung_jawab_id=atasan_id))
    audit_event_record(
        action="idp.susun",
        instansi=pegawai.instansi,
        actor=actor,
        target=idp,
        new_values={"pegawai": pegawai.pk, "tahun": tahun, "kotak": idp.kotak, "kegiatan": len(drafts)},
    )
    return idp


def idp_susun_massal(
    *, instansi: Instansi, tahun: int, actor: User | None, hanya_prioritas: bool = False
) -> dict:
    """Draft the IDPs of every active pegawai of the instansi without a plan for `tahun`: boxes 4–6
    first, then the others. Batches of BATCH, each in its own transaction (a rerun skips what is
    done, so the worker may repeat it safely). One audit event per batch."""
    periode = periode_sekarang()
    kotak = Penempatan.objects.filter(instansi=instansi, periode=periode, pegawai=OuterRef("pk")).values(
        "kotak"
    )[:1]
    antrean = (
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .exclude(pk__in=Idp.objects.filter(instansi=instansi, tahun=tahun).values("pegawai_id"))
        .annotate(kotak_sekarang=Subquery(kotak))
        .annotate(
            prioritas=Case(
                When(kotak_sekarang__in=KOTAK_PRIORITAS, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("prioritas", "kotak_sekarang", "pk")
    )
    if hanya_prioritas:
        antrean = antrean.filter(prioritas=0)
    ids = list(antrean.values_list("pk", flat=True))
    peta = AtasanPeta(instansi=instansi)
    mulai = timezone.localdate()
    dibuat = 0
    for awal in range(0, len(ids), BATCH):
        potong = ids[awal : awal + BATCH]
        with transaction.atomic():
            # One drafting batch per instansi at a time: two runs (a double click, a redelivered
            # task) never draft the same pegawai twice; the second skips what the first wrote.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [KUNCI_SUSUN, instansi.pk])
            pegawai = list(
                Pegawai.objects.filter(instansi=instansi, pk__in=potong).exclude(
                    pk__in=Idp.objects.filter(instansi=instansi, tahun=tahun).values("pegawai_id")
                )
            )
            inputs = idp_inputs_load(instansi=instansi, pegawai=pegawai, tahun=tahun, periode=periode)
            idps = [
                Idp(
                    instansi=instansi,
                    pegawai=p,
                    tahun=tahun,
                    atasan_id=peta.atasan_id(p),
                    kotak=inputs[p.pk].kotak,
                )
                for p in pegawai
            ]
            Idp.objects.bulk_create(idps, ignore_conflicts=False)
            rows = []
            for idp in idps:
                drafts = idp_draf_susun(inputs[idp.pegawai_id], mulai=mulai)
                rows.extend(_kegiatan_rows(idp=idp, drafts=drafts, penanggung_jawab_id=idp.atasan_id))
            KegiatanIdp.objects.bulk_create(rows, batch_size=2000)
            audit_event_record(
                action="idp.susun_massal",
                instansi=instansi,
                actor=actor,
                new_values={"tahun": tahun, "idp": len(idps), "kegiatan": len(rows)},
            )
            dibuat += len(idps)
    return {"dibuat": dibuat, "tahun": tahun}


# --- the approval cycle ------------------------------------------------------------------------------


def _status_ubah(*, idp: Idp, actor: User | None, status: str, action: str, **extra: Any) -> Idp:
    lama = {"status": idp.status}
    idp.status = status
    for key, value in extra.items():
        setattr(idp, key, value)
    idp.save(update_fields=["status", *extra, "diubah_pada"])
    audit_event_record(
        action=action,
        instansi=idp.instansi,
        actor=actor,
        target=idp,
        old_values=lama,
        new_values=_nilai({"status": status, **extra}),
    )
    return idp


@transaction.atomic
def idp_ajukan(*, idp: Idp, actor: User | None) -> Idp:
    """The ASN (or the BKD) submits the plan to the atasan."""
    idp = Idp.objects.select_for_update().get(pk=idp.pk, instansi=idp.instansi)
    if idp.status not in (Idp.Status.DRAF, Idp.Status.DITOLAK):
        raise ValidationError(_("IDP ini sudah diajukan atau disetujui."))
    if (
        not KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp)
        .exclude(status=KegiatanIdp.Status.BATAL)
        .exists()
    ):
        raise ValidationError(_("IDP belum memiliki kegiatan; tambahkan kegiatan sebelum mengajukan."))
    idp = _status_ubah(idp=idp, actor=actor, status=Idp.Status.DIAJUKAN, action="idp.ajukan")
    if idp.atasan_id:
        atasan = (
            Pegawai.objects.filter(instansi=idp.instansi, pk=idp.atasan_id).select_related("user").first()
        )
        if atasan is not None and atasan.user_id:
            notifikasi_kirim(
                instansi=idp.instansi,
                penerima=[atasan.user],
                jenis="idp.diajukan",
                judul=_("IDP %(nama)s menunggu persetujuan Anda") % {"nama": idp.pegawai.nama},
                tautan=reverse("pengembangan:idp_atasan_detail", kwargs={"pk": idp.pk}),
            )
    return idp


@transaction.atomic
def idp_setujui(*, idp: Idp, actor: User, oleh_atasan: bool = False) -> Idp:
    """The atasan approves a submitted plan; the BKD may also approve a draft directly."""
    idp = Idp.objects.select_for_update().get(pk=idp.pk, instansi=idp.instansi)
    boleh = (
        (Idp.Status.DIAJUKAN,) if oleh_atasan else (Idp.Status.DRAF, Idp.Status.DIAJUKAN, Idp.Status.DITOLAK)
    )
    if idp.status not in boleh:
        raise ValidationError(
            _("IDP berstatus %(status)s tidak dapat disetujui.")
            % {"status": idp.get_status_display().lower()}
        )
    if (
        not KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp)
        .exclude(status=KegiatanIdp.Status.BATAL)
        .exists()
    ):
        raise ValidationError(_("IDP belum memiliki kegiatan; tambahkan kegiatan sebelum menyetujui."))
    idp = _status_ubah(
        idp=idp,
        actor=actor,
        status=Idp.Status.DISETUJUI,
        action="idp.setujui",
        disetujui_oleh=actor,
        disetujui_pada=timezone.now(),
        alasan_pengembalian="",
    )
    ringkasan_stale_send(instansi_id=idp.instansi_id, penyebab="idp.setujui")
    pegawai = Pegawai.objects.filter(instansi=idp.instansi, pk=idp.pegawai_id).select_related("user").first()
    if pegawai is not None and pegawai.user_id:
        notifikasi_kirim(
            instansi=idp.instansi,
            penerima=[pegawai.user],
            jenis="idp.disetujui",
            judul=_("IDP tahun %(tahun)s Anda disetujui") % {"tahun": idp.tahun},
            tautan=reverse("pengembangan:idp_saya"),
        )
    return idp


@transaction.atomic
def idp_kembalikan(*, idp: Idp, actor: User, alasan: str, oleh_atasan: bool = False) -> Idp:
    """Return a submitted (or, by the BKD, an approved) plan to the ASN with a reason."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(
            {"alasan": _("Tuliskan alasan pengembalian agar pegawai tahu apa yang diperbaiki.")}
        )
    idp = Idp.objects.select_for_update().get(pk=idp.pk, instansi=idp.instansi)
    boleh = (Idp.Status.DIAJUKAN,) if oleh_atasan else (Idp.Status.DIAJUKAN, Idp.Status.DISETUJUI)
    if idp.status not in boleh:
        raise ValidationError(_("Hanya IDP yang diajukan yang dapat dikembalikan."))
    disetujui = idp.status == Idp.Status.DISETUJUI
    idp = _status_ubah(
        idp=idp, actor=actor, status=Idp.Status.DITOLAK, action="idp.kembalikan", alasan_pengembalian=alasan
    )
    if disetujui:
        ringkasan_stale_send(instansi_id=idp.instansi_id, penyebab="idp.kembalikan")
    pegawai = Pegawai.objects.filter(instansi=idp.instansi, pk=idp.pegawai_id).select_related("user").first()
    if pegawai is not None and pegawai.user_id:
        notifikasi_kirim(
            instansi=idp.instansi,
            penerima=[pegawai.user],
            jenis="idp.dikembalikan",
            judul=_("IDP tahun %(tahun)s Anda dikembalikan") % {"tahun": idp.tahun},
            isi=alasan,
            tautan=reverse("pengembangan:idp_saya"),
        )
    return idp


@transaction.atomic
def idp_hapus(*, idp: Idp, actor: User) -> None:
    """Delete a plan that is not approved (BKD), e.g. to draft it again from fresh data."""
    if idp.status == Idp.Status.DISETUJUI:
        raise ValidationError(_("IDP yang sudah disetujui tidak dapat dihapus; kembalikan dahulu."))
    if KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp, riwayat_id__isnull=False).exists():
        raise ValidationError(_("IDP ini punya kegiatan yang sudah masuk portofolio; tidak dapat dihapus."))
    audit_event_record(
        action="idp.hapus",
        instansi=idp.instansi,
        actor=actor,
        target=idp,
        old_values={"pegawai": idp.pegawai_id, "tahun": idp.tahun, "status": idp.status},
    )
    KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp).delete()
    idp.delete()


# --- activities: the plan's content (BKD) ---------------------------------------------------------------


def _kegiatan_validate(*, idp: Idp, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    sub = data.get("sub_jenis")
    if sub not in JENIS_DARI_SUB:
        errors.setdefault("sub_jenis", []).append(_("Pilih bentuk kegiatan."))
    else:
        data["jenis"] = JENIS_DARI_SUB[sub]
    if not (data.get("nama") or "").strip():
        errors.setdefault("nama", []).append(_("Nama kegiatan wajib diisi."))
    mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
    if not mulai:
        errors.setdefault("tanggal_mulai", []).append(_("Tanggal mulai wajib diisi."))
    if not selesai:
        errors.setdefault("tanggal_selesai", []).append(_("Tanggal selesai wajib diisi."))
    if mulai and selesai and selesai < mulai:
        errors.setdefault("tanggal_selesai", []).append(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        )
    if selesai and selesai.year != idp.tahun and (not mulai or mulai.year != idp.tahun):
        errors.setdefault("tanggal_mulai", []).append(
            _("Kegiatan harus berlangsung pada tahun IDP (%(tahun)s).") % {"tahun": idp.tahun}
        )
    jp = data.get("jam_pelajaran")
    if jp and data.get("jenis") != JenisKegiatan.PENDIDIKAN:
        errors.setdefault("jam_pelajaran", []).append(
            _("Jam pelajaran (JP) hanya untuk kegiatan pendidikan dan pelatihan.")
        )
    pj = data.get("penanggung_jawab")
    if pj is not None and pj.instansi_id != idp.instansi_id:
        errors.setdefault("penanggung_jawab", []).append(
            _("Penanggung jawab tidak ditemukan di instansi ini.")
        )
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def kegiatan_tambah(*, idp: Idp, actor: User | None, **data: Any) -> KegiatanIdp:
    data = _kegiatan_validate(idp=idp, data={k: data.get(k) for k in KEGIATAN_FIELDS})
    data = {k: v for k, v in data.items() if v is not None or k in ("jam_pelajaran", "penanggung_jawab")}
    urutan = KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp).count()
    kegiatan = KegiatanIdp.objects.create(
        instansi=idp.instansi, idp=idp, sumber="manual", urutan=urutan, **{"perkiraan_jam": 0, **data}
    )
    audit_event_record(
        action="idp.kegiatan.tambah",
        instansi=idp.instansi,
        actor=actor,
        target=kegiatan,
        new_values=_nilai({"idp": idp.pk, **data}),
    )
    return kegiatan


@transaction.atomic
def kegiatan_ubah(*, kegiatan: KegiatanIdp, actor: User | None, **changes: Any) -> KegiatanIdp:
    data = {k: getattr(kegiatan, k) for k in KEGIATAN_FIELDS}
    data.update({k: v for k, v in changes.items() if k in KEGIATAN_FIELDS})
    if data.get("perkiraan_jam") is None:
        data["perkiraan_jam"] = 0
    data = _kegiatan_validate(idp=kegiatan.idp, data=data)
    lama = {k: getattr(kegiatan, k) for k in (*KEGIATAN_FIELDS, "jenis")}
    berubah = {k: v for k, v in data.items() if lama.get(k) != v}
    if not berubah:
        return kegiatan
    for key, value in berubah.items():
        setattr(kegiatan, key, value)
    kegiatan.save()
    audit_event_record(
        action="idp.kegiatan.ubah",
        instansi=kegiatan.instansi,
        actor=actor,
        target=kegiatan,
        old_values=_nilai({k: lama[k] for k in berubah}),
        new_values=_nilai(berubah),
    )
    return kegiatan


@transaction.atomic
def kegiatan_hapus(*, kegiatan: KegiatanIdp, actor: User | None) -> None:
    if kegiatan.riwayat_id:
        raise ValidationError(_("Kegiatan ini sudah masuk portofolio; batalkan saja bila tidak dilanjutkan."))
    audit_event_record(
        action="idp.kegiatan.hapus",
        instansi=kegiatan.instansi,
        actor=actor,
        target=kegiatan,
        old_values=_nilai({"idp": kegiatan.idp_id, "nama": kegiatan.nama, "sub_jenis": kegiatan.sub_jenis}),
    )
    kegiatan.delete()


# --- activities: the ASN carries them out -------------------------------------------------------------------


def _kegiatan_kunci(kegiatan: KegiatanIdp) -> KegiatanIdp:
    """The activity re-read under a row lock, with its plan as it is now (not as the caller read it)."""
    return (
        KegiatanIdp.objects.select_for_update(of=("self",))
        .select_related("idp__pegawai")
        .get(pk=kegiatan.pk, instansi=kegiatan.instansi)
    )


def _harus_disetujui(kegiatan: KegiatanIdp) -> None:
    if kegiatan.idp.status != Idp.Status.DISETUJUI:
        raise ValidationError(_("Progres dicatat setelah IDP disetujui atasan atau BKD."))


@transaction.atomic
def kegiatan_progres(
    *, kegiatan: KegiatanIdp, actor: User | None, progres: int, catatan: str = "", batal: bool = False
) -> KegiatanIdp:
    """The ASN records progress (0–99 %) or cancels the activity; 100 % is reached by completing it
    with evidence (`kegiatan_selesaikan`)."""
    kegiatan = _kegiatan_kunci(kegiatan)
    _harus_disetujui(kegiatan)
    if kegiatan.status == KegiatanIdp.Status.SELESAI:
        raise ValidationError(_("Kegiatan ini sudah selesai."))
    if not batal and not 0 <= progres <= 99:
        raise ValidationError(
            {"progres": _("Isi progres 0 sampai 99 persen; untuk 100 persen, tandai selesai dengan bukti.")}
        )
    lama = {"status": kegiatan.status, "progres": kegiatan.progres}
    if batal:
        kegiatan.status = KegiatanIdp.Status.BATAL
    else:
        kegiatan.progres = progres
        kegiatan.status = KegiatanIdp.Status.BERJALAN if progres > 0 else KegiatanIdp.Status.RENCANA
    if catatan:
        kegiatan.catatan_progres = catatan.strip()
    kegiatan.save(update_fields=["status", "progres", "catatan_progres", "diubah_pada"])
    audit_event_record(
        action="idp.kegiatan.progres",
        instansi=kegiatan.instansi,
        actor=actor,
        target=kegiatan,
        old_values=lama,
        new_values={
            "status": kegiatan.status,
            "progres": kegiatan.progres,
            "catatan": kegiatan.catatan_progres,
        },
    )
    return kegiatan


# Which portfolio kind a completed activity becomes (docs/pengembangan.md, "Selesai dengan bukti").
SUB_KE_RIWAYAT = {
    **dict.fromkeys((SubJenisKegiatan.PELATIHAN_KLASIKAL, SubJenisKegiatan.E_LEARNING, SubJenisKegiatan.DIKLAT_KEPEMIMPINAN), RiwayatDiklat),
    SubJenisKegiatan.PENUGASAN_KHUSUS: SkTimKerja,
    SubJenisKegiatan.PROYEK: SkTimKerja,
}  # fmt: skip


@transaction.atomic
def kegiatan_selesaikan(
    *,
    kegiatan: KegiatanIdp,
    actor: User | None,
    berkas: UploadedFile | None,
    tanggal_mulai: dt.date | None = None,
    tanggal_selesai: dt.date | None = None,
    penyelenggara: str = "",
    nomor: str = "",
    jam_pelajaran: int | None = None,
    catatan: str = "",
) -> KegiatanIdp:
    """Mark an activity done with its evidence. Training (with its JP) becomes a riwayat diklat,
    a special assignment or project an SK tim kerja — submitted for verification like any ASN item,
    so the JP count and the box move only once the verifier approves. Other kinds keep the evidence
    on the activity. All or nothing: a refused file or date writes nothing."""
    kegiatan = _kegiatan_kunci(kegiatan)
    _harus_disetujui(kegiatan)
    if kegiatan.status in (KegiatanIdp.Status.SELESAI, KegiatanIdp.Status.BATAL):
        raise ValidationError(_("Kegiatan ini sudah selesai atau dibatalkan."))
    pegawai = kegiatan.idp.pegawai
    model = SUB_KE_RIWAYAT.get(kegiatan.sub_jenis)
    errors: dict[str, list[str]] = {}
    if berkas is None:
        errors["berkas"] = [
            _("Unggah bukti kegiatan (sertifikat, SK, atau laporan) dalam PDF, JPG atau PNG.")
        ]
    mulai = tanggal_mulai or kegiatan.tanggal_mulai
    selesai = tanggal_selesai or kegiatan.tanggal_selesai
    if selesai and selesai > timezone.localdate():
        errors.setdefault("tanggal_selesai", []).append(_("Tanggal selesai tidak boleh di masa depan."))
    if mulai and selesai and selesai < mulai:
        errors.setdefault("tanggal_selesai", []).append(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        )
    if model is RiwayatDiklat:
        jp = jam_pelajaran if jam_pelajaran is not None else kegiatan.jam_pelajaran
        if not jp or jp < 1:
            errors["jam_pelajaran"] = [_("Isi jam pelajaran (JP) sesuai sertifikat.")]
        if not penyelenggara.strip():
            errors["penyelenggara"] = [_("Isi penyelenggara pelatihan.")]
    if model is SkTimKerja and not nomor.strip():
        errors["nomor"] = [_("Isi nomor SK atau surat tugas.")]
    if errors:
        raise ValidationError(errors)
    dokumen = dokumen_store(pegawai=pegawai, actor=actor, berkas=berkas)
    riwayat = None
    if model is RiwayatDiklat:
        riwayat = riwayat_create(
            model=RiwayatDiklat,
            pegawai=pegawai,
            actor=actor,
            dokumen=dokumen,
            data={
                "jenis": RiwayatDiklat.Jenis.STRUKTURAL
                if kegiatan.sub_jenis == SubJenisKegiatan.DIKLAT_KEPEMIMPINAN
                else RiwayatDiklat.Jenis.TEKNIS,
                "nama": kegiatan.nama,
                "penyelenggara": penyelenggara.strip()[:200],
                "tanggal_mulai": mulai,
                "tanggal_selesai": selesai,
                "jam_pelajaran": jp,
                "nomor_sertifikat": nomor.strip()[:100],
            },
        )
    elif model is SkTimKerja:
        riwayat = riwayat_create(
            model=SkTimKerja,
            pegawai=pegawai,
            actor=actor,
            dokumen=dokumen,
            data={
                "nama_tim": kegiatan.nama,
                "peran": _("Pelaksana kegiatan IDP"),
                "nomor_sk": nomor.strip()[:100],
                "tanggal_sk": selesai,
            },
        )
    lama = {"status": kegiatan.status, "progres": kegiatan.progres}
    kegiatan.status = KegiatanIdp.Status.SELESAI
    kegiatan.progres = 100
    kegiatan.dokumen = dokumen
    kegiatan.diselesaikan_pada = timezone.now()
    if catatan:
        kegiatan.catatan_progres = catatan.strip()
    if riwayat is not None:
        kegiatan.riwayat_kode, kegiatan.riwayat_id = model.KODE, riwayat.pk
        if model is RiwayatDiklat:
            kegiatan.jam_pelajaran = jp
    kegiatan.save()
    audit_event_record(
        action="idp.kegiatan.selesai",
        instansi=kegiatan.instansi,
        actor=actor,
        target=kegiatan,
        old_values=lama,
        new_values={
            "status": kegiatan.status,
            "dokumen": str(dokumen.uuid),
            "riwayat": f"{kegiatan.riwayat_kode}:{kegiatan.riwayat_id}" if riwayat else "",
        },
    )
    ringkasan_stale_send(instansi_id=kegiatan.instansi_id, penyebab="idp.kegiatan.selesai")
    return kegiatan


def toleransi_persen() -> int:
    return int(getattr(settings, "PENGEMBANGAN_IDP_TOLERANSI_PERSEN", 15))
