"""Implementation-stage tracker (SE MenPANRB 10/2021, docs/nasional-tahap.md).

Per instansi: the five implementation stages and the merit worksheet's KTI score 0–4. Every
indicator is read from the system where the data can show it (Komite members in an active term,
mapping coverage, the last recompute, the PPK's penetapan, successors decided by the Komite) and
otherwise declared by the Admin BKD with a PDF (`DeklarasiTahap`); each says which it is:

* "sistem": the instansi's own data shows it (with the figure),
* "deklarasi": only declared (number, date and document of the latest declaration),
* "belum": neither.

`tahap_baca` reads the facts inside the instansi's scope in a fixed number of queries
(`tahap_fakta`, nine queries whatever the number of pegawai) and judges them with the pure rule
tables below (`tahap_nilai`), so the tests drive the rules with plain facts. The result is stored in
`RingkasanInstansi.tahap_implementasi / skor_kti / tahap_rincian` by the summary refresh; BKN reads
only that JSON, which holds counts, dates and decree numbers — never a name or a NIP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.asesmen.models import Asesmen
from apps.asesmen.selectors import berlaku_q
from apps.core.context import hari_ini
from apps.core.roles import Role
from apps.instansi.models import Membership
from apps.komite.models import AgendaSidang, AnggotaKomite, KeputusanKomite, Penetapan
from apps.pegawai.models import Pegawai
from apps.petatalenta.models import AturanTalenta, Penempatan
from apps.petatalenta.periode import periode_sekarang
from apps.suksesi.models import JabatanKunci

from .models import DeklarasiTahap

if TYPE_CHECKING:
    from apps.instansi.models import Instansi

Butir = DeklarasiTahap.Butir

# Version of the `rincian` JSON shape (RingkasanInstansi.tahap_rincian): readers check it.
RINCIAN_VERSI = 1

SISTEM, DEKLARASI, BELUM = "sistem", "deklarasi", "belum"
SUMBER_LABEL = {
    SISTEM: _("Terbukti dari data sistem"),
    DEKLARASI: _("Dinyatakan dengan dokumen"),
    BELUM: _("Belum"),
}


@dataclass(frozen=True)
class DeklarasiRingkas:
    """The current (latest, not withdrawn) declaration of one butir: what BKN may see of it."""

    uuid: str
    nomor: str
    tanggal: dt.date | None
    dinyatakan_pada: dt.datetime
    sha256: str
    ada_berkas: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "nomor": self.nomor,
            "tanggal": self.tanggal.isoformat() if self.tanggal else None,
            "dinyatakan_pada": self.dinyatakan_pada.isoformat(),
            "sha256": self.sha256,
            "berkas": self.ada_berkas,
        }


@dataclass(frozen=True)
class FaktaTahap:
    """What the system knows about an instansi's implementation, as plain counts and dates."""

    periode: int
    tanggal: dt.date
    pegawai_aktif: int = 0
    final: int = 0  # active pegawai with a final placement this period
    final_asesmen_valid: int = 0  # ... of whom hold a valid asesmen today
    talent_pool: int = 0  # active pegawai in the talent pool (KRS) this period
    asesmen_valid: int = 0  # active pegawai holding a valid asesmen today
    final_sebelumnya: int = 0  # final placements of the previous period
    dihitung_terakhir: dt.datetime | None = None  # latest computation of this period's placements
    admin_bkd: int = 0  # active Admin BKD accounts
    komite_anggota: int = 0  # Komite members whose term covers today
    komite_ketua: int = 0  # ... of whom ketua
    aturan_aktif: bool = False  # an active talent rule set
    jabatan_kunci: int = 0  # active key posts
    jabatan_kunci_dihitung: int = 0  # ... whose candidate list the workers computed
    penetapan_nomor: str = ""  # the PPK's latest penetapan of this or the previous period
    penetapan_tanggal: dt.date | None = None
    penetapan_periode: int | None = None
    jabatan_kunci_suksesor: int = 0  # key posts with successors decided by the Komite
    deklarasi: dict[str, DeklarasiRingkas] = field(default_factory=dict)  # butir -> current one


@dataclass(frozen=True)
class TahapHasil:
    tahap: int = 0  # highest stage reached, 0–5
    skor_kti: int = 0  # 0–4
    rincian: dict = field(default_factory=dict)  # JSON-safe, stored in RingkasanInstansi.tahap_rincian


# --- the rules ---------------------------------------------------------------------------------
# An indicator is met from the system when its reader says so; otherwise a current declaration of
# its butir (if it has one) meets it as "deklarasi". Readers return (met, figures shown beside it).

