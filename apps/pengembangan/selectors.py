"""Reads of the IDP for pages, the API and the home cards: stored rows only, a few queries each."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _l

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import Penempatan
from apps.petatalenta.periode import periode_sekarang

from .generator import KOTAK_PRIORITAS, Porsi, porsi_periksa
from .inputs import idp_inputs_load
from .models import Idp, JenisKegiatan, KegiatanIdp
from .services import toleransi_persen


def tahun_sekarang() -> int:
    return periode_sekarang()


def idp_get(*, instansi: Instansi, pk: int) -> Idp | None:
    return (
        Idp.objects.filter(instansi=instansi, pk=pk)
        .select_related("pegawai", "pegawai__unit_kerja", "atasan", "disetujui_oleh")
        .first()
    )


def idp_milik(*, pegawai: Pegawai, tahun: int) -> Idp | None:
    return (
        Idp.objects.filter(instansi=pegawai.instansi, pegawai=pegawai, tahun=tahun)
        .select_related("atasan", "disetujui_oleh")
        .first()
    )


def idp_tahun_milik(*, pegawai: Pegawai) -> list[int]:
    return list(
        Idp.objects.filter(instansi=pegawai.instansi, pegawai=pegawai)
        .order_by("-tahun")
        .values_list("tahun", flat=True)
    )


@dataclass(frozen=True)
class TampilanAsn:
    """What the instansi lets an ASN see of their own plan. Generated reasons name the box
    ("Tindak lanjut kotak 5") and the key posts they are a candidate for, so those follow the
    same switches as the talent and succession pages."""

    kotak_terlihat: bool
    alasan_tersembunyi: frozenset[str]

    def alasan(self, kegiatan: KegiatanIdp) -> str:
        if kegiatan.alasan and kegiatan.sumber in self.alasan_tersembunyi:
            return str(ALASAN_TERSAMAR)
        return kegiatan.alasan


ALASAN_TERSAMAR = _l("Tindak lanjut hasil pemetaan talenta")


def idp_tampilan_asn(*, instansi: Instansi) -> TampilanAsn:
    from apps.petatalenta.selectors import pengaturan_talenta_get
    from apps.suksesi.selectors import pengaturan_suksesi_get

    kotak = pengaturan_talenta_get(instansi=instansi).asn_boleh_lihat_kotak
    pencalonan = pengaturan_suksesi_get(instansi=instansi).asn_boleh_lihat_pencalonan
    tersembunyi = {"kotak"} if not kotak else set()
    if not pencalonan:
        tersembunyi.add("jabatan_kunci")
    return TampilanAsn(kotak_terlihat=kotak, alasan_tersembunyi=frozenset(tersembunyi))


def kegiatan_list(*, idp: Idp) -> list[KegiatanIdp]:
    return list(
        KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp).select_related(
            "penanggung_jawab", "dokumen"
        )
    )


def kegiatan_get(*, idp: Idp, pk: int) -> KegiatanIdp | None:
    return KegiatanIdp.objects.filter(instansi=idp.instansi, idp=idp, pk=pk).select_related("idp").first()


@dataclass
class Ringkas:
    """An IDP's progress and its 70:20:10 shares (activities cancelled are left out)."""

    jumlah: int = 0
    selesai: int = 0
    porsi: Porsi | None = None
    jp_rencana: int = 0
    jp_selesai: int = 0

    @property
    def persen(self) -> int:
        return round(self.selesai * 100 / self.jumlah) if self.jumlah else 0


def idp_ringkas(*, kegiatan: list[KegiatanIdp]) -> Ringkas:
    aktif = [k for k in kegiatan if k.status != KegiatanIdp.Status.BATAL]
    jam: dict[str, int] = {}
    for k in aktif:
        jam[k.jenis] = jam.get(k.jenis, 0) + k.perkiraan_jam
    return Ringkas(
        jumlah=len(aktif),
        selesai=sum(1 for k in aktif if k.status == KegiatanIdp.Status.SELESAI),
        porsi=porsi_periksa(jam, toleransi=toleransi_persen()),
        jp_rencana=sum(k.jam_pelajaran or 0 for k in aktif),
        jp_selesai=sum(k.jam_pelajaran or 0 for k in aktif if k.status == KegiatanIdp.Status.SELESAI),
    )


