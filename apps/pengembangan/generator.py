"""The IDP draft as a pure function of a person's box and gaps, and the 70:20:10 check.

Nothing here reads the database: `inputs.py` loads `IdpInputs` for a batch of pegawai and
`services.py` stores what `idp_draf_susun` returns. The rules are written in docs/pengembangan.md
("Dari mana kegiatan draf berasal") and docs/domain.md §5 (the follow-up of each box).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import PORSI_702010, JenisKegiatan, SubJenisKegiatan

# Education ranks (D-IV and S-1 are one level for appointment, as in the succession engine).
PENDIDIKAN_PERINGKAT = {
    "sd": 1, "smp": 2, "sma": 3, "d1": 4, "d2": 5, "d3": 6, "d4": 7, "s1": 7, "s2": 8, "s3": 9,
}  # fmt: skip
PENDIDIKAN_LABEL = {
    "sd": "SD", "smp": "SMP", "sma": "SMA/SMK", "d1": "D-I", "d2": "D-II", "d3": "D-III",
    "d4": "D-IV", "s1": "S-1", "s2": "S-2", "s3": "S-3",
}  # fmt: skip
# The middle boxes whose people the plan should move up ("naik kelas"): drafted first.
KOTAK_PRIORITAS = (4, 5, 6)
# At most this many competency gaps of the current post, and of each key post, become activities.
MAKS_GAP_KOMPETENSI = 3
# Planned hours of a year's plan when it has no training of its own to scale from.
JAM_DASAR = 100


@dataclass(frozen=True)
class GapKompetensi:
    kompetensi: str
    standar: int
    individu: int | None  # None: the competency was never assessed
    jabatan: str = ""  # "" = the current post; else the key post's name

    @property
    def selisih(self) -> int:
        return self.standar - (self.individu or 0)


@dataclass(frozen=True)
class IdpInputs:
    tahun: int
    kotak: int | None = None
    level_kinerja: str = ""  # "di_bawah", "sesuai", "di_atas" or "" (no placement)
    kompetensi: tuple[GapKompetensi, ...] = ()  # below the standard of the current post
    jabatan_kunci: tuple[GapKompetensi, ...] = ()  # below the standard of key posts (candidate)
    jp_tahun: int = 0  # approved training hours finished in the year
    target_jp: int = 20
    pendidikan: str | None = None  # highest approved level
    pendidikan_minimum: str | None = None  # what the current post (or a key post) needs
    pendidikan_untuk: str = ""  # the post that needs it, for the reason


@dataclass
class KegiatanDraf:
    jenis: str
    sub_jenis: str
    nama: str
    sumber: str
    alasan: str
    kompetensi_sasaran: str = ""
    perkiraan_jam: int = 0
    jam_pelajaran: int | None = None
    tanggal_mulai: dt.date | None = None
    tanggal_selesai: dt.date | None = None


def _k(jenis, sub, nama, sumber, alasan, kompetensi="", jp=None) -> KegiatanDraf:
    return KegiatanDraf(
        jenis=jenis, sub_jenis=sub, nama=nama, sumber=sumber, alasan=alasan, kompetensi_sasaran=kompetensi,
        jam_pelajaran=jp,
    )  # fmt: skip


P, E, D = JenisKegiatan.PENGALAMAN, JenisKegiatan.EKSPOSUR, JenisKegiatan.PENDIDIKAN
S = SubJenisKegiatan


def _kotak_kegiatan(kotak: int) -> list[KegiatanDraf]:
    """The box's follow-up (docs/domain.md §5) as activities."""
    alasan = _("Tindak lanjut kotak %(kotak)s") % {"kotak": kotak}
    tabel = {
        9: [
            (P, S.PENUGASAN_KHUSUS, _("Penugasan khusus memimpin program strategis daerah")),
            (E, S.MENTORING, _("Menjadi mentor bagi rekan kerja")),
        ],
        8: [
            (P, S.JOB_ENLARGEMENT, _("Perluasan tanggung jawab jabatan (job enlargement)")),
            (E, S.COACHING, _("Bimbingan kinerja bersama atasan")),
        ],
        7: [
            (P, S.JOB_ENRICHMENT, _("Pengayaan tugas jabatan (job enrichment)")),
            (E, S.MENTORING, _("Mentoring oleh pejabat satu tingkat di atas")),
        ],
        6: [
            (P, S.JOB_ENRICHMENT, _("Penugasan yang sesuai dengan potensi")),
            (E, S.COACHING, _("Bimbingan kinerja bersama atasan")),
            (E, S.KONSELING, _("Konseling kinerja")),
        ],
        5: [
            (P, S.PENUGASAN_KHUSUS, _("Penugasan khusus untuk mengembangkan kompetensi")),
            (E, S.COACHING, _("Bimbingan kinerja bersama atasan")),
        ],
        4: [
            (P, S.ROTASI, _("Rotasi ke unit atau tugas yang baru")),
            (E, S.KOMUNITAS_PRAKTIK, _("Ikut komunitas praktik bidang tugas")),
        ],
        3: [
            (P, S.JOB_ENRICHMENT, _("Penugasan yang sesuai dengan kompetensi")),
            (E, S.COACHING, _("Bimbingan kinerja bersama atasan")),
            (E, S.KONSELING, _("Konseling kinerja")),
        ],
        2: [
            (P, S.JOB_ENRICHMENT, _("Penugasan yang sesuai dengan kompetensi")),
            (E, S.COACHING, _("Bimbingan kinerja bersama atasan")),
        ],
        1: [(E, S.KONSELING, _("Konseling kinerja sesuai ketentuan disiplin dan kinerja"))],
    }
    return [_k(jenis, sub, nama, "kotak", alasan) for jenis, sub, nama in tabel.get(kotak, [])]


