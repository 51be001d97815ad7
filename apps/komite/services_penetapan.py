"""Writes of the penetapan part: the PPK sets a closed session (freezing the snapshot of the period)
or returns it with a note. Both answers are append-only, hash-chained Penetapan rows
(integrity.rantai_tambah); a session is answered once (the Sidang row is locked, and the unique
constraint `penetapan_satu_per_sidang` stands behind the check).

Setting freezes, in one transaction:
- SnapshotPenempatan: one row per placement of the period of an active pegawai, written with one
  `INSERT … SELECT` from the stored placements joined with the calibration in force — this
  session's approved calibration decisions, else the latest approved one of an earlier established
  session of the period. `kotak` is the decided box (or the computed one), `talent_pool` follows
  from that box and the pool boxes of the placement's rule set, `krs_nasional` from the active
  succession rule set's KRS Nasional boxes; the computed box, scores, rule id + version and inputs
  hash are kept as they were.
- SnapshotSuksesor: the successors (and emergency successor) of this session's succession
  decisions; for key posts not on this agenda, those of the latest earlier penetapan.
- Penetapan with `snapshot_hash` (integrity.snapshot_digest) and the reserved id, then the session
  becomes `ditetapkan` and its members are notified.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.events import ringkasan_stale_send
from apps.core.roles import Role
from apps.core.services import audit_event_record
from apps.instansi.models import Membership
from apps.notifikasi.services import notifikasi_kirim
from apps.pegawai.models import Pegawai
from apps.petatalenta.engine import Aturan as AturanTalentaEngine
from apps.petatalenta.engine import AturanError
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.suksesi.models import AturanSuksesi, JabatanKunci
from apps.suksesi.selectors import aturan_suksesi_berlaku

from .integrity import rantai_tambah, snapshot_digest
from .models import (
    AgendaSidang,
    AnggotaKomite,
    KehadiranSidang,
    KeputusanKomite,
    Penetapan,
    Sidang,
    SnapshotSuksesor,
)
from .selectors import anggota_aktif_list

if TYPE_CHECKING:
    from apps.accounts.models import User

NOMOR_MAKS = 100
KOTAK_POOL_BAWAAN = sorted(AturanTalentaEngine.__dataclass_fields__["kotak_talent_pool"].default)


# --- checks ---------------------------------------------------------------------------------------


def _sidang_kunci(sidang: Sidang) -> Sidang:
    """Lock the session row for the rest of the transaction and check it waits for an answer."""
    terkunci = Sidang.objects.select_for_update().filter(instansi=sidang.instansi, pk=sidang.pk).first()
    if terkunci is None:  # pragma: no cover - the caller found it in the same instansi
        raise ValidationError(_("Sidang tidak ditemukan."), code="tidak_ada")
    if (
        terkunci.status in (Sidang.Status.DITETAPKAN, Sidang.Status.DIKEMBALIKAN)
        or Penetapan.objects.filter(instansi=terkunci.instansi, sidang=terkunci).exists()
    ):
        raise ValidationError(
            _(
                "Sidang ini sudah dijawab PPK (%(status)s); jawaban tidak dapat diubah. Perubahan memerlukan sidang baru."
            )
            % {"status": terkunci.get_status_display()},
            code="sudah_dijawab",
        )
    if terkunci.status != Sidang.Status.SELESAI:
        raise ValidationError(
            _(
                "Hanya sidang yang sudah ditutup (selesai) yang dapat ditetapkan atau dikembalikan; status sidang ini: %(status)s."
            )
            % {"status": terkunci.get_status_display()},
            code="status",
        )
    return terkunci


def _tautan_sidang(sidang: Sidang) -> str:
    """The session page (the sessions part's), else the established results of the period."""
    try:
        return reverse("komite:sidang_detail", args=[sidang.pk])
    except NoReverseMatch:
        return f"{reverse('komite:ditetapkan')}?periode={sidang.periode}"


def _anggota_users(sidang: Sidang) -> list[User]:
    """The session's members: those invited to it and those active on its date."""
    diundang = KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang).select_related(
        "anggota__user"
    )
    users = {k.anggota.user_id: k.anggota.user for k in diundang}
    for anggota in anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal):
        users.setdefault(anggota.user_id, anggota.user)
    return [u for u in users.values() if u.is_active]


