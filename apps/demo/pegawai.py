"""Demo pegawai for `make demo`: realistic ASN of real Kalimantan governments.

Every pegawai, riwayat, document and verification goes through the services, so the audit trail
and the completeness rows exist exactly as in production. Generation is deterministic: pegawai
number i of an instansi comes from its own random generator seeded with the instansi code and i,
and every generated date lies before REFERENSI, so a second run (on any later day, with any
`jumlah`) produces the same people and creates nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.core.roles import Role
from apps.instansi.models import Instansi, Membership, UnitKerja
from apps.pegawai.models import (
    HukumanDisiplin,
    Organisasi,
    Pegawai,
    Penghargaan,
    Riwayat,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikat,
    SkTimKerja,
)
from apps.pegawai.referensi import JenisJabatan, JenjangFungsional, JenjangPendidikan, StatusKepegawaian
from apps.pegawai.services import (
    dokumen_store,
    pegawai_create,
    riwayat_approve,
    riwayat_create,
    riwayat_reject,
)
from apps.pegawai.services_akun import pegawai_akun_set

if TYPE_CHECKING:
    from apps.accounts.models import User

# Every generated date is on or before this day.
REFERENSI = dt.date(2026, 1, 1)

# The demo ASN login of Kota Palangka Raya (apps/demo/instansi.py) and the pegawai it belongs to.
ASN_DEMO_INSTANSI = "6271"
ASN_DEMO_USERNAME = "asn"
ASN_DEMO_NIP = "199003152015032002"

S = StatusKepegawaian
J = JenisJabatan
F = JenjangFungsional
P = JenjangPendidikan

# --- reference lists ---------------------------------------------------------------------------------

# First names of two naming traditions common in Kalimantan; one person's names come from one of them.
NAMA_DEPAN = {
    "L": [
        ["Ahmad", "Muhammad", "Agus", "Budi", "Hendra", "Rudi", "Dedi", "Fajar", "Rizky", "Arif", "Eko",
         "Herman", "Rahmat", "Andi", "Ikhsan", "Syahrul", "Dimas", "Hadi", "Ardiansyah", "Riduan", "Yusran",
         "Taufik", "Bayu", "Wahyu", "Gusti", "Anang"],
        ["Yohanes", "Markus", "Yulius", "Fransiskus", "Antonius", "Petrus", "Stefanus", "Kristian", "Agustinus"],
    ],
    "P": [
        ["Siti", "Nur", "Dewi", "Rina", "Sri", "Fitri", "Ratna", "Wulan", "Desy", "Herlina", "Novita", "Indah",
         "Ayu", "Rahmah", "Nurul", "Dina", "Eka", "Kartika", "Melati", "Hasanah", "Rosmawati", "Yanti", "Galuh",
         "Norhayati"],
        ["Maria", "Yuliana", "Lusiana", "Elisabeth", "Veronika", "Mariati", "Theresia", "Agnes", "Natalia"],
    ],
}  # fmt: skip
NAMA_BELAKANG = {
    "L": ["Saputra", "Pratama", "Hidayat", "Rahman", "Kurniawan", "Setiawan", "Nugroho", "Wibowo",
          "Syahputra", "Firmansyah", "Ramadhan", "Santoso", "Gunawan", "Hakim", "Effendi"],
    "P": ["Lestari", "Handayani", "Sari", "Anggraini", "Rahmawati", "Wulandari", "Puspitasari", "Susanti",
          "Oktaviani", "Marlina", "Fitriani", "Purnamasari", "Hartati", "Yuliani", "Safitri"],
}  # fmt: skip

# Local places and schools per province (Kemendagri code of the province).
DAERAH = {
    "62": {
        "kota": [
            "Palangka Raya",
            "Sampit",
            "Kuala Kapuas",
            "Pangkalan Bun",
            "Muara Teweh",
            "Buntok",
            "Kasongan",
        ],
        "kampus": [
            "Universitas Palangka Raya",
            "Universitas Muhammadiyah Palangka Raya",
            "Poltekkes Kemenkes Palangka Raya",
            "Universitas Lambung Mangkurat",
        ],
        "jalan": ["Jl. Tjilik Riwut", "Jl. RTA Milono", "Jl. G. Obos", "Jl. Yos Sudarso", "Jl. Ahmad Yani"],
    },
    "64": {
        "kota": ["Tenggarong", "Samarinda", "Balikpapan", "Bontang", "Sangatta", "Tanah Grogot"],
        "kampus": [
            "Universitas Mulawarman",
            "Universitas Kutai Kartanegara",
            "Poltekkes Kemenkes Kalimantan Timur",
            "Politeknik Negeri Samarinda",
        ],
        "jalan": [
            "Jl. Jenderal Sudirman",
            "Jl. Diponegoro",
            "Jl. Ahmad Yani",
            "Jl. Gajah Mada",
            "Jl. Pahlawan",
        ],
    },
    "61": {
        "kota": ["Pontianak", "Singkawang", "Sambas", "Ketapang", "Sanggau", "Sintang", "Mempawah"],
        "kampus": [
            "Universitas Tanjungpura",
            "IKIP PGRI Pontianak",
            "Universitas Muhammadiyah Pontianak",
            "Poltekkes Kemenkes Pontianak",
        ],
        "jalan": [
            "Jl. Ahmad Yani",
            "Jl. Gajah Mada",
            "Jl. Imam Bonjol",
            "Jl. Tanjungpura",
            "Jl. Sultan Abdurrahman",
        ],
    },
}
KAMPUS_NASIONAL = [
    "Universitas Gadjah Mada",
    "Universitas Brawijaya",
    "Universitas Airlangga",
    "Universitas Terbuka",
]


@dataclass(frozen=True)
class Fungsional:
    nama: str
    jenjang: tuple[str, ...]  # possible jenjang, most common first
    pendidikan: str
    gelar: tuple[str, ...]
    jurusan: str
    perempuan: float = 0.5  # share of women
    bobot: int = 1  # how common, relative to the other positions of the same field


# Functional positions per field of the perangkat daerah (matched on its name).
FUNGSIONAL: dict[str, list[Fungsional]] = {
    "Pendidikan": [
        Fungsional("Guru", (F.AHLI_PERTAMA, F.AHLI_MUDA, F.AHLI_MADYA), P.S1, ("S.Pd.",), "Pendidikan", 0.65, 10),
        Fungsional("Guru", (F.AHLI_MUDA, F.AHLI_MADYA), P.S2, ("S.Pd., M.Pd.",), "Pendidikan", 0.6, 2),
        Fungsional("Pengawas Sekolah", (F.AHLI_MUDA, F.AHLI_MADYA), P.S2, ("S.Pd., M.Pd.",), "Manajemen Pendidikan"),
    ],
    "Kesehatan": [
        Fungsional("Perawat", (F.TERAMPIL, F.MAHIR, F.PENYELIA), P.D3, ("A.Md.Kep.",), "Keperawatan", 0.7, 5),
        Fungsional("Perawat", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.Kep., Ners",), "Ilmu Keperawatan", 0.7, 3),
        Fungsional("Bidan", (F.TERAMPIL, F.MAHIR), P.D3, ("A.Md.Keb.",), "Kebidanan", 1.0, 3),
        Fungsional("Dokter", (F.AHLI_PERTAMA, F.AHLI_MUDA, F.AHLI_MADYA), P.S1, ("",), "Pendidikan Dokter"),
        Fungsional("Apoteker", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.Farm.",), "Farmasi", 0.6),
    ],
    "Kepegawaian": [
        Fungsional("Analis Sumber Daya Manusia Aparatur", (F.AHLI_PERTAMA, F.AHLI_MUDA, F.AHLI_MADYA), P.S1,
                   ("S.Psi.", "S.Sos.", "S.AP."), "Administrasi Publik", 0.5, 3),
        Fungsional("Pranata Sumber Daya Manusia Aparatur", (F.TERAMPIL, F.MAHIR), P.D3, ("A.Md.",),
                   "Administrasi Perkantoran", 0.5, 2),
        Fungsional("Asesor Sumber Daya Manusia Aparatur", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.Psi.",),
                   "Psikologi"),
    ],
    "Inspektorat": [
        Fungsional("Auditor", (F.AHLI_PERTAMA, F.AHLI_MUDA, F.AHLI_MADYA), P.S1, ("S.E.", "S.Ak."), "Akuntansi",
                   0.5, 3),
        Fungsional("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1,
                   ("S.H.", "S.IP."), "Ilmu Pemerintahan"),
    ],
    "Perencanaan": [
        Fungsional("Perencana", (F.AHLI_PERTAMA, F.AHLI_MUDA, F.AHLI_MADYA), P.S1, ("S.E.", "S.T.", "S.P."),
                   "Ekonomi", 0.5, 3),
        Fungsional("Statistisi", (F.AHLI_PERTAMA,), P.S1, ("S.Si.", "S.Stat."), "Statistika"),
    ],
    "Pekerjaan Umum": [
        Fungsional("Teknik Jalan dan Jembatan", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.T.",), "Teknik Sipil",
                   0.25, 3),
        Fungsional("Penata Ruang", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.T.", "S.PWK."), "Perencanaan Wilayah"),
    ],
    "": [
        Fungsional("Analis Kebijakan", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.Sos.", "S.IP."), "Ilmu Administrasi"),
        Fungsional("Pranata Komputer", (F.AHLI_PERTAMA, F.AHLI_MUDA), P.S1, ("S.Kom.",), "Teknik Informatika"),
        Fungsional("Arsiparis", (F.TERAMPIL, F.AHLI_PERTAMA), P.D3, ("A.Md.",), "Kearsipan"),
    ],
}  # fmt: skip
# Pelaksana positions (KepmenPANRB 11/2024 nomenclature): (nama, pendidikan, gelar, jurusan).
PELAKSANA = [
    ("Penata Layanan Operasional", P.S1, ("S.E.", "S.Sos.", "S.AP.", "S.H."), "Ilmu Administrasi Negara"),
    ("Pengolah Data dan Informasi", P.S1, ("S.Kom.", "S.Si."), "Sistem Informasi"),
    ("Pengadministrasi Perkantoran", P.SMA, ("",), "IPS"),
    ("Operator Layanan Operasional", P.SMA, ("",), "IPA"),
    ("Pengelola Layanan Operasional", P.D3, ("A.Md.",), "Administrasi Bisnis"),
]
PELAKSANA_PARUH_WAKTU = [
    ("Operator Layanan Operasional", P.SMA, ("",), "IPS"),
    ("Pengelola Umum Operasional", P.SMA, ("",), "IPA"),
    ("Penata Layanan Operasional", P.S1, ("S.E.", "S.Sos."), "Manajemen"),
]
# PNS golongan by jenjang fungsional, jabatan and education (golongan mostly III).
GOLONGAN_JENJANG = {
    F.AHLI_PERTAMA: ["III/a", "III/b"],
    F.AHLI_MUDA: ["III/c", "III/d"],
    F.AHLI_MADYA: ["IV/a", "IV/b", "IV/c"],
    F.PEMULA: ["II/a"],
    F.TERAMPIL: ["II/c", "II/d", "III/a"],
    F.MAHIR: ["III/a", "III/b"],
    F.PENYELIA: ["III/c", "III/d"],
}
GOLONGAN_MANAJERIAL = {
    J.JPT_PRATAMA: ["IV/c", "IV/d"],
    J.ADMINISTRATOR: ["III/d", "IV/a", "IV/b"],
    J.PENGAWAS: ["III/c", "III/d"],
}
GOLONGAN_PELAKSANA = {P.SMA: ["II/a", "II/b", "II/c", "II/d"], P.D3: ["II/c", "II/d", "III/a"]}
GOLONGAN_PELAKSANA_S1 = ["III/a", "III/b", "III/c", "III/d"]
# PPPK grade by jenjang / education (Perpres 98/2020).
GRADE_PPPK = {F.AHLI_PERTAMA: "IX", F.AHLI_MUDA: "X", F.AHLI_MADYA: "XI", F.TERAMPIL: "VII", F.MAHIR: "VIII"}
GRADE_PPPK_PENDIDIKAN = {P.SMA: "V", P.D3: "VII", P.S1: "IX", P.S2: "X"}

ALASAN_PENOLAKAN = [
    "Dokumen yang diunggah tidak terbaca; unggah ulang hasil pindaian yang jelas.",
    "Nomor pada isian berbeda dengan nomor pada dokumen pendukung.",
    "Tanggal pada isian tidak sesuai dengan dokumen pendukung.",
    "Dokumen pendukung belum dilegalisasi oleh pejabat yang berwenang.",
]
HUKUMAN = [
    (HukumanDisiplin.Tingkat.RINGAN, "Teguran tertulis"),
    (HukumanDisiplin.Tingkat.SEDANG, "Pemotongan tunjangan kinerja sebesar 25% selama 6 bulan"),
    (HukumanDisiplin.Tingkat.RINGAN, "Pernyataan tidak puas secara tertulis"),
    (HukumanDisiplin.Tingkat.BERAT, "Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
]
# Verification scenarios cycle through the pegawai, so even a small demo has every state.
SKENARIO = ["lengkap", "menunggu", "lengkap", "ditolak", "lengkap", "tanpa_dokumen", "lengkap", "baru", "lengkap", "menunggu"]  # fmt: skip
# Every HEAD_EVERY-th pegawai heads a unit (while units without a head remain).
HEAD_EVERY = 6
HUKUMAN_EVERY = 50


# --- specification of one pegawai ----------------------------------------------------------------------


@dataclass
class RiwayatRencana:
    model: type[Riwayat]
    data: dict[str, Any]
    berkas: str  # file name of the supporting document ("" = none)


@dataclass
class PegawaiRencana:
    profil: dict[str, Any]
    riwayat: list[RiwayatRencana] = field(default_factory=list)
    skenario: str = "lengkap"
    hukuman: tuple[str, str] | None = None


def _rumpun(unit: UnitKerja | None, perangkat_daerah: dict[int, UnitKerja]) -> str:
    pd = perangkat_daerah.get(unit.pk) if unit else None
    nama = pd.nama if pd else ""
    for key in FUNGSIONAL:
        if key and key in nama:
            return key
    return ""


def _jabatan_kepala(unit: UnitKerja) -> tuple[str, str]:
    jenis = {
        UnitKerja.Jenis.PERANGKAT_DAERAH: J.JPT_PRATAMA,
        UnitKerja.Jenis.BIDANG: J.ADMINISTRATOR,
        UnitKerja.Jenis.SEKSI: J.PENGAWAS,
    }[unit.jenis]
    if unit.nama.startswith("Inspektur"):
        return jenis, unit.nama
    if unit.nama.startswith("Inspektorat"):
        return jenis, "Inspektur"
    return jenis, f"Kepala {unit.nama}"[:200]


def _tanggal(rng: random.Random, awal: dt.date, akhir: dt.date) -> dt.date:
    if akhir <= awal:
        return awal
    return awal + dt.timedelta(days=rng.randint(0, (akhir - awal).days))


def _bulan(rng: random.Random, awal: dt.date, akhir: dt.date) -> dt.date:
    """First day of a month between the two dates."""
    tanggal = _tanggal(rng, awal, akhir)
    return tanggal.replace(day=1)


def _nama(rng: random.Random, kelamin: str) -> str:
    depan = rng.choices(NAMA_DEPAN[kelamin], weights=[4, 1])[0]
    bagian = [rng.choice(depan)]
    if rng.random() < 0.3:
        bagian.append(rng.choice([n for n in depan if n != bagian[0]]))
    bagian.append(rng.choice(NAMA_BELAKANG[kelamin]))
    return " ".join(bagian)


def _kontak(rng: random.Random, nama: str, i: int, jalan: list[str], kota: str) -> dict[str, str]:
    slug = ".".join(nama.lower().split()[:2])
    email = f"{slug}{i}@example.com" if rng.random() < 0.85 else ""
    telepon = f"08{rng.choice(['11', '12', '13', '21', '52', '53'])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    if rng.random() < 0.1:
        telepon = ""
    alamat = f"{rng.choice(jalan)} No. {rng.randint(1, 150)}, {kota}"
    return {"email": email, "telepon": telepon, "alamat": alamat}


def _pendidikan(
    rng: random.Random, jenjang: str, jurusan: str, lahir: dt.date, daerah: dict, kota: str
) -> RiwayatRencana:
    umur = {P.SMA: 18, P.D3: 21, P.D4: 22, P.S1: 22, P.S2: 27, P.S3: 33}.get(jenjang, 22) + rng.randint(0, 2)
    tahun = min(lahir.year + umur, REFERENSI.year - 1)
    if jenjang == P.SMA:
        institusi = f"SMA Negeri {rng.randint(1, 4)} {kota}"
        jurusan_isi = jurusan
    else:
        institusi = rng.choice(daerah["kampus"] + (KAMPUS_NASIONAL if jenjang == P.S2 else []))
        jurusan_isi = jurusan
    return RiwayatRencana(
        RiwayatPendidikan,
        {
            "jenjang": jenjang,
            "jurusan": jurusan_isi,
            "institusi": institusi,
            "tahun_lulus": tahun,
            "nomor_ijazah": f"{rng.randint(10, 99)}/{jenjang.upper()}/{tahun}/{rng.randint(1000, 99999)}",
        },
        f"ijazah-{jenjang}.pdf",
    )


def _rencana(
    *,
    instansi: Instansi,
    i: int,
    kepala: UnitKerja | None,
    units: list[UnitKerja],
    perangkat_daerah: dict[int, UnitKerja],
) -> PegawaiRencana:
    """Pegawai number i of the instansi (pure: same arguments, same result)."""
    rng = random.Random(f"talenta-demo:{instansi.kode}:{i}")  # noqa: S311 - demo data, not secrets
    daerah = DAERAH.get(instansi.provinsi.kode, DAERAH["62"])
    kota = rng.choice(daerah["kota"])
    penyelenggara_daerah = f"BPSDM Provinsi {instansi.provinsi.nama}"

    # --- status and position
    if kepala is not None:
        status = S.PNS
    else:
        # Heads of units (one pegawai in HEAD_EVERY) are PNS; these weights bring the whole
        # instansi to ~70% PNS, 3% CPNS, 25% PPPK, 2% PPPK paruh waktu.
        status = rng.choices([S.PNS, S.CPNS, S.PPPK, S.PPPK_PARUH_WAKTU], weights=[64, 3.6, 30, 2.4])[0]
    if kepala is not None:
        unit = kepala
        jenis_jabatan, nama_jabatan = _jabatan_kepala(kepala)
        jenjang = ""
        pendidikan = P.S2 if jenis_jabatan != J.PENGAWAS or rng.random() < 0.3 else P.S1
        gelar_belakang = rng.choice(
            ["S.Sos., M.Si.", "S.E., M.M.", "S.T., M.T.", "S.H., M.H.", "S.Pd., M.Pd."]
        )
        if pendidikan == P.S1:
            gelar_belakang = gelar_belakang.split(",")[0]
        jurusan = "Ilmu Administrasi" if pendidikan == P.S2 else "Ilmu Pemerintahan"
        perempuan = 0.35
    else:
        # Teachers and health workers dominate a Pemda's workforce.
        weights = [{"Pendidikan": 35, "Kesehatan": 25}.get(_rumpun(u, perangkat_daerah), 6) for u in units]
        unit = rng.choices(units, weights=weights)[0] if units else None
        rumpun = _rumpun(unit, perangkat_daerah)
        if status == S.PPPK_PARUH_WAKTU:
            fungsional_share = 0.0
        elif status == S.PPPK:
            fungsional_share = 0.72
        else:
            fungsional_share = 0.63
        if rng.random() < fungsional_share:
            pilihan_jf = FUNGSIONAL[rumpun]
            jf = rng.choices(pilihan_jf, weights=[f.bobot for f in pilihan_jf])[0]
            jenis_jabatan, nama_jabatan = J.FUNGSIONAL, jf.nama
            bobot = [5, 3, 2][: len(jf.jenjang)]
            jenjang = rng.choices(list(jf.jenjang), weights=bobot)[0]
            if status in (S.CPNS, S.PPPK):
                jenjang = jf.jenjang[0]
            pendidikan, gelar_belakang, jurusan, perempuan = (
                jf.pendidikan,
                rng.choice(jf.gelar),
                jf.jurusan,
                jf.perempuan,
            )
        else:
            pilihan = PELAKSANA_PARUH_WAKTU if status == S.PPPK_PARUH_WAKTU else PELAKSANA
            nama_jabatan, pendidikan, gelar, jurusan = rng.choice(pilihan)
            jenis_jabatan, jenjang, gelar_belakang, perempuan = J.PELAKSANA, "", rng.choice(gelar), 0.5
    kelamin = "P" if rng.random() < perempuan else "L"
    gelar_depan = ""
    if nama_jabatan == "Dokter":
        gelar_depan, gelar_belakang = "dr.", ""
    elif kepala is not None and rng.random() < 0.1:
        gelar_depan = "Dr."

    # --- birth date and NIP / NI PPPK
    if status == S.CPNS:
        lahir = _tanggal(rng, dt.date(1993, 1, 1), dt.date(2001, 12, 31))
        tmt_cpns = dt.date(2025, rng.choice([3, 4, 6, 10]), 1)
    elif status == S.PNS:
        if jenis_jabatan == J.JPT_PRATAMA:
            lahir = _tanggal(rng, dt.date(1968, 1, 1), dt.date(1977, 12, 31))
        elif jenis_jabatan in (J.ADMINISTRATOR, J.PENGAWAS):
            lahir = _tanggal(rng, dt.date(1970, 1, 1), dt.date(1986, 12, 31))
        else:
            lahir = _tanggal(rng, dt.date(1970, 1, 1), dt.date(1997, 12, 31))
        awal = dt.date(max(lahir.year + 22, 1994), 1, 1)
        akhir = dt.date(min(lahir.year + 33, 2024), 12, 1)
        tmt_cpns = _bulan(rng, awal, max(awal, akhir))
    else:
        lahir = _tanggal(rng, dt.date(1975, 1, 1), dt.date(2000, 12, 31))
        tmt_cpns = None
    if status in (S.PPPK, S.PPPK_PARUH_WAKTU):
        tahun_pppk = 2025 if status == S.PPPK_PARUH_WAKTU else rng.choice([2021, 2022, 2023, 2024])
        perjanjian = 2 if tahun_pppk <= 2021 and rng.random() < 0.5 else 1
        kepala_nip = f"{lahir:%Y%m%d}{tahun_pppk:04d}{perjanjian:02d}"
    else:
        tahun_pppk = None
        kepala_nip = f"{lahir:%Y%m%d}{tmt_cpns:%Y%m}"
    nip = f"{kepala_nip}{'1' if kelamin == 'L' else '2'}{rng.randint(1, 999):03d}"

    # --- golongan, TMTs
    if status == S.PPPK_PARUH_WAKTU:
        golongan, tmt_golongan = "", None
    elif status == S.PPPK:
        golongan = GRADE_PPPK.get(jenjang) or GRADE_PPPK_PENDIDIKAN.get(pendidikan, "IX")
        tmt_golongan = dt.date(tahun_pppk, 3, 1)
    elif status == S.CPNS:
        golongan = {P.SMA: "II/a", P.D3: "II/c"}.get(pendidikan, "III/a")
        tmt_golongan = tmt_cpns
    else:
        if jenis_jabatan in GOLONGAN_MANAJERIAL:
            golongan = rng.choice(GOLONGAN_MANAJERIAL[jenis_jabatan])
        elif jenjang:
            golongan = rng.choice(GOLONGAN_JENJANG[jenjang])
        else:
            golongan = rng.choice(GOLONGAN_PELAKSANA.get(pendidikan, GOLONGAN_PELAKSANA_S1))
        tmt_golongan = max(tmt_cpns, dt.date(REFERENSI.year - rng.randint(1, 4), rng.choice([4, 10]), 1))
    if tmt_cpns is not None:
        tmt_jabatan = tmt_cpns if status == S.CPNS else _bulan(rng, tmt_cpns, dt.date(2025, 12, 1))
    else:
        tmt_jabatan = dt.date(tahun_pppk, rng.choice([1, 3, 10]), 1)
    if rng.random() < 0.05:
        tmt_jabatan = None  # a gap the completeness check reports
    pendidikan_terakhir = pendidikan if rng.random() > 0.03 else ""

    nama = _nama(rng, kelamin)
    profil = {
        "nip": nip,
        "gelar_depan": gelar_depan,
        "nama": nama,
        "gelar_belakang": gelar_belakang,
        "tempat_lahir": rng.choice(daerah["kota"] + ["Banjarmasin", "Yogyakarta", "Surabaya"]),
        "tanggal_lahir": lahir,
        "jenis_kelamin": kelamin,
        "status_kepegawaian": status,
        "golongan": golongan,
        "tmt_golongan": tmt_golongan,
        "jenis_jabatan": jenis_jabatan,
        "nama_jabatan": nama_jabatan,
        "jenjang_fungsional": jenjang,
        "unit_kerja": unit,
        "tmt_jabatan": tmt_jabatan,
        "pendidikan_terakhir": pendidikan_terakhir,
        **_kontak(rng, nama, i, daerah["jalan"], kota),
    }
    rencana = PegawaiRencana(profil=profil, skenario=SKENARIO[i % len(SKENARIO)])

    # --- portfolio
    rencana.riwayat.append(_pendidikan(rng, pendidikan, jurusan, lahir, daerah, kota))
    if pendidikan == P.S2 and rng.random() < 0.6:
        rencana.riwayat.append(_pendidikan(rng, P.S1, jurusan, lahir, daerah, kota))
    unit_teks = f"{unit.nama}, {instansi.nama}" if unit else instansi.nama
    mulai_jabatan = tmt_jabatan or tmt_cpns or dt.date(tahun_pppk, 3, 1)
    rencana.riwayat.append(
        RiwayatRencana(
            RiwayatJabatan,
            {
                "jenis_jabatan": jenis_jabatan,
                "jenjang_fungsional": jenjang,
                "nama_jabatan": nama_jabatan,
                "unit": unit_teks[:200],
                "tmt_mulai": mulai_jabatan,
                "tmt_selesai": None,
                "nomor_sk": f"821.2/{rng.randint(10, 999)}/BKPSDM/{mulai_jabatan.year}",
            },
            "sk-jabatan.pdf",
        )
    )
    masa_kerja = (REFERENSI - tmt_cpns).days // 365 if tmt_cpns else 0
    if tmt_cpns and mulai_jabatan > tmt_cpns and rng.random() < 0.6:
        rencana.riwayat.append(
            RiwayatRencana(
                RiwayatJabatan,
                {
                    "jenis_jabatan": J.PELAKSANA,
                    "nama_jabatan": rng.choice(PELAKSANA)[0],
                    "unit": unit_teks[:200],
                    "tmt_mulai": tmt_cpns,
                    "tmt_selesai": mulai_jabatan - dt.timedelta(days=1),
                    "nomor_sk": f"813.3/{rng.randint(10, 999)}/BKPSDM/{tmt_cpns.year}",
                },
                "sk-jabatan-lama.pdf",
            )
        )
    if status in (S.PNS, S.CPNS) and tmt_cpns.year >= 2014:
        mulai = tmt_cpns + dt.timedelta(days=rng.randint(60, 300))
        if mulai < REFERENSI - dt.timedelta(days=60):
            rencana.riwayat.append(
                RiwayatRencana(
                    RiwayatDiklat,
                    {
                        "jenis": RiwayatDiklat.Jenis.STRUKTURAL,
                        "nama": "Pelatihan Dasar CPNS",
                        "penyelenggara": penyelenggara_daerah,
                        "tanggal_mulai": mulai,
                        "tanggal_selesai": mulai + dt.timedelta(days=50),
                        "jam_pelajaran": 240,
                        "nomor_sertifikat": f"LATSAR/{mulai.year}/{rng.randint(100, 9999)}",
                    },
                    "sttpl-latsar.pdf",
                )
            )
    if jenis_jabatan in (J.PENGAWAS, J.ADMINISTRATOR):
        nama_pk = (
            "Pelatihan Kepemimpinan Pengawas"
            if jenis_jabatan == J.PENGAWAS
            else "Pelatihan Kepemimpinan Administrator"
        )
        mulai = _tanggal(rng, dt.date(2018, 1, 1), dt.date(2025, 6, 30))
        rencana.riwayat.append(
            RiwayatRencana(
                RiwayatDiklat,
                {
                    "jenis": RiwayatDiklat.Jenis.STRUKTURAL,
                    "nama": nama_pk,
                    "penyelenggara": penyelenggara_daerah,
                    "tanggal_mulai": mulai,
                    "tanggal_selesai": mulai + dt.timedelta(days=90),
                    "jam_pelajaran": 385 if jenis_jabatan == J.PENGAWAS else 451,
                    "nomor_sertifikat": f"PK/{mulai.year}/{rng.randint(100, 9999)}",
                },
                "sertifikat-pelatihan-kepemimpinan.pdf",
            )
        )
    if status != S.CPNS and rng.random() < 0.75:
        dinkes = f"Dinas Kesehatan {instansi.wilayah.nama_lengkap}"
        teknis = {
            "Guru": ("Pelatihan Implementasi Kurikulum Merdeka", "Balai Guru Penggerak", 32),
            "Perawat": ("Pelatihan Basic Trauma Cardiac Life Support", dinkes, 50),
            "Bidan": ("Pelatihan Asuhan Persalinan Normal", dinkes, 60),
            "Auditor": ("Pelatihan Audit Kinerja", "Pusat Pendidikan dan Pelatihan Pengawasan BPKP", 40),
        }.get(
            nama_jabatan,
            ("Bimbingan Teknis Penyusunan Sasaran Kinerja Pegawai", penyelenggara_daerah, 24),
        )
        mulai = _tanggal(rng, max(mulai_jabatan, dt.date(2019, 1, 1)), dt.date(2025, 10, 31))
        rencana.riwayat.append(
            RiwayatRencana(
                RiwayatDiklat,
                {
                    "jenis": RiwayatDiklat.Jenis.TEKNIS if teknis[2] > 24 else RiwayatDiklat.Jenis.FUNGSIONAL,
                    "nama": teknis[0],
                    "penyelenggara": teknis[1],
                    "tanggal_mulai": mulai,
                    "tanggal_selesai": mulai + dt.timedelta(days=max(2, teknis[2] // 8)),
                    "jam_pelajaran": teknis[2],
                    "nomor_sertifikat": f"{rng.randint(100, 9999)}/DIKLAT/{mulai.year}",
                },
                rng.choice(["sertifikat-pelatihan.pdf", "sertifikat-pelatihan.png"]),
            )
        )
    sertifikat = {
        "Guru": ("Sertifikat Pendidik", "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi"),
        "Perawat": ("Surat Tanda Registrasi Perawat", "Konsil Kesehatan Indonesia"),
        "Bidan": ("Surat Tanda Registrasi Bidan", "Konsil Kesehatan Indonesia"),
        "Dokter": ("Surat Tanda Registrasi Dokter", "Konsil Kesehatan Indonesia"),
        "Auditor": ("Sertifikat Jabatan Fungsional Auditor", "Badan Pengawasan Keuangan dan Pembangunan"),
    }.get(nama_jabatan)
    if sertifikat is None and status != S.PPPK_PARUH_WAKTU and rng.random() < 0.2:
        sertifikat = ("Sertifikat Keahlian Pengadaan Barang/Jasa Tingkat Dasar", "LKPP")
    if sertifikat is not None and status != S.CPNS:
        terbit = _tanggal(rng, max(mulai_jabatan, dt.date(2015, 1, 1)), dt.date(2025, 11, 30))
        rencana.riwayat.append(
            RiwayatRencana(
                Sertifikat,
                {
                    "nama": sertifikat[0],
                    "penerbit": sertifikat[1],
                    "nomor": f"{rng.randint(10000000, 99999999)}",
                    "tanggal_terbit": terbit,
                    "berlaku_sampai": None,
                },
                "sertifikat.pdf",
            )
        )
    if masa_kerja >= 10:
        jenis, tahun = (
            (Penghargaan.Jenis.SATYALENCANA_XX, tmt_cpns.year + 20)
            if masa_kerja >= 20
            else (Penghargaan.Jenis.SATYALENCANA_X, tmt_cpns.year + 10)
        )
        tahun = min(tahun, REFERENSI.year - 1)
        rencana.riwayat.append(
            RiwayatRencana(
                Penghargaan,
                {
                    "jenis": jenis,
                    "nama": "",
                    "pemberi": "Presiden Republik Indonesia",
                    "tanggal": dt.date(tahun, 8, 17),
                    "nomor_sk": f"Keppres {rng.randint(10, 99)}/TK/{tahun}",
                },
                "keppres-satyalencana.pdf",
            )
        )
    if status != S.CPNS and rng.random() < 0.3:
        tanggal_sk = _tanggal(rng, dt.date(2022, 1, 1), dt.date(2025, 10, 31))
        rencana.riwayat.append(
            RiwayatRencana(
                SkTimKerja,
                {
                    "nama_tim": rng.choice(
                        [
                            "Tim Percepatan Penurunan Stunting",
                            "Tim Penyusun Rencana Strategis",
                            "Tim Reformasi Birokrasi",
                            "Tim Pengelola Sistem Pemerintahan Berbasis Elektronik",
                        ]
                    ),
                    "peran": rng.choice(["Anggota", "Sekretaris", "Anggota"]),
                    "nomor_sk": f"100.3.3/{rng.randint(10, 999)}/{tanggal_sk.year}",
                    "tanggal_sk": tanggal_sk,
                },
                "sk-tim.pdf",
            )
        )
    if rng.random() < 0.4:
        organisasi = {
            "Guru": "Persatuan Guru Republik Indonesia (PGRI)",
            "Perawat": "Persatuan Perawat Nasional Indonesia (PPNI)",
            "Bidan": "Ikatan Bidan Indonesia (IBI)",
            "Dokter": "Ikatan Dokter Indonesia (IDI)",
        }.get(nama_jabatan, "Korps Pegawai Republik Indonesia (KORPRI)")
        rencana.riwayat.append(
            RiwayatRencana(
                Organisasi,
                {
                    "nama": organisasi,
                    "jabatan": rng.choice(["Anggota", "Anggota", "Bendahara", "Sekretaris"]),
                    "tanggal_mulai": mulai_jabatan,
                    "tanggal_selesai": None,
                },
                "kartu-anggota.png",
            )
        )
    if i % HUKUMAN_EVERY == HUKUMAN_EVERY // 2:
        rencana.hukuman = HUKUMAN[(i // HUKUMAN_EVERY) % len(HUKUMAN)]
    return rencana


def _rencana_asn_demo(*, instansi: Instansi, units: list[UnitKerja]) -> PegawaiRencana:
    """The pegawai behind the demo "asn" login: a guru with an item in every verification state."""
    unit = next((u for u in units if u.nama.split()[-1] == "Pendidik"), None) or next(
        (u for u in units if "Pendidikan" in u.nama), None
    )
    profil = {
        "nip": ASN_DEMO_NIP,
        "gelar_depan": "",
        "nama": "Siti Rahmawati",
        "gelar_belakang": "S.Pd.",
        "tempat_lahir": "Palangka Raya",
        "tanggal_lahir": dt.date(1990, 3, 15),
        "jenis_kelamin": "P",
        "status_kepegawaian": S.PNS,
        "golongan": "III/c",
        "tmt_golongan": dt.date(2023, 4, 1),
        "jenis_jabatan": J.FUNGSIONAL,
        "nama_jabatan": "Guru",
        "jenjang_fungsional": F.AHLI_MUDA,
        "unit_kerja": unit,
        "tmt_jabatan": dt.date(2021, 1, 1),
        "pendidikan_terakhir": P.S1,
        "email": "siti.rahmawati@example.com",
        "telepon": "0813-4921-5530",
        "alamat": "Jl. RTA Milono Km 2 No. 17, Palangka Raya",
    }
    unit_teks = f"{unit.nama}, {instansi.nama}" if unit else instansi.nama
    riwayat = [
        RiwayatRencana(
            RiwayatPendidikan,
            {
                "jenjang": P.S1,
                "jurusan": "Pendidikan Bahasa Indonesia",
                "institusi": "Universitas Palangka Raya",
                "tahun_lulus": 2012,
                "nomor_ijazah": "UPR/FKIP/2012/04417",
            },
            "ijazah-s1.pdf",
        ),
        RiwayatRencana(
            RiwayatJabatan,
            {
                "jenis_jabatan": J.FUNGSIONAL,
                "jenjang_fungsional": F.AHLI_MUDA,
                "nama_jabatan": "Guru Ahli Muda",
                "unit": unit_teks[:200],
                "tmt_mulai": dt.date(2021, 1, 1),
                "tmt_selesai": None,
                "nomor_sk": "821.2/112/BKPSDM/2021",
            },
            "sk-jabatan.pdf",
        ),
        RiwayatRencana(
            RiwayatDiklat,
            {
                "jenis": RiwayatDiklat.Jenis.STRUKTURAL,
                "nama": "Pelatihan Dasar CPNS",
                "penyelenggara": "BPSDM Provinsi Kalimantan Tengah",
                "tanggal_mulai": dt.date(2015, 9, 1),
                "tanggal_selesai": dt.date(2015, 10, 20),
                "jam_pelajaran": 240,
                "nomor_sertifikat": "LATSAR/2015/0871",
            },
            "sttpl-latsar.pdf",
        ),
        RiwayatRencana(
            RiwayatDiklat,
            {
                "jenis": RiwayatDiklat.Jenis.TEKNIS,
                "nama": "Pelatihan Implementasi Kurikulum Merdeka",
                "penyelenggara": "Balai Guru Penggerak",
                "tanggal_mulai": dt.date(2025, 7, 14),
                "tanggal_selesai": dt.date(2025, 7, 18),
                "jam_pelajaran": 32,
                "nomor_sertifikat": "BGP/2025/3312",
            },
            "sertifikat-pelatihan.png",
        ),
        RiwayatRencana(
            Sertifikat,
            {
                "nama": "Sertifikat Pendidik",
                "penerbit": "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi",
                "nomor": "19062215400217",
                "tanggal_terbit": dt.date(2019, 12, 2),
                "berlaku_sampai": None,
            },
            "sertifikat-pendidik.pdf",
        ),
        RiwayatRencana(
            Penghargaan,
            {
                "jenis": Penghargaan.Jenis.SATYALENCANA_X,
                "nama": "",
                "pemberi": "Presiden Republik Indonesia",
                "tanggal": dt.date(2025, 8, 17),
                "nomor_sk": "Keppres 64/TK/2025",
            },
            "keppres-satyalencana.pdf",
        ),
        RiwayatRencana(
            Organisasi,
            {
                "nama": "Persatuan Guru Republik Indonesia (PGRI)",
                "jabatan": "Anggota",
                "tanggal_mulai": dt.date(2015, 6, 1),
                "tanggal_selesai": None,
            },
            "",
        ),
    ]
    return PegawaiRencana(profil=profil, riwayat=riwayat, skenario="campuran")


def pegawai_demo_rencana(*, instansi: Instansi, jumlah: int) -> list[PegawaiRencana]:
    """The first `jumlah` demo pegawai of the instansi; NIPs are unique within the list."""
    units = list(UnitKerja.objects.filter(instansi=instansi, aktif=True).order_by("kode"))
    by_pk = {u.pk: u for u in units}

    def root(unit: UnitKerja) -> UnitKerja:
        while unit.induk_id in by_pk:
            unit = by_pk[unit.induk_id]
        return unit

    perangkat_daerah = {u.pk: root(u) for u in units}
    depth = {UnitKerja.Jenis.PERANGKAT_DAERAH: 0, UnitKerja.Jenis.BIDANG: 1, UnitKerja.Jenis.SEKSI: 2}
    heads = sorted(units, key=lambda u: (depth.get(u.jenis, 3), u.kode))
    rencana: list[PegawaiRencana] = []
    nips: set[str] = set()
    if instansi.kode == ASN_DEMO_INSTANSI and jumlah > 0:
        rencana.append(_rencana_asn_demo(instansi=instansi, units=units))
        nips.add(ASN_DEMO_NIP)
    i = 0
    while len(rencana) < jumlah:
        head_index = i // HEAD_EVERY
        kepala = heads[head_index] if i % HEAD_EVERY == 1 and head_index < len(heads) else None
        item = _rencana(instansi=instansi, i=i, kepala=kepala, units=units, perangkat_daerah=perangkat_daerah)
        nip = item.profil["nip"]
        while nip in nips:  # the same birth date, TMT and sequence twice: take the next sequence
            nip = f"{nip[:15]}{int(nip[15:]) % 999 + 1:03d}"
        item.profil["nip"] = nip
        nips.add(nip)
        rencana.append(item)
        i += 1
    return rencana


# --- documents -------------------------------------------------------------------------------------------


def demo_pdf(judul: str) -> bytes:
    """A small, valid one-page PDF showing `judul`."""
    text = (
        judul.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    content = b"BT /F1 16 Tf 72 770 Td (" + text + b") Tj 0 -24 Td /F1 10 Tf (Dokumen contoh Talenta) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def demo_png(seed: int) -> bytes:
    """A small, valid grayscale PNG (a striped "scan")."""
    width, height = 96, 48
    rows = b"".join(
        b"\x00" + bytes(255 - ((x * 3 + y * 5 + seed) % 64) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _berkas(nama: str, judul: str, seed: int) -> SimpleUploadedFile:
    if nama.endswith(".png"):
        return SimpleUploadedFile(nama, demo_png(seed), content_type="image/png")
    return SimpleUploadedFile(nama, demo_pdf(judul), content_type="application/pdf")


# --- seeding ---------------------------------------------------------------------------------------------


def demo_verifikator(instansi: Instansi) -> User | None:
    """Who approves the demo's riwayat, awards and SK: the verifier, else the Admin BKD."""
    return demo_pengguna(instansi, Role.VERIFIKATOR, Role.ADMIN_BKD)