def _kegiatan_hitung(queryset: QuerySet[Idp]) -> QuerySet[Idp]:
    aktif = ~Q(kegiatan__status=KegiatanIdp.Status.BATAL)
    return queryset.annotate(
        kegiatan_jumlah=Count("kegiatan", filter=aktif),
        kegiatan_selesai=Count("kegiatan", filter=Q(kegiatan__status=KegiatanIdp.Status.SELESAI)),
        jam_pengalaman=Coalesce(
            Sum("kegiatan__perkiraan_jam", filter=aktif & Q(kegiatan__jenis="pengalaman")), 0
        ),
        jam_eksposur=Coalesce(
            Sum("kegiatan__perkiraan_jam", filter=aktif & Q(kegiatan__jenis="eksposur")), 0
        ),
        jam_pendidikan=Coalesce(
            Sum("kegiatan__perkiraan_jam", filter=aktif & Q(kegiatan__jenis="pendidikan")), 0
        ),
    )


def porsi_dari_baris(idp: Idp) -> Porsi:
    return porsi_periksa(
        {
            JenisKegiatan.PENGALAMAN: idp.jam_pengalaman,
            JenisKegiatan.EKSPOSUR: idp.jam_eksposur,
            JenisKegiatan.PENDIDIKAN: idp.jam_pendidikan,
        },
        toleransi=toleransi_persen(),
    )


def perangkat_daerah_id(pegawai: str = "pegawai__"):
    """The perangkat daerah of a pegawai's unit (the tree is three levels deep); `pegawai` is the
    path to the pegawai ("" on Pegawai itself, "idp__pegawai__" from an activity)."""
    return Coalesce(
        f"{pegawai}unit_kerja__induk__induk_id", f"{pegawai}unit_kerja__induk_id", f"{pegawai}unit_kerja_id"
    )


def idp_list(
    *,
    instansi: Instansi,
    tahun: int,
    status: str = "",
    perangkat_daerah: UnitKerja | None = None,
    kotak: int | None = None,
    q: str = "",
) -> QuerySet[Idp]:
    queryset = Idp.objects.filter(instansi=instansi, tahun=tahun)
    if status:
        queryset = queryset.filter(status=status)
    if perangkat_daerah is not None:
        queryset = queryset.annotate(pd=perangkat_daerah_id()).filter(pd=perangkat_daerah.pk)
    if kotak:
        queryset = queryset.filter(kotak=kotak)
    if q:
        queryset = queryset.filter(
            Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q.replace(" ", ""))
        )
    return _kegiatan_hitung(queryset.select_related("pegawai", "pegawai__unit_kerja", "atasan")).order_by(
        "pegawai__nama", "pk"
    )