def _sekretaris_users(sidang: Sidang) -> list[User]:
    """The committee's secretary on the session date; without one, the Sekretaris Komite accounts."""
    users = [
        a.user
        for a in anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal)
        if a.peran == AnggotaKomite.Peran.SEKRETARIS and a.user.is_active
    ]
    if users:
        return users
    return [
        m.user
        for m in Membership.objects.filter(
            instansi=sidang.instansi, role=Role.KOMITE_SEKRETARIS
        ).select_related("user")
        if m.user.is_active
    ]


# --- the snapshot ---------------------------------------------------------------------------------

# The calibration in force per pegawai for the period: this session's approved calibration
# decisions first, else the latest approved one of an earlier established session. (The decisions
# part's selectors_keputusan.kalibrasi_berlaku says the same for pages; this is its SQL form for
# the one-statement snapshot.)
_SNAPSHOT_PENEMPATAN_SQL = """
WITH kalibrasi AS (
    SELECT DISTINCT ON (k.pegawai_id) k.pegawai_id, k.id, k.kotak_diputuskan
    FROM komite_keputusankomite k
    LEFT JOIN komite_penetapan t
        ON t.sidang_id = k.sidang_id AND t.instansi_id = k.instansi_id AND t.hasil = 'ditetapkan'
    WHERE k.instansi_id = %(instansi)s AND k.periode = %(periode)s
      AND k.jenis = 'kalibrasi' AND k.hasil = 'setuju' AND k.kotak_diputuskan IS NOT NULL
      AND (k.sidang_id = %(sidang)s OR t.id IS NOT NULL)
    -- this session first, then as selectors_keputusan.kalibrasi_berlaku: latest penetapan, latest decision
    ORDER BY k.pegawai_id, (k.sidang_id = %(sidang)s) DESC, t.urutan DESC NULLS LAST, k.urutan DESC
), dasar AS (
    SELECT p.instansi_id, p.pegawai_id, p.periode, p.status, p.kotak AS kotak_dihitung,
           COALESCE(kal.kotak_diputuskan, p.kotak) AS kotak, kal.id AS keputusan_id,
           p.skor_potensial, p.skor_kinerja, p.aturan_id, a.versi AS aturan_versi, p.inputs_hash,
           (p.status = 'final' OR kal.id IS NOT NULL) AS ditempatkan,
           concat_ws(', ', NULLIF(trim(g.gelar_depan || ' ' || g.nama), ''), NULLIF(g.gelar_belakang, ''))
               AS nama,
           g.nip, g.status_kepegawaian, g.nama_jabatan, g.jenjang_fungsional,
           COALESCE(u.nama, '') AS unit_kerja_nama
    FROM petatalenta_penempatan p
    JOIN pegawai_pegawai g ON g.id = p.pegawai_id AND g.instansi_id = p.instansi_id AND g.aktif
    LEFT JOIN instansi_unitkerja u ON u.id = g.unit_kerja_id
    LEFT JOIN petatalenta_aturantalenta a ON a.id = p.aturan_id
    LEFT JOIN kalibrasi kal ON kal.pegawai_id = p.pegawai_id
    WHERE p.instansi_id = %(instansi)s AND p.periode = %(periode)s
), berpool AS (
    SELECT d.*,
           (d.ditempatkan AND d.kotak IS NOT NULL
            AND COALESCE(%(pool)s::jsonb -> d.aturan_id::text, %(pool)s::jsonb -> '-') @> to_jsonb(d.kotak)
           ) AS talent_pool
    FROM dasar d
)
INSERT INTO komite_snapshotpenempatan (
    instansi_id, penetapan_id, pegawai_id, periode, status, kotak, kotak_dihitung, keputusan_id,
    skor_potensial, skor_kinerja, talent_pool, krs_nasional, aturan_id, aturan_versi, inputs_hash,
    nama, nip, status_kepegawaian, nama_jabatan, jenjang_fungsional, unit_kerja_nama
)
SELECT instansi_id, %(penetapan)s, pegawai_id, periode, status, kotak, kotak_dihitung, keputusan_id,
       skor_potensial, skor_kinerja, talent_pool, talent_pool AND kotak = ANY(%(krs)s::int[]),
       aturan_id, aturan_versi, inputs_hash,
       nama, nip, status_kepegawaian, nama_jabatan, jenjang_fungsional, unit_kerja_nama
FROM berpool
"""


