"""KRS Nasional: the ONE module that reads personal data across instansi.

Review rule: every cross-tenant read of a name or a NIP lives here and nowhere else. It reads only
`IndeksKrsNasional` (the minimal profile each instansi's refresh writes inside its own scope) and
the audit events and grants that go with it. Every read of a person by BKN goes through
`krs_cari` or `krs_profil_get`, and both write an audit event in the same transaction as the read:
a search or profile that could not be audited is not shown.

* Writing the index: `krs_indeks_refresh` (called by the summary refresh, inside the instansi's
  scope; fixed number of queries).
* Access: `akses_aktif_get` (an operator's grant, in force today) and `sesi_aktif_get` (the
  purpose stated for the current search session); `akses_beri` / `akses_cabut` / `sesi_mulai`.
* Reads for BKN: `krs_cari` (filters, paginated, audited), `krs_profil_get` (audited with the
  pegawai's instansi, so that instansi sees who looked).
* Reads for the instansi: `krs_pantau_list` (its own nominees and their viewers, in its scope).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import F, IntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core.roles import Role
from apps.core.services import audit_event_record
from apps.core.tenancy import Lintas, lintas_instansi

from .models import AksesKrsNasional, IndeksKrsNasional, SesiKrsNasional

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

# How long a stated purpose covers searches and profile views before it must be stated again.
SESI_DURASI = dt.timedelta(hours=getattr(settings, "NASIONAL_KRS_SESI_JAM", 8))
# Results per page of the search.
PER_HALAMAN = 25
# Readiness from best to worst (apps.suksesi Kandidat.Kesiapan codes).
KESIAPAN_URUTAN = ("siap_sekarang", "siap_1_2", "siap_3")

AKSI_CARI = "krs_nasional.cari"
AKSI_PROFIL = "krs_nasional.profil"
AKSI_SESI = "krs_nasional.sesi"
AKSI_AKSES_BERI = "krs_nasional.akses_beri"
AKSI_AKSES_CABUT = "krs_nasional.akses_cabut"


# --- the index (written by each instansi's refresh, inside its scope) ---------------------------


def krs_indeks_refresh(*, instansi: Instansi, periode: int) -> int:
    """Rewrite the instansi's IndeksKrsNasional rows of `periode` inside its scope, in a fixed
    number of queries; returns how many rows it holds now.

    Members are the KRS members (final placements in a pool box of active pegawai, the KRS rule of
    apps.suksesi.selectors.krs_list) in the succession rule set's `kotak_krs_nasional` boxes."""
    from apps.asesmen.models import Asesmen, AsesmenKompetensi
    from apps.asesmen.selectors import berlaku_q
    from apps.pegawai.referensi import bup_usia, tanggal_pensiun_dari
    from apps.pegawai.selectors import pengaturan_bup
    from apps.petatalenta.models import Penempatan
    from apps.petatalenta.periode import tanggal_acuan_periode
    from apps.suksesi.engine import tingkat_dari
    from apps.suksesi.models import Kandidat
    from apps.suksesi.selectors import aturan_suksesi_berlaku

    acuan = tanggal_acuan_periode(periode=periode)
    kotak = sorted(aturan_suksesi_berlaku(instansi=instansi).kotak_krs_nasional)
    penempatan = list(
        Penempatan.objects.filter(
            instansi=instansi,
            periode=periode,
            status=Penempatan.Status.FINAL,
            talent_pool=True,
            kotak__in=kotak,
            pegawai__instansi=instansi,
            pegawai__aktif=True,
        )
        .select_related("pegawai")
        .order_by("pegawai_id")
    )
    ids = [p.pegawai_id for p in penempatan]
    # The latest valid asesmen of each member (DISTINCT ON), then its competency levels.
    asesmen = {
        a.pegawai_id: a
        for a in Asesmen.objects.filter(berlaku_q(acuan), instansi=instansi, pegawai_id__in=ids)
        .order_by("pegawai_id", "-tanggal", "-pk")
        .distinct("pegawai_id")
        .only("pk", "pegawai_id", "jpm")
    }
    kompetensi: dict[int, dict[str, int]] = {}
    for row in AsesmenKompetensi.objects.filter(
        instansi=instansi, asesmen_id__in=[a.pk for a in asesmen.values()]
    ).values("asesmen_id", "kompetensi", "level_individu"):
        kompetensi.setdefault(row["asesmen_id"], {})[row["kompetensi"]] = row["level_individu"]
    # Best readiness over the stored candidate lists of active key posts, eligible candidates only
    # (a "tidak memenuhi" row still carries a readiness, but it is not a readiness for that post).
    kesiapan: dict[int, str] = {}
    for pegawai_id, nilai in (
        Kandidat.objects.filter(instansi=instansi, pegawai_id__in=ids, jabatan_kunci__aktif=True)
        .exclude(kelayakan=Kandidat.Kelayakan.TIDAK_MEMENUHI)
        .values_list("pegawai_id", "kesiapan")
    ):
        lama = kesiapan.get(pegawai_id)
        if nilai in KESIAPAN_URUTAN and (
            lama is None or KESIAPAN_URUTAN.index(nilai) < KESIAPAN_URUTAN.index(lama)
        ):
            kesiapan[pegawai_id] = nilai
    bup = pengaturan_bup(instansi=instansi)
    sekarang = timezone.now()
    rows = []
    for p in penempatan:
        g = p.pegawai
        a = asesmen.get(g.pk)
        rows.append(
            IndeksKrsNasional(
                instansi=instansi,
                pegawai_id=g.pk,
                periode=periode,
                provinsi_id=instansi.provinsi_id,
                nama=g.nama_lengkap[:260],
                nip=g.nip,
                nama_jabatan=g.nama_jabatan[:200],
                jenis_jabatan=g.jenis_jabatan,
                tingkat=tingkat_dari(jenis_jabatan=g.jenis_jabatan, jenjang_fungsional=g.jenjang_fungsional),
                golongan=g.golongan,
                kotak=p.kotak,
                skor_potensial=p.skor_potensial,
                skor_kinerja=p.skor_kinerja,
                jpm=a.jpm if a else None,
                kompetensi=kompetensi.get(a.pk, {}) if a else {},
                kesiapan=kesiapan.get(g.pk, ""),
                tanggal_bup=tanggal_pensiun_dari(
                    tanggal_lahir=g.tanggal_lahir,
                    usia=bup_usia(
                        jenis_jabatan=g.jenis_jabatan, jenjang_fungsional=g.jenjang_fungsional, pengaturan=bup
                    ),
                ),
                diperbarui_pada=sekarang,
            )
        )
    with transaction.atomic():
        IndeksKrsNasional.objects.filter(instansi=instansi, periode=periode).delete()
        IndeksKrsNasional.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# --- access: the operator's grant and the stated purpose --------------------------------------