Pembaca = Callable[[FaktaTahap], tuple[bool, dict[str, Any]]]


def _persen(bagian: int, total: int) -> float | None:
    return round(100 * bagian / total, 1) if total else None


def _pengelola(f: FaktaTahap):
    return f.admin_bkd > 0, {"admin_bkd": f.admin_bkd}


def _komite(f: FaktaTahap):
    return f.komite_anggota > 0 and f.komite_ketua > 0, {
        "anggota": f.komite_anggota,
        "ketua": f.komite_ketua,
    }


def _sistem_informasi(f: FaktaTahap):
    dihitung = f.dihitung_terakhir.isoformat() if f.dihitung_terakhir else None
    return f.aturan_aktif and f.dihitung_terakhir is not None, {
        "aturan_aktif": f.aturan_aktif,
        "dihitung_terakhir": dihitung,
    }


def _cakupan(f: FaktaTahap) -> dict[str, Any]:
    return {"final": f.final, "pegawai": f.pegawai_aktif, "persen": _persen(f.final, f.pegawai_aktif)}


def _pemetaan(f: FaktaTahap):
    return f.final > 0, _cakupan(f)


def _pemetaan_penuh(f: FaktaTahap):
    return f.pegawai_aktif > 0 and f.final >= f.pegawai_aktif, _cakupan(f)


def _asesmen(f: FaktaTahap):
    return f.asesmen_valid > 0, {
        "asesmen_valid": f.asesmen_valid,
        "pegawai": f.pegawai_aktif,
        "persen": _persen(f.asesmen_valid, f.pegawai_aktif),
    }


def _krs(f: FaktaTahap):
    return f.talent_pool > 0, {"krs": f.talent_pool}


def _pemetaan_berkala(f: FaktaTahap):
    # Refreshed periodically: mapped last period and again this period, computed within it.
    dalam_periode = f.dihitung_terakhir is not None and f.dihitung_terakhir.year == f.periode
    return f.final > 0 and f.final_sebelumnya > 0 and dalam_periode, {
        "periode": f.periode,
        "final": f.final,
        "final_sebelumnya": f.final_sebelumnya,
        "dihitung_terakhir": f.dihitung_terakhir.isoformat() if f.dihitung_terakhir else None,
    }


def _instrumen_valid(f: FaktaTahap):
    # Every final placement of the period rests on an asesmen that is still valid today.
    return f.final > 0 and f.final_asesmen_valid >= f.final, {
        "final": f.final,
        "final_asesmen_valid": f.final_asesmen_valid,
    }


def _rencana_suksesi(f: FaktaTahap):
    return f.jabatan_kunci > 0 and f.jabatan_kunci_dihitung > 0, {
        "jabatan_kunci": f.jabatan_kunci,
        "dihitung": f.jabatan_kunci_dihitung,
    }


def _penetapan(f: FaktaTahap):
    return bool(f.penetapan_nomor), {
        "nomor": f.penetapan_nomor,
        "tanggal": f.penetapan_tanggal.isoformat() if f.penetapan_tanggal else None,
        "periode": f.penetapan_periode,
    }


def _suksesor(f: FaktaTahap):
    return f.jabatan_kunci_suksesor > 0, {
        "jabatan_kunci": f.jabatan_kunci,
        "dengan_suksesor": f.jabatan_kunci_suksesor,
    }


@dataclass(frozen=True)
class Indikator:
    kode: str
    label: Any  # lazy text
    sistem: Pembaca | None = None
    butir: str | None = None  # the DeklarasiTahap.Butir that may declare it