def _kotak_pool_per_aturan(*, instansi, periode: int) -> dict[str, list[int]]:
    """{rule-set id: its talent-pool boxes} of the rule sets the period's placements used, plus
    "-" for placements without one (the engine's default boxes)."""
    ids = set(
        Penempatan.objects.filter(instansi=instansi, periode=periode, aturan__isnull=False)
        .order_by()
        .values_list("aturan_id", flat=True)
        .distinct()
    )
    pool: dict[str, list[int]] = {"-": KOTAK_POOL_BAWAAN}
    for aturan in AturanTalenta.objects.filter(instansi=instansi, pk__in=ids):
        try:
            pool[str(aturan.pk)] = sorted(
                AturanTalentaEngine.from_config(aturan.konfigurasi).kotak_talent_pool
            )
        except AturanError:
            pool[str(aturan.pk)] = KOTAK_POOL_BAWAAN
    return pool


def _snapshot_penempatan_insert(*, sidang: Sidang, penetapan_id: int) -> int:
    krs = sorted(aturan_suksesi_berlaku(instansi=sidang.instansi).kotak_krs_nasional)
    pool = _kotak_pool_per_aturan(instansi=sidang.instansi, periode=sidang.periode)
    with connection.cursor() as cursor:
        cursor.execute(
            _SNAPSHOT_PENEMPATAN_SQL,
            {
                "instansi": sidang.instansi_id,
                "periode": sidang.periode,
                "sidang": sidang.pk,
                "penetapan": penetapan_id,
                "pool": json.dumps(pool),
                "krs": krs,
            },
        )
        return cursor.rowcount


def _snapshot_suksesor_insert(*, sidang: Sidang, penetapan_id: int) -> int:
    """This session's succession decisions (not rejected ones), then the successors of the latest
    earlier penetapan for the active key posts this agenda did not cover."""
    instansi = sidang.instansi
    keputusan = list(
        KeputusanKomite.objects.filter(
            instansi=instansi, sidang=sidang, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci__isnull=False
        )
        .exclude(hasil=KeputusanKomite.Hasil.TOLAK)
        .order_by("urutan")
    )
    rows: list[SnapshotSuksesor] = []
    for k in keputusan:
        isi = k.isi or {}
        daftar = [(SnapshotSuksesor.Peran.SUKSESOR, s) for s in isi.get("suksesor") or []]
        if isi.get("suksesor_darurat"):
            daftar.append((SnapshotSuksesor.Peran.DARURAT, isi["suksesor_darurat"]))
        for urutan, (peran, item) in enumerate(daftar, 1):
            if not isinstance(item, dict) or not item.get("pegawai_id"):
                continue
            rows.append(
                SnapshotSuksesor(
                    instansi=instansi,
                    penetapan_id=penetapan_id,
                    jabatan_kunci_id=k.jabatan_kunci_id,
                    pegawai_id=int(item["pegawai_id"]),
                    peran=peran,
                    kesiapan=str(item.get("kesiapan") or "")[:16],
                    urutan=urutan,
                    keputusan=k,
                )
            )
    # Only pegawai of this instansi (decisions were checked when recorded; this keeps the FK honest).
    dikenal = set(
        Pegawai.objects.filter(instansi=instansi, pk__in={r.pegawai_id for r in rows}).values_list(
            "pk", flat=True
        )
    )
    rows = [r for r in rows if r.pegawai_id in dikenal]
    diputuskan = {k.jabatan_kunci_id for k in keputusan}
    sebelumnya = (
        Penetapan.objects.filter(instansi=instansi, hasil=Penetapan.Hasil.DITETAPKAN)
        .exclude(pk=penetapan_id)
        .order_by("-urutan")
        .first()
    )
    if sebelumnya is not None:
        aktif = set(JabatanKunci.objects.filter(instansi=instansi, aktif=True).values_list("pk", flat=True))
        for lama in SnapshotSuksesor.objects.filter(instansi=instansi, penetapan=sebelumnya).order_by("pk"):
            if lama.jabatan_kunci_id in diputuskan or lama.jabatan_kunci_id not in aktif:
                continue
            rows.append(
                SnapshotSuksesor(
                    instansi=instansi,
                    penetapan_id=penetapan_id,
                    jabatan_kunci_id=lama.jabatan_kunci_id,
                    pegawai_id=lama.pegawai_id,
                    peran=lama.peran,
                    kesiapan=lama.kesiapan,
                    urutan=lama.urutan,
                    keputusan_id=lama.keputusan_id,
                )
            )
    _identitas_isi(instansi=instansi, rows=rows)
    SnapshotSuksesor.objects.bulk_create(rows)
    return len(rows)


