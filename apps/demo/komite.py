"""Demo Komite Talenta (`manage.py seed_demo` runs this last, for Kota Palangka Raya only): five
members with dated terms and a substitute for the ketua; the 2025 session held, decided, closed
and set by the PPK (one calibration approved, one rejected by vote, succession decided for two key
posts, the talent map reviewed); and a draft 2026 session with its agenda and invitations sent, so
every Komite and PPK login lands on real work.

Everything goes through the committee's services (audited, hash-chained, notifications sent);
the succession lists are computed here first so the shortlists come from the real candidate
lists. Idempotent: an instansi that already has a session is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.instansi.models import Instansi
from apps.komite.models import AgendaSidang, AnggotaKomite, Sidang
from apps.komite.services_anggota import anggota_komite_tambah
from apps.komite.services_keputusan import (
    keputusan_kalibrasi_catat,
    keputusan_suksesi_catat,
    keputusan_tinjau_catat,
    usulan_kalibrasi_simpan,
)
from apps.komite.services_penetapan import penetapan_tetapkan
from apps.komite.services_sidang import (
    agenda_tambah,
    kehadiran_catat,
    sidang_buat,
    sidang_mulai,
    sidang_tutup,
    sidang_undang,
)
from apps.petatalenta.models import Penempatan, PengaturanTalenta
from apps.suksesi.models import JabatanKunci, Kandidat
from apps.suksesi.services import suksesi_flush

# username → (peran, substitute for the ketua)
SUSUNAN = [
    ("komite.ketua", AnggotaKomite.Peran.KETUA, False),
    ("komite.sekretaris", AnggotaKomite.Peran.SEKRETARIS, False),
    ("komite.anggota", AnggotaKomite.Peran.ANGGOTA, True),
    ("komite.anggota2", AnggotaKomite.Peran.ANGGOTA, False),
    ("komite.anggota3", AnggotaKomite.Peran.ANGGOTA, False),
]
MASA_MULAI = dt.date(2024, 1, 2)
TEMPAT = "Ruang Rapat Bajakah, Sekretariat Daerah Kota Palangka Raya"
ALASAN_NAIK = (
    "Memimpin penanganan banjir Januari 2025 dan digitalisasi layanan perizinan yang memangkas waktu "
    "layanan dari 14 menjadi 3 hari; hasil asesmen 2023 belum mencerminkan kapasitas saat ini. "
    "Bukti: laporan kinerja triwulan dan penghargaan Wali Kota."
)
ALASAN_TURUN = (
    "Diusulkan turun karena dua kali terlambat menyelesaikan laporan keuangan; namun keterlambatan "
    "bersumber dari sistem aplikasi, bukan kinerja pribadi."
)


@dataclass
class KomiteDemoHasil:
    anggota: int = 0
    sidang: int = 0
    keputusan: int = 0
    ditetapkan: bool = False


def _users() -> dict[str, object]:
    names = [username for username, _peran, _pengganti in SUSUNAN] + ["ppk"]
    return {user.username: user for user in get_user_model().objects.filter(username__in=names)}


def _kalibrasi_pilihan(*, instansi: Instansi, periode: int) -> list[Penempatan]:
    """Two placements to calibrate: one in box 8 (proposed up to 9) and one in box 4 (proposed down
    to 1), both final, of pegawai who are not committee members."""
    terpilih = []
    for kotak in (8, 4):
        penempatan = (
            Penempatan.objects.filter(
                instansi=instansi,
                periode=periode,
                status=Penempatan.Status.FINAL,
                kotak=kotak,
                pegawai__aktif=True,
            )
            .select_related("pegawai")
            .order_by("pegawai__nip")
            .first()
        )
        if penempatan is not None:
            terpilih.append(penempatan)
    return terpilih


def _pos_suksesi(*, instansi: Instansi, jumlah: int) -> list[JabatanKunci]:
    """Key posts with the most eligible candidates first (the demo decides real shortlists)."""
    posts = list(JabatanKunci.objects.filter(instansi=instansi, aktif=True).order_by("pk"))
    posts.sort(
        key=lambda post: (
            -Kandidat.objects.filter(
                instansi=instansi, jabatan_kunci=post, kelayakan=Kandidat.Kelayakan.MEMENUHI
            ).count()
        )
    )
    return posts[:jumlah]


def _putuskan_suksesi(*, agenda: AgendaSidang, ketua, sudah: set[int]) -> None:
    """Decide the post's succession from its computed list; a person already named successor of an
    earlier post goes to the end of this shortlist, so the demo spreads its successors."""
    kandidat = list(
        Kandidat.objects.filter(instansi=agenda.instansi, jabatan_kunci=agenda.jabatan_kunci, nominasi=False)
        .order_by("kelayakan", "-skor_peringkat", "pegawai_id")
        .values_list("pegawai_id", "kesiapan")[:6]
    )
    kandidat = sorted(kandidat, key=lambda item: item[0] in sudah)[:3]
    if not kandidat:
        return
    sudah.add(kandidat[0][0])
    daftar_pendek = [{"pegawai_id": pegawai_id, "alasan_luar_krs": ""} for pegawai_id, _k in kandidat]
    suksesor = [{"pegawai_id": kandidat[0][0], "kesiapan": kandidat[0][1]}]
    darurat = {"pegawai_id": kandidat[1][0], "kesiapan": kandidat[1][1]} if len(kandidat) > 1 else None
    keputusan_suksesi_catat(
        agenda=agenda,
        actor=ketua,
        daftar_pendek=daftar_pendek,
        suksesor=suksesor,
        suksesor_darurat=darurat,
        arahan=[
            {
                "jenis": "penugasan_khusus",
                "pegawai_id": kandidat[0][0],
                "uraian": "Pelaksana harian saat pejabat berhalangan; memimpin satu program prioritas 2026.",
            },
            {
                "jenis": "pelatihan",
                "pegawai_id": kandidat[0][0],
                "uraian": "Pelatihan Kepemimpinan sesuai jenjang jabatan sasaran pada 2026.",
            },
        ],
        cara="mufakat",
        alasan="Calon dengan kesiapan tertinggi dan hasil asesmen terbaik di antara KRS.",
    )


def komite_demo_seed(*, instansi: Instansi) -> KomiteDemoHasil:
    """Seed the committee, the established 2025 session and the draft 2026 session (inside the
    instansi's scope). Returns what it created."""
    hasil = KomiteDemoHasil()
    if Sidang.objects.filter(instansi=instansi).exists():
        return hasil
    users = _users()
    sekretaris, ketua, ppk = users["komite.sekretaris"], users["komite.ketua"], users["ppk"]
    hari_ini = timezone.localdate()
    tahun_lalu = hari_ini.year - 1

    # The succession lists are normally computed by a worker; the shortlists below read them.
    suksesi_flush(instansi=instansi)
    # The demo instansi lets its ASN see their (established) box.
    PengaturanTalenta.objects.update_or_create(instansi=instansi, defaults={"asn_boleh_lihat_kotak": True})

    with transaction.atomic():
        for username, peran, pengganti in SUSUNAN:
            anggota_komite_tambah(
                instansi=instansi,
                actor=None,
                user=users[username],
                peran=peran,
                mulai=MASA_MULAI,
                pengganti_ketua=pengganti,
            )
            hasil.anggota += 1

    # --- 2025: held, decided, closed, set -----------------------------------------------------
    with transaction.atomic():
        sidang = sidang_buat(
            instansi=instansi,
            actor=sekretaris,
            judul=f"Sidang Komite Talenta Periode {tahun_lalu}",
            periode=tahun_lalu,
            tanggal=dt.date(tahun_lalu, 11, 20),
            waktu=dt.time(9, 0),
            tempat=TEMPAT,
            nomor=f"01/KTI/{tahun_lalu}",
        )
        hasil.sidang += 1
        tinjau = agenda_tambah(sidang=sidang, actor=sekretaris, jenis=AgendaSidang.Jenis.TINJAU_PETA)
        kalibrasi = [
            agenda_tambah(
                sidang=sidang,
                actor=sekretaris,
                jenis=AgendaSidang.Jenis.KALIBRASI,
                pegawai=penempatan.pegawai,
            )
            for penempatan in _kalibrasi_pilihan(instansi=instansi, periode=tahun_lalu)
        ]
        suksesi = [
            agenda_tambah(
                sidang=sidang, actor=sekretaris, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=post
            )
            for post in _pos_suksesi(instansi=instansi, jumlah=2)
        ]
        kehadiran = sidang_undang(sidang=sidang, actor=sekretaris)
        kehadiran_catat(
            sidang=sidang,
            actor=sekretaris,
            hadir={k.anggota_id: k.anggota.user.username != "komite.anggota3" for k in kehadiran},
        )
        sidang_mulai(sidang=sidang, actor=sekretaris)
        keputusan_tinjau_catat(
            agenda=tinjau,
            actor=ketua,
            catatan=(
                "Sebaran peta talenta wajar; 18% pegawai belum dapat dipetakan karena asesmen kedaluwarsa. "
                "BKPSDM diminta memprioritaskan asesmen ulang bagi mereka pada 2026."
            ),
            arahan=[
                {"jenis": "pelatihan", "pegawai_id": None, "uraian": "Asesmen ulang bagi pegawai perlu data."}
            ],
            cara="mufakat",
        )
        for nomor, agenda in enumerate(kalibrasi):
            penempatan = Penempatan.objects.get(instansi=instansi, pegawai=agenda.pegawai, periode=tahun_lalu)
            naik = nomor == 0
            usulan_kalibrasi_simpan(
                agenda=agenda,
                actor=sekretaris,
                kotak_usulan=9 if naik else 1,
                alasan=ALASAN_NAIK if naik else ALASAN_TURUN,
            )
            if naik:
                keputusan_kalibrasi_catat(agenda=agenda, actor=ketua, hasil="setuju", cara="mufakat")
            else:
                keputusan_kalibrasi_catat(
                    agenda=agenda,
                    actor=ketua,
                    hasil="tolak",
                    cara="suara",
                    suara_setuju=1,
                    suara_tolak=3,
                    suara_abstain=0,
                    pendapat_berbeda=(
                        f"Satu anggota berpendapat kotak {penempatan.kotak} terlalu tinggi mengingat "
                        "keterlambatan berulang."
                    ),
                )
        sudah: set[int] = set()
        for agenda in suksesi:
            _putuskan_suksesi(agenda=agenda, ketua=ketua, sudah=sudah)
        hasil.keputusan = sidang.keputusan.count()
        sidang_tutup(
            sidang=sidang,
            actor=sekretaris,
            catatan="Sidang ditutup pukul 12.10 WIB; hasil diusulkan kepada PPK untuk ditetapkan.",
        )
    with transaction.atomic():
        penetapan_tetapkan(
            sidang=sidang,
            actor=ppk,
            nomor_keputusan=f"800.1.3/145/BKPSDM/{tahun_lalu}",
            tanggal_keputusan=dt.date(tahun_lalu, 12, 15),
        )
        hasil.ditetapkan = True

    # --- this year: a draft with its agenda, invitations sent ------------------------------------
    with transaction.atomic():
        draf = sidang_buat(
            instansi=instansi,
            actor=sekretaris,
            judul=f"Sidang Komite Talenta Periode {hari_ini.year}",
            periode=hari_ini.year,
            tanggal=min(hari_ini + dt.timedelta(days=14), dt.date(hari_ini.year, 12, 30)),
            waktu=dt.time(9, 0),
            tempat=TEMPAT,
            nomor=f"01/KTI/{hari_ini.year}",
        )
        hasil.sidang += 1
        agenda_tambah(sidang=draf, actor=sekretaris, jenis=AgendaSidang.Jenis.TINJAU_PETA)
        for penempatan in _kalibrasi_pilihan(instansi=instansi, periode=hari_ini.year)[:1]:
            agenda_tambah(
                sidang=draf, actor=sekretaris, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=penempatan.pegawai
            )
        for post in _pos_suksesi(instansi=instansi, jumlah=1):
            agenda_tambah(sidang=draf, actor=sekretaris, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=post)
        sidang_undang(sidang=draf, actor=sekretaris)
    return hasil