def _akses_berlaku_q(hari_ini: dt.date) -> Q:
    return Q(dicabut_pada__isnull=True, berlaku_mulai__lte=hari_ini) & (
        Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=hari_ini)
    )


def akses_aktif_get(*, user: User) -> AksesKrsNasional | None:
    """The user's grant in force today (not revoked, within its dates), None without one."""
    if user is None or not user.is_authenticated:
        return None
    return (
        AksesKrsNasional.objects.filter(_akses_berlaku_q(timezone.localdate()), user=user)
        .order_by("-berlaku_mulai", "-pk")
        .first()
    )


def akses_list() -> QuerySet[AksesKrsNasional]:
    """Every grant ever given (the operator page), newest first."""
    return AksesKrsNasional.objects.select_related("user", "diberikan_oleh").order_by(
        "-diberikan_pada", "-pk"
    )


def akses_berlaku(akses: AksesKrsNasional, *, hari_ini: dt.date | None = None) -> bool:
    hari_ini = hari_ini or timezone.localdate()
    return (
        akses.dicabut_pada is None
        and akses.berlaku_mulai <= hari_ini
        and (akses.berlaku_sampai is None or akses.berlaku_sampai >= hari_ini)
    )


def pengguna_bkn_list() -> list[User]:
    """The BKN accounts an operator can grant the search to (memberships without an instansi)."""
    from apps.accounts.models import User

    return list(
        User.objects.filter(
            membership__role=Role.BKN, membership__instansi__isnull=True, is_active=True
        ).order_by("username")
    )


@transaction.atomic
def akses_beri(
    *, user: User, dasar: str, berlaku_mulai: dt.date, berlaku_sampai: dt.date | None, actor: User
) -> AksesKrsNasional:
    akses = AksesKrsNasional.objects.create(
        user=user,
        dasar=dasar,
        berlaku_mulai=berlaku_mulai,
        berlaku_sampai=berlaku_sampai,
        diberikan_oleh=actor,
    )
    audit_event_record(
        action=AKSI_AKSES_BERI,
        instansi=None,
        actor=actor,
        target=akses,
        new_values={
            "user": user.get_username(),
            "dasar": dasar,
            "berlaku_mulai": berlaku_mulai.isoformat(),
            "berlaku_sampai": berlaku_sampai.isoformat() if berlaku_sampai else None,
        },
    )
    return akses