def idp_atasan_list(*, atasan: Pegawai, tahun: int | None = None) -> QuerySet[Idp]:
    """Plans whose responsible atasan is `atasan`: waiting ones first."""
    queryset = Idp.objects.filter(instansi=atasan.instansi, atasan=atasan)
    if tahun:
        queryset = queryset.filter(tahun=tahun)
    urutan = Case(
        When(status=Idp.Status.DIAJUKAN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        _kegiatan_hitung(queryset.select_related("pegawai", "pegawai__unit_kerja"))
        .annotate(urutan_menunggu=urutan)
        .order_by("urutan_menunggu", "-tahun", "pegawai__nama")
    )


def idp_atasan_get(*, atasan: Pegawai, pk: int) -> Idp | None:
    return (
        Idp.objects.filter(instansi=atasan.instansi, atasan=atasan, pk=pk)
        .select_related("pegawai", "pegawai__unit_kerja", "atasan")
        .first()
    )


# --- coverage and completion -----------------------------------------------------------------------------


@dataclass
class CakupanBaris:
    unit: UnitKerja | None
    pegawai: int = 0
    idp: int = 0
    disetujui: int = 0
    kegiatan: int = 0
    selesai: int = 0

    @property
    def cakupan(self) -> int:
        return round(self.disetujui * 100 / self.pegawai) if self.pegawai else 0

    @property
    def penyelesaian(self) -> int:
        return round(self.selesai * 100 / self.kegiatan) if self.kegiatan else 0


@dataclass
class Cakupan:
    baris: list[CakupanBaris] = field(default_factory=list)
    total: CakupanBaris = field(default_factory=lambda: CakupanBaris(unit=None))


def idp_cakupan(*, instansi: Instansi, tahun: int) -> Cakupan:
    """Per perangkat daerah: active pegawai, pegawai with a plan of the year, approved plans, and
    activities done of those planned (cancelled left out). Three grouped queries."""
    pegawai = dict(
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .annotate(pd=perangkat_daerah_id(""))
        .values("pd")
        .annotate(n=Count("pk"))
        .values_list("pd", "n")
    )
    idp_rows = (
        Idp.objects.filter(instansi=instansi, tahun=tahun, pegawai__aktif=True)
        .annotate(pd=perangkat_daerah_id())
        .values("pd")
        .annotate(n=Count("pk"), disetujui=Count("pk", filter=Q(status=Idp.Status.DISETUJUI)))
    )
    idp = {row["pd"]: row for row in idp_rows}
    kegiatan_rows = (
        KegiatanIdp.objects.filter(instansi=instansi, idp__tahun=tahun, idp__pegawai__aktif=True)
        .exclude(status=KegiatanIdp.Status.BATAL)
        .annotate(pd=perangkat_daerah_id("idp__pegawai__"))
        .values("pd")
        .annotate(n=Count("pk"), selesai=Count("pk", filter=Q(status=KegiatanIdp.Status.SELESAI)))
    )
    kegiatan = {row["pd"]: row for row in kegiatan_rows}
    units = {
        u.pk: u for u in UnitKerja.objects.filter(instansi=instansi, jenis=UnitKerja.Jenis.PERANGKAT_DAERAH)
    }
    hasil = Cakupan()
    for pd in sorted(set(pegawai) | set(idp), key=lambda k: (units[k].nama if k in units else "~", k or 0)):
        baris = CakupanBaris(
            unit=units.get(pd),
            pegawai=pegawai.get(pd, 0),
            idp=idp.get(pd, {}).get("n", 0),
            disetujui=idp.get(pd, {}).get("disetujui", 0),
            kegiatan=kegiatan.get(pd, {}).get("n", 0),
            selesai=kegiatan.get(pd, {}).get("selesai", 0),
        )
        hasil.baris.append(baris)
        for name in ("pegawai", "idp", "disetujui", "kegiatan", "selesai"):
            setattr(hasil.total, name, getattr(hasil.total, name) + getattr(baris, name))
    return hasil


def prioritas_list(*, instansi: Instansi, tahun: int, kotak: int | None = None) -> QuerySet[Penempatan]:
    """Pegawai in boxes 4–6 of the current period ("naik kelas") with their plan's status."""
    idp = Idp.objects.filter(instansi=instansi, tahun=tahun, pegawai=OuterRef("pegawai_id"))
    queryset = Penempatan.objects.filter(
        instansi=instansi, periode=periode_sekarang(), kotak__in=[kotak] if kotak else KOTAK_PRIORITAS,
        pegawai__aktif=True,
    )  # fmt: skip
    return (
        queryset.select_related("pegawai", "pegawai__unit_kerja")
        .annotate(
            idp_id=Subquery(idp.values("pk")[:1]),
            idp_status=Subquery(idp.values("status")[:1]),
            idp_kegiatan=Subquery(
                KegiatanIdp.objects.filter(instansi=instansi, idp_id=OuterRef("idp_id"))
                .exclude(status=KegiatanIdp.Status.BATAL)
                .values("idp_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            idp_selesai=Subquery(
                KegiatanIdp.objects.filter(
                    instansi=instansi, idp_id=OuterRef("idp_id"), status=KegiatanIdp.Status.SELESAI
                )
                .values("idp_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .order_by(F("idp_id").asc(nulls_first=True), "kotak", "pegawai__nama")
    )


def prioritas_hitung(*, instansi: Instansi, tahun: int) -> dict[int, dict[str, int]]:
    """Per box 4–6: people, and those with an approved plan (one query; EXISTS, not a subquery
    that kept Idp's ordering and joined and sorted the pegawai again for every placement)."""
    idp_ok = Idp.objects.filter(
        instansi=instansi, tahun=tahun, pegawai=OuterRef("pegawai_id"), status=Idp.Status.DISETUJUI
    )
    rows = (
        Penempatan.objects.filter(instansi=instansi, periode=periode_sekarang(), kotak__in=KOTAK_PRIORITAS)
        .values("kotak")
        .annotate(n=Count("pk"), disetujui=Count("pk", filter=Exists(idp_ok)))
    )
    hasil = {k: {"n": 0, "disetujui": 0} for k in KOTAK_PRIORITAS}
    for row in rows:
        hasil[row["kotak"]] = {"n": row["n"], "disetujui": row["disetujui"]}
    return hasil


def krs_idp_list(*, instansi: Instansi, tahun: int) -> QuerySet[Penempatan]:
    """KRS members (final placements in the talent pool) of the current period with their plan."""
    idp = Idp.objects.filter(instansi=instansi, tahun=tahun, pegawai=OuterRef("pegawai_id"))
    return (
        Penempatan.objects.filter(instansi=instansi, periode=periode_sekarang(), talent_pool=True)
        .select_related("pegawai", "pegawai__unit_kerja")
        .annotate(idp_id=Subquery(idp.values("pk")[:1]), idp_status=Subquery(idp.values("status")[:1]))
        .order_by("-kotak", "pegawai__nama")
    )


def krs_gap_rincian(*, instansi: Instansi, penempatan: list[Penempatan], tahun: int) -> dict[int, dict]:
    """For one page of KRS members: their gaps to the key posts they are candidates for (stored
    asesmen competencies against each post's standard), and their plan's activities aimed at them."""
    pegawai = [p.pegawai for p in penempatan]
    inputs = idp_inputs_load(instansi=instansi, pegawai=pegawai, tahun=tahun, periode=periode_sekarang())
    idp_ids = [p.idp_id for p in penempatan if p.idp_id]
    kegiatan: dict[int, list[KegiatanIdp]] = {}
    for k in KegiatanIdp.objects.filter(instansi=instansi, idp_id__in=idp_ids).exclude(
        status=KegiatanIdp.Status.BATAL
    ):
        kegiatan.setdefault(k.idp_id, []).append(k)
    hasil = {}
    for p in penempatan:
        daftar = kegiatan.get(p.idp_id, [])
        hasil[p.pegawai_id] = {
            "gap": inputs[p.pegawai_id].jabatan_kunci,
            "kegiatan": len(daftar),
            "selesai": sum(1 for k in daftar if k.status == KegiatanIdp.Status.SELESAI),
            "sasaran": sorted({k.kompetensi_sasaran for k in daftar if k.kompetensi_sasaran}),
        }
    return hasil


def krs_idp_hitung(*, instansi: Instansi, tahun: int) -> dict[str, int]:
    """KRS members and those with an approved plan (one query), for the Komite's card."""
    idp_ok = Idp.objects.filter(
        instansi=instansi, tahun=tahun, pegawai=OuterRef("pegawai_id"), status=Idp.Status.DISETUJUI
    )
    return Penempatan.objects.filter(
        instansi=instansi, periode=periode_sekarang(), talent_pool=True
    ).aggregate(n=Count("pk"), disetujui=Count("pk", filter=Exists(idp_ok)))


def idp_beranda_hitung(*, instansi: Instansi, tahun: int) -> dict[str, int]:
    """The Admin BKD home card: plans of the year (all, approved, waiting) and active pegawai."""
    hitung = Idp.objects.filter(instansi=instansi, tahun=tahun, pegawai__aktif=True).aggregate(
        n=Count("pk"),
        disetujui=Count("pk", filter=Q(status=Idp.Status.DISETUJUI)),
        menunggu=Count("pk", filter=Q(status=Idp.Status.DIAJUKAN)),
    )
    hitung["pegawai"] = Pegawai.objects.filter(instansi=instansi, aktif=True).count()
    return hitung


def idp_atasan_menunggu_count(*, atasan: Pegawai) -> int:
    """Plans that wait for this atasan's approval."""
    return Idp.objects.filter(instansi=atasan.instansi, atasan=atasan, status=Idp.Status.DIAJUKAN).count()