INDIKATOR: dict[str, Indikator] = {
    i.kode: i
    for i in (
        Indikator("komitmen", _("Komitmen pimpinan dan rencana pelaksanaan"), butir=Butir.KOMITMEN),
        Indikator("pengelola", _("Pengelola manajemen talenta (akun Admin BKD aktif)"), _pengelola),
        Indikator("perkada", _("Perkada tentang manajemen talenta"), butir=Butir.PERKADA),
        Indikator(
            "komite",
            _("Komite Talenta Instansi (anggota dan ketua dalam masa tugas)"),
            _komite,
            Butir.SK_KOMITE,
        ),
        Indikator(
            "sistem_informasi",
            _("Sistem informasi (aturan talenta aktif, penempatan dihitung)"),
            _sistem_informasi,
            Butir.SISTEM_INFORMASI,
        ),
        Indikator(
            "pemetaan", _("Pemetaan talenta (sebagian pegawai final)"), _pemetaan, Butir.LAPORAN_PEMETAAN
        ),
        Indikator("asesmen", _("Asesmen kompetensi yang berlaku"), _asesmen),
        Indikator("krs", _("Kelompok Rencana Suksesi (KRS) terbentuk"), _krs, Butir.SK_KTI),
        Indikator("rencana_suksesi", _("Jabatan kunci dengan daftar calon yang dihitung"), _rencana_suksesi),
        Indikator("pengembangan", _("Program pengembangan dan retensi talenta"), butir=Butir.PENGEMBANGAN),
        Indikator("penetapan", _("Peta talenta ditetapkan PPK"), _penetapan),
        Indikator("suksesor", _("Suksesor jabatan kunci diputuskan Komite"), _suksesor),
        Indikator("penempatan", _("Penempatan talenta pada jabatan target"), butir=Butir.PENEMPATAN),
        # Used by the KTI score only: read from the system, never declared.
        Indikator("pemetaan_penuh", _("Seluruh pegawai aktif telah dipetakan (final)"), _pemetaan_penuh),
        Indikator(
            "pemetaan_berkala",
            _("Pemetaan diperbarui berkala (periode lalu dan periode ini)"),
            _pemetaan_berkala,
        ),
        Indikator(
            "instrumen_valid", _("Setiap penempatan final didukung asesmen yang berlaku"), _instrumen_valid
        ),
    )
}

# The five stages: a stage is met when all its indicators are; the stage reached is the highest
# one with every stage up to it met.
TAHAP: tuple[tuple[int, Any, tuple[str, ...]], ...] = (
    (1, _("Komitmen dan kapasitas organisasi"), ("komitmen", "pengelola")),
    (
        2,
        _("Infrastruktur: regulasi, Komite Talenta, sistem informasi"),
        ("perkada", "komite", "sistem_informasi"),
    ),
    (3, _("Akuisisi talenta"), ("pemetaan", "asesmen", "krs")),
    (4, _("Pengembangan dan retensi talenta"), ("rencana_suksesi", "pengembangan")),
    (5, _("Penempatan talenta"), ("penetapan", "suksesor", "penempatan")),
)

# The merit worksheet's KTI score: score k needs its own conditions and those of every lower score.
SKOR_KTI: tuple[tuple[int, Any, tuple[str, ...]], ...] = (
    (1, _("KTI terbentuk dan sebagian pegawai telah dipetakan"), ("komite", "pemetaan")),
    (2, _("KTI terbentuk dan seluruh pegawai telah dipetakan"), ("pemetaan_penuh",)),
    (
        3,
        _("Pemetaan diperbarui berkala dengan instrumen yang valid"),
        ("pemetaan_berkala", "instrumen_valid"),
    ),
    (
        4,
        _("Hasil pemetaan dipakai untuk karier, kompetensi dan penempatan suksesor"),
        ("penetapan", "suksesor"),
    ),
)

TAHAP_NAMA = {nomor: nama for nomor, nama, _kode in TAHAP}
SKOR_KTI_NAMA = {0: _("Belum ada KTI"), **{skor: nama for skor, nama, _kode in SKOR_KTI}}


def indikator_nilai(indikator: Indikator, fakta: FaktaTahap) -> dict[str, Any]:
    """One indicator judged: {"sumber", "angka", "deklarasi"} (JSON-safe)."""
    terpenuhi, angka = indikator.sistem(fakta) if indikator.sistem else (False, {})
    deklarasi = fakta.deklarasi.get(indikator.butir) if indikator.butir else None
    sumber = SISTEM if terpenuhi else DEKLARASI if deklarasi else BELUM
    return {
        "sumber": sumber,
        "angka": angka,
        "butir": indikator.butir or "",
        "deklarasi": deklarasi.as_json() if deklarasi else None,
    }


def _bertingkat(tabel, indikator: dict[str, dict]) -> tuple[int, list[dict]]:
    """Highest level of a cumulative table whose levels up to it are all met, and each level."""
    capai, tingkat = 0, []
    for nomor, _nama, kode in tabel:
        terpenuhi = all(indikator[k]["sumber"] != BELUM for k in kode)
        tingkat.append({"nomor": nomor, "terpenuhi": terpenuhi, "indikator": list(kode)})
        if terpenuhi and capai == nomor - 1:
            capai = nomor
    return capai, tingkat