def idp_draf_susun(inputs: IdpInputs, *, mulai: dt.date) -> list[KegiatanDraf]:
    """The draft activities of one person's IDP for `inputs.tahun`, from `mulai` to 31 December.

    Order: the box's follow-up, coaching for low kinerja, the current post's competency gaps
    (largest first), the key posts' gaps, the JP shortfall, education. Planned hours are spread so
    that a plan with all three kinds is 70:20:10; training carries its JP."""
    kegiatan = _kotak_kegiatan(inputs.kotak) if inputs.kotak else []
    punya = {(k.jenis, k.sub_jenis) for k in kegiatan}

    if inputs.level_kinerja == "di_bawah" and (E, S.COACHING) not in punya:
        kegiatan.append(
            _k(
                E,
                S.COACHING,
                _("Bimbingan kinerja bersama atasan"),
                "kinerja",
                _("Kinerja di bawah ekspektasi"),
            )
        )

    gaps = sorted(inputs.kompetensi, key=lambda g: (-g.selisih, g.kompetensi))[:MAKS_GAP_KOMPETENSI]
    for gap in gaps:
        alasan = _("Level %(individu)s dari standar %(standar)s jabatan saat ini") % {
            "individu": gap.individu if gap.individu is not None else "—",
            "standar": gap.standar,
        }
        kegiatan.append(
            _k(
                P,
                S.PROYEK,
                _("Proyek untuk melatih %(k)s") % {"k": gap.kompetensi},
                "kompetensi",
                alasan,
                gap.kompetensi,
            )
        )
        if gap.selisih >= 2:
            kegiatan.append(
                _k(D, S.PELATIHAN_KLASIKAL, _("Pelatihan %(k)s") % {"k": gap.kompetensi}, "kompetensi", alasan,
                   gap.kompetensi, jp=16)
            )  # fmt: skip

    # Gaps to key posts, per competency: a candidate of many posts (a whole echelon's worth) gets one
    # mentoring activity per competency — the largest gap across the posts, naming them — and
    # at most MAKS_GAP_KOMPETENSI of them, not one per post.
    per_kompetensi: dict[str, list[GapKompetensi]] = {}
    for gap in inputs.jabatan_kunci:
        per_kompetensi.setdefault(gap.kompetensi, []).append(gap)
    terbesar = sorted(
        (max(daftar, key=lambda g: (g.selisih, g.jabatan)) for daftar in per_kompetensi.values()),
        key=lambda g: (-g.selisih, g.kompetensi),
    )[:MAKS_GAP_KOMPETENSI]
    for gap in terbesar:
        jabatan = sorted({g.jabatan for g in per_kompetensi[gap.kompetensi]})
        daftar_jabatan = ", ".join(jabatan[:2])
        if len(jabatan) > 2:
            daftar_jabatan = _("%(daftar)s dan %(n)s jabatan kunci lain") % {
                "daftar": daftar_jabatan,
                "n": len(jabatan) - 2,
            }
        alasan = _("Level %(individu)s dari standar %(standar)s jabatan kunci %(jabatan)s") % {
            "individu": gap.individu if gap.individu is not None else "—",
            "standar": gap.standar,
            "jabatan": daftar_jabatan,
        }
        # The name never names the key post: where the instansi hides candidacies from ASN, the
        # ASN's own pages mask the reason (which names it), and the name is shown everywhere.
        kegiatan.append(
            _k(E, S.MENTORING, _("Mentoring %(k)s") % {"k": gap.kompetensi}, "jabatan_kunci", alasan[:300],
               gap.kompetensi)
        )  # fmt: skip

    jp_dari_rencana = sum(k.jam_pelajaran or 0 for k in kegiatan)
    kurang_jp = inputs.target_jp - inputs.jp_tahun - jp_dari_rencana
    if kurang_jp > 0:
        kegiatan.append(
            _k(D, S.E_LEARNING, _("Pelatihan teknis bidang tugas (%(jp)s JP)") % {"jp": kurang_jp}, "jp",
               _("%(punya)s dari %(target)s JP tahun %(tahun)s") % {
                   "punya": inputs.jp_tahun, "target": inputs.target_jp, "tahun": inputs.tahun},
               jp=kurang_jp)
        )  # fmt: skip

    if inputs.pendidikan_minimum and PENDIDIKAN_PERINGKAT.get(
        inputs.pendidikan or "", 0
    ) < PENDIDIKAN_PERINGKAT.get(inputs.pendidikan_minimum, 0):
        perlu = PENDIDIKAN_LABEL.get(inputs.pendidikan_minimum, inputs.pendidikan_minimum)
        kegiatan.append(
            _k(D, S.TUGAS_BELAJAR, _("Tugas belajar atau izin belajar ke jenjang %(j)s") % {"j": perlu}, "pendidikan",
               _("Pendidikan %(punya)s; %(untuk)s memerlukan %(perlu)s") % {
                   "punya": PENDIDIKAN_LABEL.get(inputs.pendidikan or "", _("belum tercatat")),
                   "untuk": inputs.pendidikan_untuk or _("jabatan"), "perlu": perlu})
        )  # fmt: skip

    _jam_bagikan(kegiatan)
    selesai = dt.date(inputs.tahun, 12, 31)
    mulai = max(mulai, dt.date(inputs.tahun, 1, 1))
    if mulai > selesai:
        mulai = selesai
    for k in kegiatan:
        k.tanggal_mulai, k.tanggal_selesai = mulai, selesai
    return kegiatan


