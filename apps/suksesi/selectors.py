"""Reads of the succession pages, reports and read API: key posts with their stored status, the
stored candidate lists, bench strength per perangkat daerah, and the talent pool (KRS).

Nothing here computes a candidate or a status: the workers store them (Kandidat, StatusSuksesi),
pages read them. Every read filters `instansi=` explicitly on top of the tenant scope. Lists join
what they show in one query, so the number of queries never grows with candidates or posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang
from apps.petatalenta.selectors_ninebox import RENTANG_USIA, usia_q

from . import engine
from .aturan import TINGKAT_LABEL as TINGKAT_LABEL_ATURAN
from .models import AturanSuksesi, JabatanKunci, Kandidat, KandidatDasar, PengaturanSuksesi

# The criteria in words (Kandidat.kriteria "kode"), in engine.KRITERIA order.
KRITERIA_LABEL: dict[str, str] = {
    "status": _("Status kepegawaian"),
    "pendidikan": _("Pendidikan minimum"),
    "jalur": _("Jalur jabatan"),
    "kinerja": _("Kinerja (SKP)"),
    "asesmen": _("Asesmen berlaku"),
    "usia": _("Usia dan masa ke BUP"),
    "hukuman": _("Hukuman disiplin"),
    "krs": _("Anggota KRS"),
    "tambahan": _("Syarat tambahan jabatan"),
}
HASIL_LABEL: dict[str, str] = dict(Kandidat.Kelayakan.choices)
# Where the JPM against the post came from (Kandidat.jpm_sumber), in words.
JPM_SUMBER_LABEL: dict[str, str] = {
    "kompetensi": _("dari level per kompetensi asesmen terhadap standar jabatan"),
    "asesmen": _("JPM asesmen (asesmen tanpa level per kompetensi)"),
    "": _("belum ada asesmen"),
}
# The levels a key post may have, in the order the pages list them (filter choices); the words
# are the model choices' (aturan.TINGKAT_LABEL).
TINGKAT_LABEL: dict[str, str] = {kode: TINGKAT_LABEL_ATURAN[kode] for kode in engine.TINGKAT}


def tingkat_q(tingkat: str, *, prefix: str = "") -> Q:
    """A level code as a condition on a row with jenis_jabatan and jenjang_fungsional."""
    if tingkat in engine.TINGKAT_STRUKTURAL:
        return Q(**{f"{prefix}jenis_jabatan": tingkat})
    if tingkat in engine.TINGKAT_FUNGSIONAL:
        return Q(**{f"{prefix}jenis_jabatan": "fungsional", f"{prefix}jenjang_fungsional": tingkat})
    return Q()


def perangkat_daerah_q(unit: UnitKerja | None, *, prefix: str = "unit_kerja") -> Q:
    """Rows whose unit is the perangkat daerah or under it (the tree is three levels deep)."""
    if unit is None:
        return Q()
    return (
        Q(**{f"{prefix}_id": unit.pk})
        | Q(**{f"{prefix}__induk_id": unit.pk})
        | Q(**{f"{prefix}__induk__induk_id": unit.pk})
    )


def perangkat_daerah_list(*, instansi: Instansi) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH).order_by(
        "kode"
    )


# --- settings and rule set -------------------------------------------------------------------------


def pengaturan_suksesi_get(*, instansi: Instansi) -> PengaturanSuksesi:
    """The instansi's settings, or an unsaved row with the defaults (a page never writes)."""
    return PengaturanSuksesi.objects.filter(instansi=instansi).first() or PengaturanSuksesi(instansi=instansi)


def aturan_suksesi_berlaku(*, instansi: Instansi) -> engine.Aturan:
    """The active succession rule set, else the national preset."""
    aktif = AturanSuksesi.objects.filter(instansi=instansi, status=AturanSuksesi.Status.AKTIF).first()
    if aktif is not None:
        try:
            return engine.Aturan.from_config(aktif.konfigurasi)
        except engine.AturanError:
            pass  # an active version is validated on activation; never fail a read page on it
    return engine.Aturan.from_config({})


