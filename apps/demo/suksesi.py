"""Demo key posts (`manage.py seed_demo` runs this after the talent map): in every demo instansi,
the head of each perangkat daerah (JPT Pratama) and of each bidang (Administrator) as key posts
held by the seeded heads, a vacant Sekretaris in three perangkat daerah, a few fungsional Ahli
Madya posts, and one exception the Komite nominated. Whichever holders reach their BUP within 24
months make their posts at risk; the vacant ones are at risk as long as nobody is ready now.

Everything goes through services_jabatan (audited, each post marked dirty so the succession
workers compute its candidates; the engine creates the instansi's succession rule set from the
national preset on first use). Idempotent: a post that exists (same unit and name) is left alone,
so re-running the seed writes nothing.

The feeder levels are in the seeded talent pool: the talent-map demo places Administrator, Ahli
Madya, Pengawas and Ahli Muda pegawai in boxes 7–9, so JPT Pratama, Administrator and Ahli Madya
posts all get candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.models import Pegawai
from apps.pegawai.referensi import JenisJabatan, JenjangFungsional, StatusKepegawaian
from apps.petatalenta.models import Penempatan
from apps.suksesi.models import JabatanKunci, NominasiKhusus
from apps.suksesi.services_jabatan import jabatan_kunci_create, nominasi_khusus_create

from .pegawai import _jabatan_kepala

# Kompetensi manajerial dan sosial kultural (PermenPANRB 38/2017), at the level each post needs.
KOMPETENSI = [
    "Integritas",
    "Kerja Sama",
    "Komunikasi",
    "Orientasi pada Hasil",
    "Pelayanan Publik",
    "Pengembangan Diri dan Orang Lain",
    "Mengelola Perubahan",
    "Pengambilan Keputusan",
    "Perekat Bangsa",
]
LEVEL = {JenisJabatan.JPT_PRATAMA: 4, JenisJabatan.ADMINISTRATOR: 3, JenisJabatan.FUNGSIONAL: 3}
ALASAN = {
    JenisJabatan.JPT_PRATAMA: "Pimpinan tinggi perangkat daerah; menentukan capaian program prioritas daerah.",
    JenisJabatan.ADMINISTRATOR: "Memimpin pelaksanaan program bidang; sulit diisi tanpa kader yang disiapkan.",
    "sekretaris": "Lowong sejak pejabatnya dimutasi; koordinator administrasi dan keuangan perangkat daerah.",
    JenisJabatan.FUNGSIONAL: "Keahlian langka di instansi; satu-satunya pejabat fungsional jenjang Ahli Madya di bidangnya.",
}
# Extra requirements a few posts carry (perangkat daerah name → requirements).
SYARAT = {
    "Dinas Kesehatan": {"bidang_pendidikan": ["Kesehatan Masyarakat", "Kedokteran"]},
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": {
        "bidang_pendidikan": ["Manajemen Sumber Daya Manusia", "Ilmu Administrasi Negara"]
    },
    "Dinas Pekerjaan Umum dan Penataan Ruang": {
        "bidang_pendidikan": ["Teknik Sipil"],
        "sertifikat": ["Ahli K3 Konstruksi"],
    },
}
# A Sekretaris runs the perangkat daerah's finances: the first vacant one asks for a finance degree,
# which few of the pool have, so the demo shows a vacant post at risk.
SYARAT_SEKRETARIS = {"bidang_pendidikan": ["Akuntansi", "Manajemen Keuangan"]}
# Promotion to Ahli Madya needs the jenjang's competency test (uji kompetensi): without it a
# candidate is not eligible, so a post whose holder retires soon can be at risk.
SYARAT_AHLI_MADYA = {"sertifikat": ["Uji Kompetensi Jenjang Ahli Madya"]}
SEKRETARIS_LOWONG = 3
AHLI_MADYA = 3
ALASAN_NOMINASI = (
    "Memimpin tim percepatan program prioritas daerah dengan hasil menonjol; belum masuk KRS karena "
    "asesmennya belum diperbarui. Komite menominasikan sebagai pengecualian."
)


@dataclass
class SuksesiDemoHasil:
    jabatan: int = 0
    lowong: int = 0
    nominasi: int = 0


def _standar(level: int) -> list[dict]:
    return [{"kompetensi": nama, "level": level} for nama in KOMPETENSI]


def suksesi_demo_seed(*, instansi: Instansi) -> SuksesiDemoHasil:
    """Seed the instansi's demo key posts (inside its scope); returns what was created."""
    hasil = SuksesiDemoHasil()
    units = list(UnitKerja.objects.filter(instansi=instansi, aktif=True).order_by("kode"))
    perangkat_daerah = [u for u in units if u.jenis == UnitKerja.Jenis.PERANGKAT_DAERAH]
    pd_of = {u.pk: u for u in perangkat_daerah}
    for unit in units:
        if unit.induk_id in pd_of:
            pd_of[unit.pk] = pd_of[unit.induk_id]
    aktif = Pegawai.objects.filter(instansi=instansi, aktif=True).select_related("unit_kerja")
    kepala: dict[tuple[int, str], Pegawai] = {}
    for pegawai in aktif.filter(
        jenis_jabatan__in=[JenisJabatan.JPT_PRATAMA, JenisJabatan.ADMINISTRATOR]
    ).order_by("pk"):
        kepala.setdefault((pegawai.unit_kerja_id, pegawai.jenis_jabatan), pegawai)
    ada = set(JabatanKunci.objects.filter(instansi=instansi).values_list("unit_kerja_id", "nama"))
    memegang = set(
        JabatanKunci.objects.filter(instansi=instansi, pemegang__isnull=False).values_list(
            "pemegang_id", flat=True
        )
    )

    def tambah(
        *,
        unit: UnitKerja,
        nama: str,
        jenis: str,
        pemegang: Pegawai | None,
        alasan: str,
        jenjang: str = "",
        syarat: dict | None = None,
    ):
        if (unit.pk, nama) in ada or (pemegang is not None and pemegang.pk in memegang):
            return None
        pd = pd_of.get(unit.pk)
        jabatan = jabatan_kunci_create(
            instansi=instansi,
            actor=None,
            unit_kerja=unit,
            nama=nama,
            jenis_jabatan=jenis,
            jenjang_fungsional=jenjang,
            pemegang=pemegang,
            alasan=alasan,
            standar_kompetensi=_standar(LEVEL[jenis]),
            syarat_tambahan=syarat
            if syarat is not None
            else SYARAT.get(pd.nama, {})
            if pd is not None and jenis == JenisJabatan.JPT_PRATAMA
            else {},
        )
        ada.add((unit.pk, nama))
        if pemegang is not None:
            memegang.add(pemegang.pk)
        hasil.jabatan += 1
        hasil.lowong += pemegang is None
        return jabatan

    # The heads of perangkat daerah and bidang, held by the seeded heads (vacant if none was seeded).
    for unit in units:
        if unit.jenis == UnitKerja.Jenis.SEKSI:
            continue
        jenis, nama = _jabatan_kepala(unit)
        pemegang = kepala.get((unit.pk, jenis))
        tambah(
            unit=unit,
            nama=pemegang.nama_jabatan if pemegang else nama,
            jenis=jenis,
            pemegang=pemegang,
            alasan=ALASAN[jenis],
        )
    # A vacant Sekretaris in the first perangkat daerah that are a Dinas or a Badan.
    sekretariat = [pd for pd in perangkat_daerah if pd.nama.startswith(("Dinas", "Badan"))][
        :SEKRETARIS_LOWONG
    ]
    lowong = []
    for i, pd in enumerate(sekretariat):
        jabatan = tambah(
            unit=pd, nama=f"Sekretaris {pd.nama}"[:200], jenis=JenisJabatan.ADMINISTRATOR, pemegang=None,
            alasan=ALASAN["sekretaris"], syarat=SYARAT_SEKRETARIS if i == 0 else None,
        )  # fmt: skip
        lowong.append(
            jabatan
            or JabatanKunci.objects.filter(
                instansi=instansi, unit_kerja=pd, nama=f"Sekretaris {pd.nama}"[:200]
            ).first()
        )
    # A few fungsional Ahli Madya posts of different jabatan, held by seeded Ahli Madya PNS, the
    # oldest first (the posts whose holder retires soonest are the ones worth planning for).
    madya = aktif.filter(
        jenis_jabatan=JenisJabatan.FUNGSIONAL,
        jenjang_fungsional=JenjangFungsional.AHLI_MADYA,
        status_kepegawaian=StatusKepegawaian.PNS,
        unit_kerja__isnull=False,
    ).order_by("tanggal_lahir", "nip")
    nama_dipakai: set[str] = set()
    for pegawai in madya:
        if len(nama_dipakai) >= AHLI_MADYA or pegawai.nama_jabatan in nama_dipakai:
            continue
        nama_dipakai.add(pegawai.nama_jabatan)
        tambah(
            unit=pegawai.unit_kerja, nama=f"{pegawai.nama_jabatan} Ahli Madya"[:200], jenis=JenisJabatan.FUNGSIONAL,
            jenjang=JenjangFungsional.AHLI_MADYA, pemegang=pegawai, alasan=ALASAN[JenisJabatan.FUNGSIONAL],
            syarat=SYARAT_AHLI_MADYA,
        )  # fmt: skip
    # One exception the Komite nominated: a Pengawas outside the talent pool for a vacant Sekretaris.
    target = next((j for j in lowong if j is not None), None)
    if (
        target is not None
        and not NominasiKhusus.objects.filter(instansi=instansi, jabatan_kunci=target).exists()
    ):
        periode = timezone.localdate().year
        di_krs = Penempatan.objects.filter(instansi=instansi, periode=periode, talent_pool=True).values(
            "pegawai_id"
        )
        calon = (
            aktif.filter(jenis_jabatan=JenisJabatan.PENGAWAS, status_kepegawaian=StatusKepegawaian.PNS)
            .exclude(pk__in=di_krs)
            .order_by("nip")
            .first()
        )
        if calon is not None:
            nominasi_khusus_create(jabatan=target, actor=None, pegawai=calon, alasan=ALASAN_NOMINASI)
            hasil.nominasi += 1
    return hasil