@transaction.atomic
def akses_cabut(*, akses: AksesKrsNasional, actor: User) -> AksesKrsNasional:
    """Revoke a grant now; its open search sessions end with it."""
    if akses.dicabut_pada is not None:
        return akses
    sekarang = timezone.now()
    akses.dicabut_pada = sekarang
    akses.save(update_fields=["dicabut_pada"])
    SesiKrsNasional.objects.filter(user_id=akses.user_id, berakhir_pada__gt=sekarang).update(
        berakhir_pada=sekarang
    )
    audit_event_record(
        action=AKSI_AKSES_CABUT,
        instansi=None,
        actor=actor,
        target=akses,
        old_values={"dicabut_pada": None},
        new_values={"user": akses.user.get_username(), "dicabut_pada": sekarang.isoformat()},
    )
    return akses


def sesi_aktif_get(*, user: User) -> SesiKrsNasional | None:
    """The user's search session still open (a purpose stated less than SESI_DURASI ago)."""
    return (
        SesiKrsNasional.objects.filter(user=user, berakhir_pada__gt=timezone.now())
        .order_by("-dimulai_pada", "-pk")
        .first()
    )


@transaction.atomic
def sesi_mulai(*, user: User, tujuan: str) -> SesiKrsNasional:
    """State the purpose of a search session; it covers every search and profile until it ends."""
    sekarang = timezone.now()
    # One open session at a time: a new purpose closes the previous one.
    SesiKrsNasional.objects.filter(user=user, berakhir_pada__gt=sekarang).update(berakhir_pada=sekarang)
    sesi = SesiKrsNasional.objects.create(
        user=user, tujuan=tujuan.strip(), berakhir_pada=sekarang + SESI_DURASI
    )
    audit_event_record(
        action=AKSI_SESI,
        instansi=None,
        actor=user,
        target=sesi,
        new_values={
            "sesi": str(sesi.uuid),
            "tujuan": sesi.tujuan,
            "berakhir_pada": sesi.berakhir_pada.isoformat(),
        },
    )
    return sesi


@transaction.atomic
def sesi_akhiri(*, sesi: SesiKrsNasional) -> None:
    sekarang = timezone.now()
    if sesi.berakhir_pada > sekarang:
        sesi.berakhir_pada = sekarang
        sesi.save(update_fields=["berakhir_pada"])


# --- BKN reads (audited) -----------------------------------------------------------------------


@dataclass(frozen=True)
class SaringanKrsNasional:
    tingkat: str = ""
    jenis_jabatan: str = ""
    jpm_min: Decimal | None = None
    kompetensi: str = ""
    kompetensi_level: int | None = None
    provinsi: str = ""  # Wilayah.kode of a province
    tahun_ke_bup_min: int | None = None

    def as_audit(self) -> dict:
        return {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in asdict(self).items()
            if v not in ("", None)
        }


@dataclass
class HasilCari:
    page: Page
    periode: int
    saringan: SaringanKrsNasional
    jumlah: int = 0
    baris: list[IndeksKrsNasional] = field(default_factory=list)


def periode_indeks() -> int:
    from apps.petatalenta.periode import periode_sekarang

    return periode_sekarang()


def _cari_queryset(
    *, saringan: SaringanKrsNasional, periode: int, hari_ini: dt.date
) -> QuerySet[IndeksKrsNasional]:
    """The filters as one query on the index (the caller holds lintas_instansi(alasan=Lintas.KRS_NASIONAL)). Rows of a
    deactivated instansi are left out by id (usually none), so the scan needs no join."""
    from apps.instansi.models import Instansi

    qs = IndeksKrsNasional.objects.filter(periode=periode)
    nonaktif = list(Instansi.objects.filter(aktif=False).values_list("pk", flat=True))
    if nonaktif:
        qs = qs.exclude(instansi_id__in=nonaktif)
    if saringan.tingkat:
        qs = qs.filter(tingkat=saringan.tingkat)
    if saringan.jenis_jabatan:
        qs = qs.filter(jenis_jabatan=saringan.jenis_jabatan)
    if saringan.jpm_min is not None:
        qs = qs.filter(jpm__gte=saringan.jpm_min)
    if saringan.provinsi:
        qs = qs.filter(provinsi__kode=saringan.provinsi)
    if saringan.tahun_ke_bup_min is not None:
        batas = _tambah_tahun(hari_ini, saringan.tahun_ke_bup_min)
        qs = qs.filter(tanggal_bup__gte=batas)
    if saringan.kompetensi:
        # A named competency at or above a level (level 1 when none is given: "has it assessed").
        qs = qs.annotate(
            _level=Cast(KeyTextTransform(saringan.kompetensi, "kompetensi"), IntegerField())
        ).filter(_level__gte=saringan.kompetensi_level or 1)
    return qs