# --- key posts -------------------------------------------------------------------------------------


def jabatan_kunci_list(
    *,
    instansi: Instansi,
    perangkat_daerah: UnitKerja | None = None,
    tingkat: str = "",
    berisiko: bool | None = None,
    lowong: bool | None = None,
) -> QuerySet[JabatanKunci]:
    """Active key posts with their unit, holder and stored status (one query per page)."""
    queryset = JabatanKunci.objects.filter(instansi=instansi, aktif=True).select_related(
        "unit_kerja", "pemegang", "status"
    )
    queryset = queryset.filter(perangkat_daerah_q(perangkat_daerah), tingkat_q(tingkat))
    if berisiko is not None:
        queryset = queryset.filter(status__berisiko=berisiko)
    if lowong is not None:
        queryset = queryset.filter(pemegang__isnull=lowong)
    return queryset.order_by("unit_kerja__kode", "nama", "pk")


def jabatan_kunci_get(*, instansi: Instansi, pk: object) -> JabatanKunci | None:
    """One key post of the instansi (another instansi's answers None, like an unknown id)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        JabatanKunci.objects.filter(instansi=instansi, pk=pk)
        .select_related("unit_kerja__induk__induk", "pemegang", "status")
        .first()
    )


def status_of(jabatan: JabatanKunci):
    """The stored status of a post, or None while it was never computed."""
    try:
        return jabatan.status
    except JabatanKunci.status.RelatedObjectDoesNotExist:
        return None


# --- candidates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KriteriaTampil:
    kode: str
    label: str
    hasil: str
    hasil_label: str
    alasan: str
    waktu: bool
    verifikasi: tuple[str, ...]


def kriteria_tampil(kriteria: list[dict]) -> list[KriteriaTampil]:
    """The stored criteria (engine contract) with their labels, in KRITERIA order."""
    urutan = {kode: i for i, kode in enumerate(engine.KRITERIA)}
    items = sorted(kriteria or [], key=lambda item: urutan.get(item.get("kode"), len(urutan)))
    return [
        KriteriaTampil(
            kode=item.get("kode", ""),
            label=str(KRITERIA_LABEL.get(item.get("kode", ""), item.get("kode", ""))),
            hasil=item.get("hasil", ""),
            hasil_label=str(HASIL_LABEL.get(item.get("hasil", ""), item.get("hasil", ""))),
            alasan=item.get("alasan", ""),
            waktu=bool(item.get("waktu")),
            verifikasi=tuple(item.get("verifikasi") or ()),
        )
        for item in items
    ]


def kandidat_kriteria_tampil(rows: list[Kandidat]) -> list[list[KriteriaTampil]]:
    """Every criterion of each stored candidate, in KRITERIA order (one list per row, in the order
    of `rows`): the row's post-specific criteria merged with the level-only ones stored once per
    (pegawai, level) in KandidatDasar, read in one query whatever the number of rows."""
    if not rows:
        return []
    dasar: dict[tuple[int, int, str], list[dict]] = {
        (instansi_id, pegawai_id, tingkat): kriteria
        for instansi_id, pegawai_id, tingkat, kriteria in KandidatDasar.objects.filter(
            instansi_id__in={k.instansi_id for k in rows},
            pegawai_id__in={k.pegawai_id for k in rows},
            tingkat__in={k.tingkat for k in rows},
        ).values_list("instansi_id", "pegawai_id", "tingkat", "kriteria")
    }
    return [
        kriteria_tampil([*dasar.get((k.instansi_id, k.pegawai_id, k.tingkat), ()), *(k.kriteria or ())])
        for k in rows
    ]


@dataclass
class KandidatTampil:
    """One stored candidate as the pages show it."""

    kandidat: Kandidat
    peringkat: int | None
    kriteria: list[KriteriaTampil]

    @property
    def pegawai(self) -> Pegawai:
        return self.kandidat.pegawai

    @property
    def jpm_sumber_label(self) -> str:
        return str(JPM_SUMBER_LABEL.get(self.kandidat.jpm_sumber, self.kandidat.jpm_sumber))

    @property
    def kurang(self) -> list[KriteriaTampil]:
        """What the candidate lacks: the criteria not met."""
        return [k for k in self.kriteria if k.hasil == engine.TIDAK_MEMENUHI]

    @property
    def perlu_verifikasi(self) -> list[KriteriaTampil]:
        return [k for k in self.kriteria if k.hasil == engine.PERLU_VERIFIKASI]

    @property
    def verifikasi_jenis(self) -> list[dict]:
        """The portfolio kinds awaiting verification that could change a criterion (no repeats):
        {"kode", "label", "antrean": whether the verification queue handles that kind}."""
        labels = jenis_portofolio_label()
        kinds: list[str] = []
        for k in self.perlu_verifikasi:
            kinds.extend(v for v in k.verifikasi if v not in kinds)
        return [
            {
                "kode": kode,
                "label": labels.get(kode, (kode, False))[0],
                "antrean": labels.get(kode, (kode, False))[1],
            }
            for kode in kinds
        ]


@dataclass
class DaftarKandidat:
    """The candidates of one post, in the three groups the pages show."""

    memenuhi: list[KandidatTampil] = field(default_factory=list)
    perlu_verifikasi: list[KandidatTampil] = field(default_factory=list)
    tidak_memenuhi: list[KandidatTampil] = field(default_factory=list)

    @property
    def semua(self) -> list[KandidatTampil]:
        return [*self.memenuhi, *self.perlu_verifikasi, *self.tidak_memenuhi]


# Ranking order: score, then a stable key (the pegawai id), as the engine ranks.
URUTAN_KANDIDAT = ("-skor_peringkat", "pegawai_id")


def kandidat_queryset(*, instansi: Instansi) -> QuerySet[Kandidat]:
    return Kandidat.objects.filter(instansi=instansi).select_related(
        "pegawai__unit_kerja", "jabatan_kunci__unit_kerja"
    )


def _kelompokkan(rows, kriteria_semua: list[list[KriteriaTampil]] | None = None) -> DaftarKandidat:
    daftar = DaftarKandidat()
    rows = list(rows)
    if kriteria_semua is None:
        kriteria_semua = kandidat_kriteria_tampil(rows)
    for kandidat, kriteria in zip(rows, kriteria_semua, strict=True):
        tampil = KandidatTampil(kandidat=kandidat, peringkat=None, kriteria=kriteria)
        if kandidat.kelayakan == engine.MEMENUHI:
            tampil.peringkat = len(daftar.memenuhi) + 1
            daftar.memenuhi.append(tampil)
        elif kandidat.kelayakan == engine.PERLU_VERIFIKASI:
            daftar.perlu_verifikasi.append(tampil)
        else:
            daftar.tidak_memenuhi.append(tampil)
    return daftar


def kandidat_daftar(*, instansi: Instansi, jabatan_kunci: JabatanKunci) -> DaftarKandidat:
    """The stored candidates of one post, ranked (eligible first, numbered), in one query."""
    rows = kandidat_queryset(instansi=instansi).filter(jabatan_kunci=jabatan_kunci).order_by(*URUTAN_KANDIDAT)
    return _kelompokkan(rows)


# The key-post page shows each group a page at a time (the reports stay complete).
KANDIDAT_PER_HALAMAN = 25
# The groups in page order, with the StatusSuksesi field holding each one's size.
KELOMPOK_KANDIDAT: tuple[tuple[str, str], ...] = (
    (engine.MEMENUHI, "jumlah_memenuhi"),
    (engine.PERLU_VERIFIKASI, "jumlah_perlu_verifikasi"),
    (engine.TIDAK_MEMENUHI, "jumlah_tidak_memenuhi"),
)


class KandidatTersimpan:
    """Stored candidates as a Paginator's object list: the size is the count the worker stored
    (StatusSuksesi), never a COUNT over the rows; a page is a LIMIT/OFFSET slice, in ranking order
    on the `kandidat_urutan` index. A slice stays a lazy queryset."""

    def __init__(self, queryset: QuerySet[Kandidat], jumlah: int):
        self.queryset = queryset
        self.jumlah = jumlah

    def count(self) -> int:
        return self.jumlah

    def __len__(self) -> int:
        return self.jumlah

    def __getitem__(self, key):
        return self.queryset[key]


def kandidat_tersimpan(
    *, instansi: Instansi, jabatan_kunci: JabatanKunci, kelayakan: str = ""
) -> KandidatTersimpan:
    """The stored candidates of one post (or of one group: `kelayakan`) in ranking order, eligible
    first: (kelayakan, -skor_peringkat, pegawai_id), the order of the `kandidat_urutan` index."""
    status = status_of(jabatan_kunci)
    queryset = (
        kandidat_queryset(instansi=instansi)
        .filter(jabatan_kunci=jabatan_kunci)
        .order_by("kelayakan", *URUTAN_KANDIDAT)
    )
    if kelayakan:
        queryset = queryset.filter(kelayakan=kelayakan)
        field_jumlah = dict(KELOMPOK_KANDIDAT)[kelayakan]
    else:
        field_jumlah = "jumlah_kandidat"
    return KandidatTersimpan(queryset, getattr(status, field_jumlah, 0) if status else 0)


def kandidat_tampil_halaman(rows: list[Kandidat], *, offset: int) -> list[KandidatTampil]:
    """One page of stored candidates (ranking order) as the pages show them; the eligible ones
    ranked after the `offset` eligible candidates of the pages before."""
    tampil = _kelompokkan(rows).semua
    for t in tampil:
        if t.peringkat is not None:
            t.peringkat += max(offset, 0)
    return tampil


@dataclass
class HalamanKandidat:
    """One page of each group of a post's candidates: `memenuhi`, `perlu_verifikasi` and
    `tidak_memenuhi` are Pages of KandidatTampil (ranks continue across pages)."""

    memenuhi: Page
    perlu_verifikasi: Page
    tidak_memenuhi: Page


def kandidat_halaman(
    *,
    instansi: Instansi,
    jabatan_kunci: JabatanKunci,
    halaman: dict[str, object],
    per_halaman: int = KANDIDAT_PER_HALAMAN,
) -> HalamanKandidat:
    """The requested page of each group of a post's stored candidates (`halaman`: kelayakan ->
    page number as given; a missing or invalid one is the first page, one past the end the last).
    One query for the three pages, whatever the length of the lists."""
    pages = {
        kelayakan: Paginator(
            kandidat_tersimpan(instansi=instansi, jabatan_kunci=jabatan_kunci, kelayakan=kelayakan),
            per_halaman,
        ).get_page(halaman.get(kelayakan))
        for kelayakan, _field in KELOMPOK_KANDIDAT
    }
    sliced = [page.object_list for page in pages.values() if page.paginator.count]
    rows: list[Kandidat] = []
    if sliced:
        rows = list(sliced[0].union(*sliced[1:], all=True)) if len(sliced) > 1 else list(sliced[0])
    rows.sort(key=lambda k: (k.kelayakan, -k.skor_peringkat, k.pegawai_id))
    tampil = kandidat_tampil_halaman(rows, offset=pages[engine.MEMENUHI].start_index() - 1)
    for kelayakan, page in pages.items():
        page.object_list = [t for t in tampil if t.kandidat.kelayakan == kelayakan]
    return HalamanKandidat(
        memenuhi=pages[engine.MEMENUHI],
        perlu_verifikasi=pages[engine.PERLU_VERIFIKASI],
        tidak_memenuhi=pages[engine.TIDAK_MEMENUHI],
    )


@dataclass
class JabatanDenganKandidat:
    jabatan: JabatanKunci
    daftar: DaftarKandidat


def laporan_semua(*, instansi: Instansi) -> list[JabatanDenganKandidat]:
    """Every active post with its stored candidates (three queries: posts, all candidates, their
    level-only criteria)."""
    posts = list(jabatan_kunci_list(instansi=instansi).select_related("unit_kerja__induk__induk"))
    rows: dict[int, list[Kandidat]] = {post.pk: [] for post in posts}
    kriteria: dict[int, list[list[KriteriaTampil]]] = {post.pk: [] for post in posts}
    semua = list(
        kandidat_queryset(instansi=instansi)
        .filter(jabatan_kunci__in=[p.pk for p in posts])
        .order_by("jabatan_kunci_id", *URUTAN_KANDIDAT)
    )
    for kandidat, items in zip(semua, kandidat_kriteria_tampil(semua), strict=True):
        rows[kandidat.jabatan_kunci_id].append(kandidat)
        kriteria[kandidat.jabatan_kunci_id].append(items)
    return [
        JabatanDenganKandidat(jabatan=post, daftar=_kelompokkan(rows[post.pk], kriteria[post.pk]))
        for post in posts
    ]


def kandidat_pegawai_qs(*, instansi: Instansi, pegawai: Pegawai):
    """The stored candidacies of a pegawai for active key posts, best first: eligible, then perlu
    verifikasi, then ineligible (the stored kelayakan strings sort in that order), then score."""
    return (
        Kandidat.objects.filter(instansi=instansi, pegawai=pegawai, jabatan_kunci__aktif=True)
        .select_related("jabatan_kunci__unit_kerja")
        .order_by("kelayakan", "-skor_peringkat", "jabatan_kunci_id")
    )


def kandidat_pegawai_list(
    *, instansi: Instansi, pegawai: Pegawai, batas: int | None = None
) -> list[KandidatTampil]:
    """The key posts a pegawai is a stored candidate for, best first; the first `batas` only
    when given (a Pengawas in a big instansi can be a candidate for a few hundred posts)."""
    qs = kandidat_pegawai_qs(instansi=instansi, pegawai=pegawai)
    return kandidat_tampil_list(list(qs if batas is None else qs[:batas]))


def kandidat_tampil_list(rows: list[Kandidat]) -> list[KandidatTampil]:
    """Stored candidate rows with their nine criteria in words (one query for the criteria)."""
    return [
        KandidatTampil(kandidat=k, peringkat=None, kriteria=kriteria)
        for k, kriteria in zip(rows, kandidat_kriteria_tampil(rows), strict=True)
    ]


# --- bench strength --------------------------------------------------------------------------------


@dataclass
class BenchBaris:
    unit: UnitKerja | None
    jumlah: int = 0
    siap_sekarang: int = 0  # posts with at least one `siap sekarang` candidate
    berisiko: int = 0
    lowong: int = 0
    belum_dihitung: int = 0  # no status yet, or dirty


@dataclass
class BenchRingkasan:
    total: BenchBaris
    per_unit: list[BenchBaris]
    dihitung_pada: dt.datetime | None


def bench_ringkasan(*, instansi: Instansi) -> BenchRingkasan:
    """Bench strength of the instansi and per perangkat daerah: one aggregate query, whatever
    the number of posts (and one for the perangkat daerah names)."""
    pd_id = Coalesce(F("unit_kerja__induk__induk_id"), F("unit_kerja__induk_id"), F("unit_kerja_id"))
    aggregates = {
        "jumlah": Count("pk"),
        "siap_sekarang": Count("pk", filter=Q(status__jumlah_siap_sekarang__gt=0)),
        "berisiko": Count("pk", filter=Q(status__berisiko=True)),
        "lowong": Count("pk", filter=Q(pemegang__isnull=True)),
        "belum_dihitung": Count(
            "pk",
            filter=Q(status__isnull=True)
            | Q(status__dirty_since__isnull=False)
            | Q(status__dihitung_pada__isnull=True),
        ),
        "dihitung_pada": Max("status__dihitung_pada"),
    }
    rows = list(
        JabatanKunci.objects.filter(instansi=instansi, aktif=True)
        .annotate(pd=pd_id)
        .values("pd")
        .annotate(**aggregates)
        .order_by()
    )
    units = {u.pk: u for u in UnitKerja.objects.filter(instansi=instansi, pk__in=[r["pd"] for r in rows])}
    total = BenchBaris(unit=None)
    per_unit = []
    dihitung_pada = None
    for row in rows:
        baris = BenchBaris(unit=units.get(row["pd"]))
        for name in ("jumlah", "siap_sekarang", "berisiko", "lowong", "belum_dihitung"):
            setattr(baris, name, row[name])
            setattr(total, name, getattr(total, name) + row[name])
        if row["dihitung_pada"] and (dihitung_pada is None or row["dihitung_pada"] > dihitung_pada):
            dihitung_pada = row["dihitung_pada"]
        per_unit.append(baris)
    per_unit.sort(key=lambda b: b.unit.kode if b.unit else "")
    return BenchRingkasan(total=total, per_unit=per_unit, dihitung_pada=dihitung_pada)


def jabatan_berisiko_list(*, instansi: Instansi, limit: int = 5) -> list[JabatanKunci]:
    """The posts at risk, vacant first, then the nearest holder BUP (the Komite home)."""
    return list(
        jabatan_kunci_list(instansi=instansi, berisiko=True).order_by(
            F("pemegang_id").asc(nulls_first=True),
            F("status__tanggal_bup_pemegang").asc(nulls_last=True),
            "pk",
        )[:limit]
    )


# --- talent pool (KRS) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SaringanKrs:
    perangkat_daerah: UnitKerja | None = None
    tingkat: str = ""
    kotak: int | None = None
    jenis_kelamin: str = ""
    usia: str = ""  # a key of RENTANG_USIA (the age bands of every talent page)

    @property
    def aktif(self) -> bool:
        return bool(
            self.perangkat_daerah
            or self.tingkat
            or self.kotak
            or self.jenis_kelamin
            or self.usia in RENTANG_USIA
        )


def krs_list(
    *, instansi: Instansi, saringan: SaringanKrs | None = None, kotak_in: frozenset[int] | None = None
) -> QuerySet[Penempatan]:
    """The talent pool of the current period: final placements in the pool boxes of the
    instansi's active pegawai (membership is derived from the placements, never typed in)."""
    saringan = saringan or SaringanKrs()
    queryset = Penempatan.objects.filter(
        instansi=instansi,
        periode=periode_sekarang(),
        status=Penempatan.Status.FINAL,
        talent_pool=True,
        pegawai__instansi=instansi,
        pegawai__aktif=True,
    )
    queryset = queryset.filter(
        perangkat_daerah_q(saringan.perangkat_daerah, prefix="pegawai__unit_kerja"),
        tingkat_q(saringan.tingkat, prefix="pegawai__"),
        usia_q(usia=saringan.usia, tanggal_acuan=timezone.localdate(), prefix="pegawai__"),
    )
    if saringan.kotak:
        queryset = queryset.filter(kotak=saringan.kotak)
    if saringan.jenis_kelamin:
        queryset = queryset.filter(pegawai__jenis_kelamin=saringan.jenis_kelamin)
    if kotak_in is not None:
        queryset = queryset.filter(kotak__in=sorted(kotak_in))
    return queryset.select_related("pegawai__unit_kerja").order_by("-kotak", "pegawai__nama", "pk")