def _identitas_isi(*, instansi, rows: list[SnapshotSuksesor]) -> None:
    """Freeze who each successor and each key post were on the day of the penetapan."""
    pegawai = Pegawai.objects.filter(instansi=instansi, pk__in={r.pegawai_id for r in rows}).select_related(
        "unit_kerja"
    )
    pegawai = {p.pk: p for p in pegawai}
    posts = JabatanKunci.objects.filter(instansi=instansi, pk__in={r.jabatan_kunci_id for r in rows})
    posts = {j.pk: j for j in posts.select_related("unit_kerja", "pemegang")}
    for row in rows:
        p, j = pegawai[row.pegawai_id], posts[row.jabatan_kunci_id]
        row.nama, row.nip, row.status_kepegawaian = p.nama_lengkap, p.nip, p.status_kepegawaian
        row.nama_jabatan, row.jenjang_fungsional = p.nama_jabatan, p.jenjang_fungsional
        row.unit_kerja_nama = p.unit_kerja.nama if p.unit_kerja_id else ""
        row.jabatan_kunci_nama = j.nama
        row.jabatan_kunci_unit = j.unit_kerja.nama if j.unit_kerja_id else ""
        row.pemegang_nama = j.pemegang.nama_lengkap if j.pemegang_id else ""


def _penetapan_id_cadang() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('komite_penetapan', 'id'))")
        return cursor.fetchone()[0]


# --- services -------------------------------------------------------------------------------------