def demo_pengguna(instansi: Instansi, *roles: Role) -> User | None:
    """The first demo user of the instansi holding the first of `roles` that anyone holds."""
    for role in roles:
        membership = (
            Membership.objects.filter(instansi=instansi, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def _statuses(skenario: str, n: int, rng: random.Random) -> list[tuple[str, bool]]:
    """(verification outcome, has document) per riwayat item of a pegawai."""
    plan = [("setuju", True)] * n
    if n == 0:
        return plan
    if skenario == "menunggu":
        plan[-1] = ("tunggu", True)
    elif skenario == "ditolak":
        plan[rng.randrange(n)] = ("tolak", True)
    elif skenario == "tanpa_dokumen":
        plan[-1] = ("setuju", False)
    elif skenario == "baru":
        plan = [("tunggu", True)] * n
        plan[-1] = ("tunggu", False)
    elif skenario == "campuran":
        plan = [("setuju", True)] * n
        plan[3 % n] = ("tunggu", True)
        plan[4 % n] = ("tolak", True)
        plan[-1] = ("setuju", False)
    return plan


@transaction.atomic
def _seed_one(*, instansi: Instansi, rencana: PegawaiRencana, verifikator: User | None, seed: int) -> Pegawai:
    pegawai = pegawai_create(instansi=instansi, actor=None, **rencana.profil)
    rng = random.Random(f"talenta-demo-verifikasi:{instansi.kode}:{seed}")  # noqa: S311 - demo data
    for (hasil, dengan_dokumen), item in zip(
        _statuses(rencana.skenario, len(rencana.riwayat), rng), rencana.riwayat, strict=True
    ):
        dokumen = None
        if dengan_dokumen and item.berkas:
            judul = f"{item.model._meta.verbose_name.title()} - {pegawai.nama}"
            dokumen = dokumen_store(pegawai=pegawai, actor=None, berkas=_berkas(item.berkas, judul, seed))
        riwayat = riwayat_create(
            model=item.model, pegawai=pegawai, actor=None, data=item.data, dokumen=dokumen
        )
        if hasil == "setuju":
            riwayat_approve(riwayat=riwayat, actor=verifikator)
        elif hasil == "tolak":
            riwayat_reject(riwayat=riwayat, actor=verifikator, alasan=rng.choice(ALASAN_PENOLAKAN))
    if rencana.hukuman is not None:
        tingkat, jenis = rencana.hukuman
        tmt = dt.date(2025, 1 + seed % 9, 1)
        dokumen = dokumen_store(
            pegawai=pegawai,
            actor=verifikator,
            berkas=_berkas("sk-hukuman-disiplin.pdf", f"SK Hukuman Disiplin - {pegawai.nama}", seed),
        )
        riwayat_create(
            model=HukumanDisiplin,
            pegawai=pegawai,
            actor=verifikator,
            data={
                "tingkat": tingkat,
                "jenis_hukuman": jenis,
                "nomor_sk": f"800.1.6/{10 + seed}/BKPSDM/{tmt.year}",
                "tmt_mulai": tmt,
                "tmt_selesai": dt.date(tmt.year + (tmt.month + 6 - 1) // 12, (tmt.month + 6 - 1) % 12 + 1, 1),
            },
            dokumen=dokumen,
            oleh_bkd=True,
        )
    return pegawai


def pegawai_demo_seed(*, instansi: Instansi, jumlah: int) -> int:
    """Seed the first `jumlah` demo pegawai of the instansi (inside its scope). Idempotent: pegawai
    whose NIP is already registered are left alone. Returns the number of pegawai created."""
    rencana = pegawai_demo_rencana(instansi=instansi, jumlah=jumlah)
    existing = set(Pegawai.objects.filter(instansi=instansi).values_list("nip", flat=True))
    verifikator = demo_verifikator(instansi)
    created = 0
    for index, item in enumerate(rencana):
        if item.profil["nip"] in existing:
            continue
        _seed_one(instansi=instansi, rencana=item, verifikator=verifikator, seed=index)
        created += 1
    _link_asn_demo(instansi=instansi)
    return created


def _link_asn_demo(*, instansi: Instansi) -> None:
    if instansi.kode != ASN_DEMO_INSTANSI:
        return
    pegawai = Pegawai.objects.filter(instansi=instansi, nip=ASN_DEMO_NIP).select_related("user").first()
    if pegawai is None or pegawai.user is not None:
        return
    if not Membership.objects.filter(
        instansi=instansi, role=Role.ASN, user__username=ASN_DEMO_USERNAME
    ).exists():
        return
    pegawai_akun_set(pegawai=pegawai, username=ASN_DEMO_USERNAME, actor=None)