def _jam_bagikan(kegiatan: list[KegiatanDraf]) -> None:
    """Planned hours: training keeps its JP; a long study assignment counts as 10 % of the plan;
    the rest is spread so each kind present takes its 70:20:10 share of the total."""
    formal = [k for k in kegiatan if k.jenis == D]
    jam_formal = sum(k.jam_pelajaran or 0 for k in formal)
    total = max(jam_formal * 100 // PORSI_702010[D], JAM_DASAR)
    for k in formal:
        k.perkiraan_jam = k.jam_pelajaran or max(total * PORSI_702010[D] // 100, 1)
    for jenis in (P, E):
        daftar = [k for k in kegiatan if k.jenis == jenis]
        if not daftar:
            continue
        bagian = total * PORSI_702010[jenis] // 100
        for i, k in enumerate(daftar):
            k.perkiraan_jam = bagian // len(daftar) + (1 if i < bagian % len(daftar) else 0)


# --- the 70:20:10 check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Porsi:
    jam: dict[str, int]
    persen: dict[str, int] = field(default_factory=dict)  # rounded shares of the planned hours
    selisih: dict[str, int] = field(default_factory=dict)  # share minus target, percentage points
    jauh: bool = False

    @property
    def teks(self) -> str:
        return ":".join(str(self.persen.get(j, 0)) for j in (P, E, D))

    @property
    def pesan(self) -> str:
        """One sentence for the warning: what is too little and too much."""
        if not self.jauh:
            return ""
        bagian = []
        for jenis in (P, E, D):
            s = self.selisih.get(jenis, 0)
            if s:
                nama = JenisKegiatan(jenis).label
                bagian.append(
                    (_("%(nama)s kurang %(n)s poin") if s < 0 else _("%(nama)s lebih %(n)s poin"))
                    % {"nama": nama, "n": abs(s)}
                )
        return _("Porsi rencana %(porsi)s jauh dari 70:20:10: %(rincian)s.") % {
            "porsi": self.teks,
            "rincian": "; ".join(bagian),
        }


def porsi_periksa(jam_per_jenis: dict[str, int], *, toleransi: int) -> Porsi:
    """Shares of the planned hours per kind; `jauh` when one kind is more than `toleransi`
    percentage points off its target. A plan without hours is not judged."""
    jam = {jenis: int(jam_per_jenis.get(jenis, 0) or 0) for jenis in (P, E, D)}
    total = sum(jam.values())
    if total <= 0:
        return Porsi(jam=jam)
    persen = {jenis: round(jam[jenis] * 100 / total) for jenis in jam}
    selisih = {jenis: persen[jenis] - PORSI_702010[jenis] for jenis in jam}
    return Porsi(
        jam=jam, persen=persen, selisih=selisih, jauh=any(abs(s) > toleransi for s in selisih.values())
    )