def krs_nasional_list(*, instansi: Instansi, saringan: SaringanKrs | None = None) -> QuerySet[Penempatan]:
    """The KRS members in the rule set's KRS Nasional boxes (box 9 by default)."""
    aturan = aturan_suksesi_berlaku(instansi=instansi)
    return krs_list(instansi=instansi, saringan=saringan, kotak_in=aturan.kotak_krs_nasional)


def usia_pada(tanggal_lahir: dt.date | None, tanggal: dt.date) -> int | None:
    """Age in completed years (the engine's count), None without a birth date."""
    return None if tanggal_lahir is None else engine.usia_pada(tanggal_lahir, tanggal)


def rentang_usia_label(usia: int | None) -> str:
    """The age band of an age, in words (the bands of RENTANG_USIA)."""
    if usia is None:
        return ""
    for label, dari, sampai in RENTANG_USIA.values():
        if (dari is None or usia >= dari) and (sampai is None or usia < sampai):
            return str(label)
    return ""


# --- Excel export ----------------------------------------------------------------------------------


def laporan_xlsx_rows(
    *, instansi: Instansi, jabatan: JabatanKunci | None = None
) -> tuple[list[str], list[list]]:
    """Every post × stored candidate (or one post's), each criterion as a result and a reason
    column. Two queries whatever the size."""
    if jabatan is not None:
        bagian = [
            JabatanDenganKandidat(
                jabatan=jabatan, daftar=kandidat_daftar(instansi=instansi, jabatan_kunci=jabatan)
            )
        ]
    else:
        bagian = laporan_semua(instansi=instansi)
    headers = [
        str(_("Unit kerja")),
        str(_("Jabatan kunci")),
        str(_("Tingkat jabatan")),
        str(_("Peringkat")),
        str(_("NIP")),
        str(_("Nama")),
        str(_("Jabatan sekarang")),
        str(_("Kotak")),
        str(_("Nominasi khusus")),
        str(_("Kelayakan")),
        str(_("JPM terhadap jabatan")),
        str(_("Sumber JPM")),
        str(_("Skor peringkat")),
        str(_("Kesiapan")),
        str(_("Alasan kesiapan")),
        str(_("Tahun ke BUP")),
    ]
    for kode in engine.KRITERIA:
        headers += [str(KRITERIA_LABEL[kode]), f"{KRITERIA_LABEL[kode]} — {_('alasan')}"]
    rows = []
    for b in bagian:
        j = b.jabatan
        tingkat = str(TINGKAT_LABEL.get(j.tingkat, j.get_jenis_jabatan_display()))
        for t in b.daftar.semua:
            k, g = t.kandidat, t.pegawai
            per_kode = {item.kode: item for item in t.kriteria}
            row = [
                j.unit_kerja.nama,
                j.nama,
                tingkat,
                t.peringkat,
                g.nip,
                g.nama_lengkap,
                g.jabatan_tampilan,
                k.kotak,
                str(_("Ya")) if k.nominasi else "",
                k.get_kelayakan_display(),
                k.jpm_jabatan,
                t.jpm_sumber_label,
                k.skor_peringkat,
                k.get_kesiapan_display(),
                k.alasan_kesiapan,
                k.tahun_ke_bup,
            ]
            for kode in engine.KRITERIA:
                item = per_kode.get(kode)
                row += [item.hasil_label if item else "", item.alasan if item else ""]
            rows.append(row)
    return headers, rows


def jenis_portofolio_label() -> dict[str, tuple[str, bool]]:
    """Portfolio kind code (Kandidat.kriteria "verifikasi") -> (name in words, whether it goes
    through the verification queue)."""
    from apps.pegawai.models import RIWAYAT_MODELS

    return {m.KODE: (str(m._meta.verbose_name_plural), bool(m.DIISI_ASN)) for m in RIWAYAT_MODELS}