def tahap_nilai(fakta: FaktaTahap) -> TahapHasil:
    """The pure judgement: facts in, stage, KTI score and the JSON breakdown out."""
    indikator = {kode: indikator_nilai(i, fakta) for kode, i in INDIKATOR.items()}
    tahap, per_tahap = _bertingkat(TAHAP, indikator)
    skor, per_skor = _bertingkat(SKOR_KTI, indikator)
    return TahapHasil(
        tahap=tahap,
        skor_kti=skor,
        rincian={
            "versi": RINCIAN_VERSI,
            "periode": fakta.periode,
            "tanggal": fakta.tanggal.isoformat(),
            "tahap": per_tahap,
            "skor_kti": per_skor,
            "indikator": indikator,
        },
    )


# --- reading the facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FaktaPegawai:
    """Active pegawai of the current period: how many, with a final placement, of whom with a
    valid asesmen today, in the talent pool, with a valid asesmen. The summary refresh counts
    these in its own scan of the pegawai and hands them over (the same definitions)."""

    n: int
    final: int
    final_asesmen: int
    pool: int
    asesmen: int


def _fakta_pegawai(*, instansi: Instansi, tanggal: dt.date, periode: int) -> FaktaPegawai:
    final_q = Q(Exists(
        Penempatan.objects.filter(
            instansi=instansi, pegawai=OuterRef("pk"), periode=periode, status=Penempatan.Status.FINAL
        )
    ))  # fmt: skip
    pool_q = Q(Exists(
        Penempatan.objects.filter(instansi=instansi, pegawai=OuterRef("pk"), periode=periode, talent_pool=True)
    ))  # fmt: skip
    asesmen_q = Q(Exists(
        Asesmen.objects.filter(instansi=instansi, pegawai=OuterRef("pk")).filter(berlaku_q(tanggal))
    ))  # fmt: skip
    pegawai = Pegawai.objects.filter(instansi=instansi, aktif=True).aggregate(
        n=Count("pk"),
        final=Count("pk", filter=final_q),
        final_asesmen=Count("pk", filter=final_q & asesmen_q),
        pool=Count("pk", filter=pool_q),
        asesmen=Count("pk", filter=asesmen_q),
    )
    return FaktaPegawai(**pegawai)


def tahap_fakta(
    *, instansi: Instansi, tanggal: dt.date | None = None, pegawai: FaktaPegawai | None = None
) -> FaktaTahap:
    """The instansi's facts, read inside its scope in nine queries whatever its size (eight when
    the caller already counted the pegawai)."""
    tanggal = tanggal or hari_ini()
    periode = periode_sekarang(tanggal)
    jendela = [periode - 1, periode]  # a penetapan or a decision of last period still counts
    if pegawai is None:
        pegawai = _fakta_pegawai(instansi=instansi, tanggal=tanggal, periode=periode)

    penempatan = Penempatan.objects.filter(instansi=instansi, periode__in=jendela).aggregate(
        final_sebelumnya=Count("pk", filter=Q(periode=periode - 1, status=Penempatan.Status.FINAL)),
        dihitung_terakhir=Max("dihitung_pada", filter=Q(periode=periode)),
    )
    komite = AnggotaKomite.objects.filter(
        Q(selesai__isnull=True) | Q(selesai__gte=tanggal), instansi=instansi, mulai__lte=tanggal
    ).aggregate(n=Count("pk"), ketua=Count("pk", filter=Q(peran=AnggotaKomite.Peran.KETUA)))
    admin_bkd = Membership.objects.filter(
        instansi=instansi, role=Role.ADMIN_BKD, user__is_active=True
    ).count()
    aturan_aktif = AturanTalenta.objects.filter(instansi=instansi, status=AturanTalenta.Status.AKTIF).exists()
    jabatan = JabatanKunci.objects.filter(instansi=instansi, aktif=True).aggregate(
        n=Count("pk"), dihitung=Count("pk", filter=Q(status__dihitung_pada__isnull=False))
    )
    penetapan = (
        Penetapan.objects.filter(instansi=instansi, periode__in=jendela, hasil=Penetapan.Hasil.DITETAPKAN)
        .order_by("-periode", "-tanggal_keputusan", "-urutan")
        .values("nomor_keputusan", "tanggal_keputusan", "periode")
        .first()
    ) or {}
    suksesor = KeputusanKomite.objects.filter(
        instansi=instansi,
        jenis=AgendaSidang.Jenis.SUKSESI,
        hasil=KeputusanKomite.Hasil.SETUJU,
        periode__in=jendela,
        jabatan_kunci__aktif=True,
    ).aggregate(n=Count("jabatan_kunci", distinct=True))["n"]
    return FaktaTahap(
        periode=periode,
        tanggal=tanggal,
        pegawai_aktif=pegawai.n,
        final=pegawai.final,
        final_asesmen_valid=pegawai.final_asesmen,
        talent_pool=pegawai.pool,
        asesmen_valid=pegawai.asesmen,
        final_sebelumnya=penempatan["final_sebelumnya"],
        dihitung_terakhir=penempatan["dihitung_terakhir"],
        admin_bkd=admin_bkd,
        komite_anggota=komite["n"],
        komite_ketua=komite["ketua"],
        aturan_aktif=aturan_aktif,
        jabatan_kunci=jabatan["n"],
        jabatan_kunci_dihitung=jabatan["dihitung"],
        penetapan_nomor=penetapan.get("nomor_keputusan", ""),
        penetapan_tanggal=penetapan.get("tanggal_keputusan"),
        penetapan_periode=penetapan.get("periode"),
        jabatan_kunci_suksesor=suksesor,
        deklarasi=deklarasi_berlaku(instansi=instansi),
    )