def _tambah_tahun(tanggal: dt.date, tahun: int) -> dt.date:
    try:
        return tanggal.replace(year=tanggal.year + tahun)
    except ValueError:  # 29 February
        return tanggal.replace(year=tanggal.year + tahun, day=28)


@transaction.atomic
def krs_cari(
    *, saringan: SaringanKrsNasional, halaman: object, user: User, sesi: SesiKrsNasional
) -> HasilCari:
    """One page of the national search, recorded as an audit event (filters, purpose, session,
    how many matched and which pegawai were listed)."""
    periode = periode_indeks()
    with lintas_instansi(alasan=Lintas.KRS_NASIONAL):
        # Count and sort over the narrow index rows only (no join, ids only), then read the
        # page's 25 rows with their instansi and province: at 40,000 rows the sort of the wide
        # joined rows was most of the page's time.
        ids = _cari_queryset(saringan=saringan, periode=periode, hari_ini=timezone.localdate()).order_by(
            "-kotak", F("jpm").desc(nulls_last=True), "nama", "pk"
        )
        page = Paginator(ids.values_list("pk", flat=True), PER_HALAMAN).get_page(halaman)
        urutan = list(page.object_list)
        per_pk = (
            IndeksKrsNasional.objects.filter(pk__in=urutan).select_related("instansi", "provinsi").in_bulk()
        )
        baris = [per_pk[pk] for pk in urutan]
    audit_event_record(
        action=AKSI_CARI,
        instansi=None,
        actor=user,
        new_values={
            "sesi": str(sesi.uuid),
            "tujuan": sesi.tujuan,
            "periode": periode,
            "saringan": saringan.as_audit(),
            "halaman": page.number,
            "jumlah": page.paginator.count,
            "pegawai_ids": [r.pegawai_id for r in baris],
        },
    )
    return HasilCari(page=page, periode=periode, saringan=saringan, jumlah=page.paginator.count, baris=baris)


@transaction.atomic
def krs_profil_get(*, pegawai_id: int, user: User, sesi: SesiKrsNasional) -> IndeksKrsNasional | None:
    """One nominee's minimal profile, recorded as an audit event of the pegawai's own instansi
    (that instansi's KRS page shows who viewed whom). None if not in the current index."""
    periode = periode_indeks()
    with lintas_instansi(alasan=Lintas.KRS_NASIONAL):
        row = (
            IndeksKrsNasional.objects.filter(pegawai_id=pegawai_id, periode=periode, instansi__aktif=True)
            .select_related("instansi", "provinsi")
            .first()
        )
    if row is None:
        return None
    audit_event_record(
        action=AKSI_PROFIL,
        instansi=row.instansi,
        actor=user,
        target=row,
        new_values={
            "sesi": str(sesi.uuid),
            "tujuan": sesi.tujuan,
            "periode": periode,
            "pegawai_id": row.pegawai_id,
        },
    )
    return row


# --- the instansi's own view --------------------------------------------------------------------


@dataclass
class Pelihat:
    actor_label: str
    waktu: dt.datetime
    tujuan: str


@dataclass
class NomineeDilihat:
    indeks: IndeksKrsNasional
    pelihat: list[Pelihat] = field(default_factory=list)

    @property
    def jumlah_dilihat(self) -> int:
        return len(self.pelihat)


def krs_pantau_list(*, instansi: Instansi, periode: int | None = None) -> list[NomineeDilihat]:
    """The instansi's own KRS Nasional nominees and every BKN profile view of each, read in its own
    scope (its index rows, its audit events): two queries whatever the size."""
    from apps.core.models import AuditEvent

    periode = periode or periode_indeks()
    rows = list(
        IndeksKrsNasional.objects.filter(instansi=instansi, periode=periode).order_by("-kotak", "nama", "pk")
    )
    hasil = {r.pegawai_id: NomineeDilihat(indeks=r) for r in rows}
    if hasil:
        for ev in (
            AuditEvent.objects.filter(instansi=instansi, action=AKSI_PROFIL)
            .filter(new_values__pegawai_id__in=list(hasil))
            .order_by("-created_at", "-pk")
            .values("actor_label", "created_at", "new_values")
        ):
            nominee = hasil.get(ev["new_values"].get("pegawai_id"))
            if nominee is not None:
                nominee.pelihat.append(
                    Pelihat(
                        actor_label=ev["actor_label"],
                        waktu=ev["created_at"],
                        tujuan=ev["new_values"].get("tujuan", ""),
                    )
                )
    return list(hasil.values())
