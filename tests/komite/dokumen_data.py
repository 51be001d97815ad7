"""A closed session with attendance, a calibration, a succession and a review decision, and — when
asked — the PPK's penetapan with its frozen snapshot: the data the session documents are made
from, written directly (factories, `rantai_tambah`, bulk_create) like the other parts would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.integrity import rantai_tambah, snapshot_digest
from apps.komite.models import (
    AgendaSidang,
    AnggotaKomite,
    KehadiranSidang,
    KeputusanKomite,
    Penetapan,
    PengaturanKomite,
    Sidang,
    SnapshotPenempatan,
    SnapshotSuksesor,
)
from tests.factories import (
    AgendaSidangFactory,
    AnggotaKomiteFactory,
    JabatanKunciFactory,
    PegawaiFactory,
    SidangFactory,
    UnitKerjaFactory,
    user_with_role,
)

PERIODE = 2026
NOMOR_KEPUTUSAN = "800.1.13/45/BKPSDM/2026"
ALASAN_KALIBRASI = "Memimpin penanganan banjir Sungai Arut 2025 dengan hasil luar biasa"
PENDAPAT_BERBEDA = "Satu anggota menilai bukti kinerja belum mencakup satu tahun penuh"
ALASAN_LUAR_KRS = "Pengalaman lapangan sepuluh tahun di bidang bina marga"


@dataclass
class DataDokumen:
    instansi: object
    sidang: Sidang
    ketua: AnggotaKomite
    sekretaris: AnggotaKomite
    anggota_hadir: AnggotaKomite
    anggota_absen: AnggotaKomite
    budi: object  # calibrated
    citra: object  # successor
    eka: object  # outside the KRS, emergency successor
    jabatan: object
    keputusan_kalibrasi: KeputusanKomite
    keputusan_suksesi: KeputusanKomite
    penetapan: Penetapan | None = None
    ppk: object = None


def _pegawai(instansi, unit, nama, **kwargs):
    return PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=nama, **kwargs)


def dokumen_data(instansi, *, status: str = Sidang.Status.SELESAI, prefix: str = "a") -> DataDokumen:
    """The session (`status`: selesai, ditetapkan, …); with `ditetapkan`, its penetapan too."""
    with instansi_scope(instansi):
        PengaturanKomite.objects.create(
            instansi=instansi,
            kop_surat="PEMERINTAH KABUPATEN KOTAWARINGIN BARAT\nSEKRETARIAT DAERAH\nJl. Sutan Syahrir No. 62 Pangkalan Bun",
        )
        unit = UnitKerjaFactory(instansi=instansi, kode=f"{prefix}.D.01", nama="Dinas Pekerjaan Umum")
        pg_ketua = _pegawai(instansi, unit, "Hendra Gunawan", gelar_depan="Ir.", gelar_belakang="M.T.")
        anggota_list = []
        for peran, role, nama, pegawai in (
            (AnggotaKomite.Peran.KETUA, Role.KOMITE_KETUA, ("Hendra", "Gunawan"), pg_ketua),
            (AnggotaKomite.Peran.SEKRETARIS, Role.KOMITE_SEKRETARIS, ("Sri", "Wahyuni"), None),
            (AnggotaKomite.Peran.ANGGOTA, Role.KOMITE_ANGGOTA, ("Rahmat", "Hidayat"), None),
            (AnggotaKomite.Peran.ANGGOTA, Role.KOMITE_ANGGOTA, ("Yusuf", "Maulana"), None),
        ):
            user = user_with_role(
                role, instansi, username=f"{prefix}.{nama[0].lower()}", first_name=nama[0], last_name=nama[1]
            )
            anggota_list.append(
                AnggotaKomiteFactory(instansi=instansi, user=user, peran=peran, pegawai=pegawai)
            )
        ketua, sekretaris, anggota_hadir, anggota_absen = anggota_list

        budi = _pegawai(instansi, unit, "Budi Santoso", nama_jabatan="Kepala Seksi Jalan")
        citra = _pegawai(instansi, unit, "Citra Lestari", nama_jabatan="Kepala Seksi Jembatan")
        eka = _pegawai(instansi, unit, "Eka Saputra", nama_jabatan="Pengawas Jalan")
        pemegang = _pegawai(instansi, unit, "Agus Salim", nama_jabatan="Kepala Bidang Bina Marga")
        # The anggota who was present is also a pegawai, a candidate for the key post: recused there.
        anggota_hadir.pegawai = _pegawai(
            instansi, unit, "Rahmat Hidayat", nama_jabatan="Kepala Seksi Drainase"
        )
        anggota_hadir.save(update_fields=["pegawai"])
        jabatan = JabatanKunciFactory(
            instansi=instansi, unit_kerja=unit, nama="Kepala Bidang Bina Marga", pemegang=pemegang
        )

        sidang = SidangFactory(
            instansi=instansi,
            judul="Sidang Komite Talenta Periode 2026",
            nomor="005/KT/XII/2026",
            periode=PERIODE,
            tanggal=dt.date(2026, 12, 7),
            waktu=dt.time(9, 0),
            tempat="Aula Sekretariat Daerah",
            status=Sidang.Status.BERLANGSUNG,
            catatan="Sidang ditutup pukul 12.00 setelah semua agenda diputuskan.",
        )
        for anggota, hadir in (
            (ketua, True),
            (sekretaris, True),
            (anggota_hadir, True),
            (anggota_absen, False),
        ):
            KehadiranSidang.objects.create(
                instansi=instansi, sidang=sidang, anggota=anggota, hadir=hadir, dicatat_pada=timezone.now()
            )
        ag_kalibrasi = AgendaSidangFactory(
            sidang=sidang, urutan=1, jenis=AgendaSidang.Jenis.KALIBRASI, pegawai=budi
        )
        ag_suksesi = AgendaSidangFactory(
            sidang=sidang, urutan=2, jenis=AgendaSidang.Jenis.SUKSESI, jabatan_kunci=jabatan
        )
        ag_tinjau = AgendaSidangFactory(
            sidang=sidang, urutan=3, jenis=AgendaSidang.Jenis.TINJAU_PETA, unit_kerja=unit
        )
        hadir_ids = [ketua.pk, sekretaris.pk, anggota_hadir.pk]
        umum = {"instansi": instansi, "sidang": sidang, "periode": PERIODE, "dicatat_oleh": ketua.user}
        k_kalibrasi = rantai_tambah(
            KeputusanKomite(
                **umum,
                agenda=ag_kalibrasi,
                jenis=ag_kalibrasi.jenis,
                hasil=KeputusanKomite.Hasil.SETUJU,
                pegawai=budi,
                kotak_dihitung=5,
                kotak_usulan=8,
                kotak_diputuskan=8,
                alasan=ALASAN_KALIBRASI,
                cara=KeputusanKomite.Cara.SUARA,
                suara_setuju=3,
                suara_tolak=0,
                suara_abstain=0,
                pendapat_berbeda=PENDAPAT_BERBEDA,
                isi={
                    "hadir": hadir_ids,
                    "terhalang": [],
                    # As the decisions part records them: people with their name, the evidence's name.
                    "pengusul": {"user_id": ketua.user_id, "nama": "Hendra Gunawan"},
                    "bukti": "laporan-banjir-2025.pdf",
                },
                dicatat_pada=timezone.now(),
            )
        )
        k_suksesi = rantai_tambah(
            KeputusanKomite(
                **umum,
                agenda=ag_suksesi,
                jenis=ag_suksesi.jenis,
                hasil=KeputusanKomite.Hasil.SETUJU,
                jabatan_kunci=jabatan,
                cara=KeputusanKomite.Cara.MUFAKAT,
                isi={
                    "hadir": hadir_ids,
                    "terhalang": [
                        {
                            "anggota_id": anggota_hadir.pk,
                            "alasan": "Anda termasuk calon suksesor jabatan ini.",
                        }
                    ],
                    "daftar_pendek": [
                        {"pegawai_id": citra.pk, "alasan_luar_krs": ""},
                        {"pegawai_id": eka.pk, "alasan_luar_krs": ALASAN_LUAR_KRS},
                    ],
                    "suksesor": [{"pegawai_id": citra.pk, "kesiapan": "siap_sekarang"}],
                    "suksesor_darurat": {"pegawai_id": eka.pk, "kesiapan": "siap_1_2"},
                    "arahan": [
                        {
                            "jenis": "pelatihan",
                            "pegawai_id": eka.pk,
                            "uraian": "Pelatihan Kepemimpinan Administrator",
                        },
                        {
                            "jenis": "rotasi",
                            "pegawai_id": None,
                            "uraian": "Rotasi antarbidang dalam dua tahun",
                        },
                    ],
                },
                dicatat_pada=timezone.now(),
            )
        )
        rantai_tambah(
            KeputusanKomite(
                **umum,
                agenda=ag_tinjau,
                jenis=ag_tinjau.jenis,
                hasil=KeputusanKomite.Hasil.DICATAT,
                cara=KeputusanKomite.Cara.MUFAKAT,
                alasan="Sebaran kotak Dinas Pekerjaan Umum wajar",
                isi={
                    "hadir": hadir_ids,
                    "catatan": "Perlu asesmen ulang untuk lima pejabat pengawas",
                    "sebaran": {"peringatan": ["Kotak 9 berisi 14% pegawai, di atas batas 10%."]},
                },
                dicatat_pada=timezone.now(),
            )
        )
        Sidang.objects.filter(pk=sidang.pk).update(status=Sidang.Status.SELESAI, ditutup_pada=timezone.now())
        data = DataDokumen(
            instansi=instansi,
            sidang=sidang,
            ketua=ketua,
            sekretaris=sekretaris,
            anggota_hadir=anggota_hadir,
            anggota_absen=anggota_absen,
            budi=budi,
            citra=citra,
            eka=eka,
            jabatan=jabatan,
            keputusan_kalibrasi=k_kalibrasi,
            keputusan_suksesi=k_suksesi,
        )
        if status == Sidang.Status.DITETAPKAN:
            penetapan_buat(data, pemegang=pemegang, prefix=prefix)
        elif status != Sidang.Status.SELESAI:
            Sidang.objects.filter(pk=sidang.pk).update(status=status)
        sidang.refresh_from_db()
    return data


def _beku(row, *, jabatan=None):
    """Identity frozen as the penetapan part freezes it (who the pegawai and the post were that day)."""
    p = row.pegawai
    row.nama, row.nip, row.status_kepegawaian = p.nama_lengkap, p.nip, p.status_kepegawaian
    row.nama_jabatan, row.jenjang_fungsional = p.nama_jabatan, p.jenjang_fungsional
    row.unit_kerja_nama = p.unit_kerja.nama if p.unit_kerja_id else ""
    if jabatan is not None:
        row.jabatan_kunci_nama = jabatan.nama
        row.jabatan_kunci_unit = jabatan.unit_kerja.nama if jabatan.unit_kerja_id else ""
        row.pemegang_nama = jabatan.pemegang.nama_lengkap if jabatan.pemegang_id else ""
    return row


def penetapan_buat(data: DataDokumen, *, pemegang, prefix: str) -> Penetapan:
    """The PPK sets the session: the Penetapan pk reserved first, the snapshot rows written with it,
    their digest in the chained row (as the penetapan part does)."""
    instansi = data.instansi
    data.ppk = user_with_role(
        Role.PPK, instansi, username=f"{prefix}.ppk", first_name="H. Sugianto", last_name="Sabran"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('komite_penetapan','id'))")
        pk = cursor.fetchone()[0]
    lain = [_pegawai(instansi, data.budi.unit_kerja, f"Pegawai Lain {i}") for i in range(3)]
    rows = [
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=data.budi, periode=PERIODE, status="final",
            kotak=8, kotak_dihitung=5, keputusan=data.keputusan_kalibrasi, talent_pool=True, krs_nasional=False,
            inputs_hash="h-budi",
        ),
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=data.citra, periode=PERIODE, status="final",
            kotak=9, kotak_dihitung=9, talent_pool=True, krs_nasional=True, inputs_hash="h-citra",
        ),
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=data.eka, periode=PERIODE, status="final",
            kotak=6, kotak_dihitung=6, talent_pool=False, inputs_hash="h-eka",
        ),
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=lain[0], periode=PERIODE, status="final",
            kotak=5, kotak_dihitung=5, inputs_hash="h-0",
        ),
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=lain[1], periode=PERIODE, status="final",
            kotak=1, kotak_dihitung=1, inputs_hash="h-1",
        ),
        SnapshotPenempatan(
            instansi=instansi, penetapan_id=pk, pegawai=lain[2], periode=PERIODE, status="perlu_data",
            kotak=None, kotak_dihitung=None, inputs_hash="h-2",
        ),
    ]  # fmt: skip
    for row in rows:
        _beku(row)
    SnapshotPenempatan.objects.bulk_create(rows)
    SnapshotSuksesor.objects.bulk_create(
        _beku(row, jabatan=data.jabatan)
        for row in [
            SnapshotSuksesor(
                instansi=instansi, penetapan_id=pk, jabatan_kunci=data.jabatan, pegawai=data.citra,
                peran=SnapshotSuksesor.Peran.SUKSESOR, kesiapan="siap_sekarang", urutan=1,
                keputusan=data.keputusan_suksesi,
            ),
            SnapshotSuksesor(
                instansi=instansi, penetapan_id=pk, jabatan_kunci=data.jabatan, pegawai=data.eka,
                peran=SnapshotSuksesor.Peran.DARURAT, kesiapan="siap_1_2", urutan=1,
                keputusan=data.keputusan_suksesi,
            ),
        ]
    )  # fmt: skip
    penetapan = rantai_tambah(
        Penetapan(
            pk=pk,
            instansi=instansi,
            sidang=data.sidang,
            periode=PERIODE,
            hasil=Penetapan.Hasil.DITETAPKAN,
            nomor_keputusan=NOMOR_KEPUTUSAN,
            tanggal_keputusan=dt.date(2026, 12, 10),
            jumlah_penempatan=len(rows),
            snapshot_hash=snapshot_digest(instansi_id=instansi.pk, penetapan_id=pk),
            oleh=data.ppk,
            pada=timezone.now(),
        )
    )
    Sidang.objects.filter(pk=data.sidang.pk).update(status=Sidang.Status.DITETAPKAN)
    data.penetapan = penetapan
    return penetapan