def deklarasi_berlaku(*, instansi: Instansi) -> dict[str, DeklarasiRingkas]:
    """The current declaration of each butir: the latest one, unless that is a withdrawal (one query)."""
    terbaru = (
        DeklarasiTahap.objects.filter(instansi=instansi)
        .order_by("butir", "-dinyatakan_pada", "-pk")
        .distinct("butir")
        .values("butir", "uuid", "nomor", "tanggal", "dinyatakan_pada", "sha256", "berkas", "dicabut")
    )
    return {
        row["butir"]: DeklarasiRingkas(
            uuid=str(row["uuid"]),
            nomor=row["nomor"],
            tanggal=row["tanggal"],
            dinyatakan_pada=row["dinyatakan_pada"],
            sha256=row["sha256"],
            ada_berkas=bool(row["berkas"]),
        )
        for row in terbaru
        if not row["dicabut"]
    }


def tahap_baca(*, instansi: Instansi, pegawai: FaktaPegawai | None = None) -> TahapHasil:
    """Read inside the instansi's scope, in a fixed number of queries (nine, or eight with the
    pegawai counts handed over by the summary refresh)."""
    return tahap_nilai(tahap_fakta(instansi=instansi, pegawai=pegawai))


# --- display ---------------------------------------------------------------------------------------


def _tanggal(nilai: str | None) -> str:
    if not nilai:
        return "—"
    try:
        waktu = dt.datetime.fromisoformat(nilai)
    except ValueError:
        return nilai
    if timezone.is_aware(waktu):
        waktu = timezone.localtime(waktu)
    return date_format(waktu, "DATE_FORMAT")


def angka_teks(kode: str, angka: dict) -> str:
    """The system figure of an indicator in words (Bahasa Indonesia through gettext)."""
    if not angka:
        return ""
    a = angka
    if kode == "pengelola":
        return gettext("%(n)s akun Admin BKD aktif") % {"n": a.get("admin_bkd", 0)}
    if kode == "komite":
        return gettext("%(n)s anggota dalam masa tugas, %(k)s ketua") % {
            "n": a.get("anggota", 0),
            "k": a.get("ketua", 0),
        }
    if kode == "sistem_informasi":
        aturan = (
            gettext("aturan talenta aktif")
            if a.get("aturan_aktif")
            else gettext("belum ada aturan talenta aktif")
        )
        return gettext("%(aturan)s; penempatan terakhir dihitung %(tgl)s") % {
            "aturan": aturan,
            "tgl": _tanggal(a.get("dihitung_terakhir")),
        }
    if kode in ("pemetaan", "pemetaan_penuh"):
        return gettext("%(final)s dari %(n)s pegawai aktif berpenempatan final (%(p)s%%)") % {
            "final": intcomma(a.get("final", 0)),
            "n": intcomma(a.get("pegawai", 0)),
            "p": number_format(a.get("persen") or 0, 1),
        }
    if kode == "asesmen":
        return gettext("%(v)s dari %(n)s pegawai aktif memiliki asesmen berlaku (%(p)s%%)") % {
            "v": intcomma(a.get("asesmen_valid", 0)),
            "n": intcomma(a.get("pegawai", 0)),
            "p": number_format(a.get("persen") or 0, 1),
        }
    if kode == "krs":
        return gettext("%(n)s pegawai dalam KRS") % {"n": intcomma(a.get("krs", 0))}
    if kode == "rencana_suksesi":
        return gettext("%(n)s jabatan kunci aktif, %(d)s dengan daftar calon dihitung") % {
            "n": a.get("jabatan_kunci", 0),
            "d": a.get("dihitung", 0),
        }
    if kode == "penetapan":
        if not a.get("nomor"):
            return gettext("belum ada penetapan PPK periode ini atau periode lalu")
        return gettext("Keputusan PPK nomor %(nomor)s tanggal %(tgl)s (periode %(p)s)") % {
            "nomor": a["nomor"],
            "tgl": _tanggal(a.get("tanggal")),
            "p": a.get("periode"),
        }
    if kode == "suksesor":
        return gettext("%(d)s dari %(n)s jabatan kunci aktif dengan suksesor yang diputuskan Komite") % {
            "d": a.get("dengan_suksesor", 0),
            "n": a.get("jabatan_kunci", 0),
        }
    if kode == "pemetaan_berkala":
        return gettext(
            "%(f)s final periode %(p)s, %(fs)s final periode sebelumnya; dihitung terakhir %(tgl)s"
        ) % {
            "f": intcomma(a.get("final", 0)),
            "p": a.get("periode"),
            "fs": intcomma(a.get("final_sebelumnya", 0)),
            "tgl": _tanggal(a.get("dihitung_terakhir")),
        }
    if kode == "instrumen_valid":
        return gettext("%(v)s dari %(f)s penempatan final didukung asesmen yang berlaku") % {
            "v": intcomma(a.get("final_asesmen_valid", 0)),
            "f": intcomma(a.get("final", 0)),
        }
    return ""