def penetapan_tetapkan(
    *, sidang: Sidang, actor: User, nomor_keputusan: str, tanggal_keputusan: dt.date | None
) -> Penetapan:
    """The PPK sets a closed session with the decree number and date: freezes the snapshot of the
    period (see the module docstring), appends the Penetapan, marks the session `ditetapkan` and
    notifies its members. Refused while placements of the period are still being recomputed."""
    nomor = " ".join(str(nomor_keputusan or "").split())
    errors: dict[str, list[str]] = {}
    if not nomor:
        errors["nomor_keputusan"] = [_("Nomor keputusan wajib diisi.")]
    elif len(nomor) > NOMOR_MAKS:
        errors["nomor_keputusan"] = [_("Nomor keputusan paling banyak %(n)s karakter.") % {"n": NOMOR_MAKS}]
    if tanggal_keputusan is None:
        errors["tanggal_keputusan"] = [_("Tanggal keputusan wajib diisi.")]
    elif tanggal_keputusan < sidang.tanggal:
        errors["tanggal_keputusan"] = [
            _("Tanggal keputusan tidak boleh sebelum tanggal sidang (%(tanggal)s).")
            % {"tanggal": date_format(sidang.tanggal, "j F Y")}
        ]
    elif tanggal_keputusan > timezone.localdate():
        errors["tanggal_keputusan"] = [_("Tanggal keputusan tidak boleh di masa depan.")]
    with transaction.atomic():
        sidang = _sidang_kunci(sidang)
        if errors:
            raise ValidationError(errors)
        kotor = Penempatan.objects.filter(
            instansi=sidang.instansi, periode=sidang.periode, dirty_since__isnull=False
        ).count()
        if kotor:
            raise ValidationError(
                _(
                    "Peta talenta periode %(periode)s sedang dihitung ulang (%(n)s penempatan belum selesai). "
                    "Tunggu sebentar (biasanya kurang dari satu menit), lalu tetapkan lagi."
                )
                % {"periode": sidang.periode, "n": kotor},
                code="sedang_dihitung",
            )
        penetapan_id = _penetapan_id_cadang()
        jumlah = _snapshot_penempatan_insert(sidang=sidang, penetapan_id=penetapan_id)
        jumlah_suksesor = _snapshot_suksesor_insert(sidang=sidang, penetapan_id=penetapan_id)
        aturan_suksesi = AturanSuksesi.objects.filter(
            instansi=sidang.instansi, status=AturanSuksesi.Status.AKTIF
        ).first()
        penetapan = rantai_tambah(
            Penetapan(
                pk=penetapan_id,
                instansi=sidang.instansi,
                sidang=sidang,
                periode=sidang.periode,
                hasil=Penetapan.Hasil.DITETAPKAN,
                nomor_keputusan=nomor,
                tanggal_keputusan=tanggal_keputusan,
                aturan_suksesi=aturan_suksesi,
                jumlah_penempatan=jumlah,
                snapshot_hash=snapshot_digest(instansi_id=sidang.instansi_id, penetapan_id=penetapan_id),
                oleh=actor,
                pada=timezone.now(),
            )
        )
        Sidang.objects.filter(instansi=sidang.instansi, pk=sidang.pk).update(status=Sidang.Status.DITETAPKAN)
        sidang.status = Sidang.Status.DITETAPKAN
        audit_event_record(
            action="komite.penetapan.tetapkan",
            instansi=sidang.instansi,
            actor=actor,
            target=penetapan,
            old_values={"status_sidang": Sidang.Status.SELESAI},
            new_values={
                "sidang": sidang.pk,
                "status_sidang": Sidang.Status.DITETAPKAN,
                "nomor_keputusan": nomor,
                "tanggal_keputusan": tanggal_keputusan.isoformat(),
                "jumlah_penempatan": jumlah,
                "jumlah_suksesor": jumlah_suksesor,
                "snapshot_hash": penetapan.snapshot_hash,
            },
        )
        notifikasi_kirim(
            instansi=sidang.instansi,
            penerima=_anggota_users(sidang),
            jenis="komite.penetapan",
            judul=_("Hasil sidang “%(judul)s” ditetapkan PPK") % {"judul": sidang.judul},
            isi=_(
                "Keputusan nomor %(nomor)s tanggal %(tanggal)s; peta talenta periode %(periode)s kini resmi."
            )
            % {"nomor": nomor, "tanggal": date_format(tanggal_keputusan, "j F Y"), "periode": sidang.periode},
            tautan=_tautan_sidang(sidang),
        )
        # The period's established boxes and decree date are national summary figures.
        ringkasan_stale_send(instansi_id=sidang.instansi_id, penyebab="komite.penetapan")
    return penetapan


def penetapan_kembalikan(*, sidang: Sidang, actor: User, catatan: str) -> Penetapan:
    """The PPK returns a closed session to the committee with a written note; the session becomes
    `dikembalikan` (the committee answers in a follow-up session) and the secretary is notified."""
    catatan = str(catatan or "").strip()
    with transaction.atomic():
        sidang = _sidang_kunci(sidang)
        if not catatan:
            raise ValidationError(
                {"catatan": [_("Tuliskan catatan PPK: apa yang perlu dibahas ulang oleh Komite.")]}
            )
        penetapan = rantai_tambah(
            Penetapan(
                instansi=sidang.instansi,
                sidang=sidang,
                periode=sidang.periode,
                hasil=Penetapan.Hasil.DIKEMBALIKAN,
                catatan=catatan,
                oleh=actor,
                pada=timezone.now(),
            )
        )
        Sidang.objects.filter(instansi=sidang.instansi, pk=sidang.pk).update(
            status=Sidang.Status.DIKEMBALIKAN
        )
        sidang.status = Sidang.Status.DIKEMBALIKAN
        audit_event_record(
            action="komite.penetapan.kembalikan",
            instansi=sidang.instansi,
            actor=actor,
            target=penetapan,
            old_values={"status_sidang": Sidang.Status.SELESAI},
            new_values={"sidang": sidang.pk, "status_sidang": Sidang.Status.DIKEMBALIKAN, "catatan": catatan},
        )
        notifikasi_kirim(
            instansi=sidang.instansi,
            penerima=_sekretaris_users(sidang),
            jenis="komite.penetapan_dikembalikan",
            judul=_("Sidang “%(judul)s” dikembalikan PPK") % {"judul": sidang.judul},
            isi=catatan,
            tautan=_tautan_sidang(sidang),
        )
    return penetapan