@dataclass(frozen=True)
class BarisIndikator:
    kode: str
    label: Any
    sumber: str
    sumber_label: Any
    angka: dict
    deklarasi: dict | None
    butir: str

    @property
    def angka_teks(self) -> str:
        return angka_teks(self.kode, self.angka)

    @property
    def deklarasi_tanggal(self) -> str:
        return _tanggal((self.deklarasi or {}).get("tanggal"))

    @property
    def butir_label(self) -> str:
        return Butir(self.butir).label if self.butir in Butir.values else ""


@dataclass(frozen=True)
class BarisTahap:
    nomor: int
    nama: Any
    terpenuhi: bool
    indikator: list[BarisIndikator]


def _baris_indikator(kode: str, nilai: dict) -> BarisIndikator:
    indikator = INDIKATOR.get(kode)
    return BarisIndikator(
        kode=kode,
        label=indikator.label if indikator else kode,
        sumber=nilai.get("sumber", BELUM),
        sumber_label=SUMBER_LABEL.get(nilai.get("sumber", BELUM), ""),
        angka=nilai.get("angka") or {},
        deklarasi=nilai.get("deklarasi"),
        butir=nilai.get("butir", ""),
    )


def rincian_tampil(rincian: dict) -> tuple[list[BarisTahap], list[BarisTahap]]:
    """Stages and KTI levels of a stored breakdown, with labels, for pages and exports. An empty
    or older-shaped breakdown (a row not refreshed since) gives empty lists."""
    if not rincian or rincian.get("versi") != RINCIAN_VERSI:
        return [], []
    nilai = rincian.get("indikator", {})

    def baris(tabel, per_tingkat, nama):
        return [
            BarisTahap(
                nomor=t["nomor"],
                nama=nama.get(t["nomor"], ""),
                terpenuhi=t["terpenuhi"],
                indikator=[_baris_indikator(k, nilai.get(k, {})) for k in t["indikator"]],
            )
            for t in per_tingkat
        ]

    return (
        baris(TAHAP, rincian.get("tahap", []), TAHAP_NAMA),
        baris(SKOR_KTI, rincian.get("skor_kti", []), SKOR_KTI_NAMA),
    )


def rincian_sumber_hitung(rincian: dict) -> dict[str, int]:
    """How many of the five stages' indicators are evidenced, only declared, missing."""
    hitung = {SISTEM: 0, DEKLARASI: 0, BELUM: 0}
    if not rincian or rincian.get("versi") != RINCIAN_VERSI:
        return hitung
    nilai = rincian.get("indikator", {})
    for _nomor, _nama, kode in TAHAP:
        for k in kode:
            hitung[nilai.get(k, {}).get("sumber", BELUM)] += 1
    return hitung


INDIKATOR_TAHAP = tuple(k for _nomor, _nama, kode in TAHAP for k in kode)
