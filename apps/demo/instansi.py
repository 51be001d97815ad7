"""Demo data for `make demo`: real Kalimantan governments, their organisation trees, one login
per role. Idempotent: a second run finds everything in place and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.instansi.models import Instansi, UnitKerja, Wilayah
from apps.instansi.selectors import membership_get_for_user
from apps.instansi.services import instansi_create, membership_create, unit_kerja_create
from apps.nasional.krs import akses_aktif_get, akses_beri
from apps.nasional.services import ringkasan_refresh

DEMO_PASSWORD = "Talenta-Demo-2026"  # noqa: S105 - printed to the person running the demo

# (kode wilayah, nama BKD)
DEMO_INSTANSI = [
    ("6271", "BKPSDM Kota Palangka Raya"),
    ("62", "BKD Provinsi Kalimantan Tengah"),
    ("6202", "BKPSDM Kabupaten Kotawaringin Timur"),
    ("6402", "BKPSDM Kabupaten Kutai Kartanegara"),
    ("6171", "BKPSDM Kota Pontianak"),
]

# Demo logins named after a BPS code before 2026, when Kutai Kartanegara was seeded on 6403 (its BPS
# code; 6403 is Berau in Kemendagri). Migration instansi.0003 moved the tenant to 6402; a re-seed
# renames its admin login to follow it instead of leaving an "admin.6403" that reads as Berau's.
DEMO_LOGIN_LAMA = {"6402": "admin.6403"}

# perangkat daerah -> bidang -> seksi; names as Pemda write them (PP 18/2016 nomenclature).
ORGANISASI = [
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        [
            (
                "Bidang Pengadaan, Pemberhentian dan Informasi",
                ["Subbidang Pengadaan", "Subbidang Data dan Informasi"],
            ),
            ("Bidang Mutasi dan Promosi", ["Subbidang Mutasi", "Subbidang Promosi dan Penilaian Kinerja"]),
            ("Bidang Pengembangan Kompetensi", ["Subbidang Pengembangan Kompetensi Manajerial"]),
        ],
    ),
    (
        "Dinas Pendidikan",
        [
            ("Bidang Pembinaan Sekolah Dasar", ["Seksi Kurikulum SD", "Seksi Peserta Didik SD"]),
            ("Bidang Pembinaan Sekolah Menengah Pertama", ["Seksi Kurikulum SMP"]),
            ("Bidang Guru dan Tenaga Kependidikan", ["Seksi Pendidik", "Seksi Tenaga Kependidikan"]),
        ],
    ),
    (
        "Dinas Kesehatan",
        [
            (
                "Bidang Pelayanan Kesehatan",
                ["Seksi Pelayanan Kesehatan Primer", "Seksi Pelayanan Kesehatan Rujukan"],
            ),
            ("Bidang Pencegahan dan Pengendalian Penyakit", ["Seksi Surveilans dan Imunisasi"]),
        ],
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        [("Bidang Bina Marga", ["Seksi Pembangunan Jalan", "Seksi Pemeliharaan Jalan"])],
    ),
    ("Inspektorat Daerah", [("Inspektur Pembantu Wilayah I", [])]),
    ("Badan Perencanaan Pembangunan Daerah", [("Bidang Perencanaan dan Pendanaan", [])]),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    instansi: str


def _user(*, username: str, first_name: str, last_name: str = "", nip: str | None = None, superuser=False):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "nip": nip,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _login_lama_pindah(*, kode: str, instansi: Instansi) -> None:
    lama = DEMO_LOGIN_LAMA.get(kode)
    user_model = get_user_model()
    if lama is None or user_model.objects.filter(username=f"admin.{kode}").exists():
        return
    user = user_model.objects.filter(username=lama).first()
    membership = membership_get_for_user(user=user) if user is not None else None
    if membership is not None and membership.instansi_id == instansi.pk:
        user.username = f"admin.{kode}"
        user.save(update_fields=["username"])


def _member(*, user, role: Role, instansi: Instansi | None) -> None:
    if membership_get_for_user(user=user) is None:
        membership_create(user=user, role=role, instansi=instansi, actor=None)


def _organisasi(*, instansi: Instansi) -> None:
    if UnitKerja.objects.filter(instansi=instansi).exists():
        return
    for i, (pd_nama, bidang_list) in enumerate(ORGANISASI, start=1):
        pd = unit_kerja_create(
            instansi=instansi,
            actor=None,
            kode=f"{i:02d}",
            nama=pd_nama,
            jenis=UnitKerja.Jenis.PERANGKAT_DAERAH,
        )
        for j, (bidang_nama, seksi_list) in enumerate(bidang_list, start=1):
            bidang = unit_kerja_create(
                instansi=instansi,
                actor=None,
                kode=f"{i:02d}.{j:02d}",
                nama=bidang_nama,
                jenis=UnitKerja.Jenis.BIDANG,
                induk=pd,
            )
            for k, seksi_nama in enumerate(seksi_list, start=1):
                unit_kerja_create(
                    instansi=instansi,
                    actor=None,
                    kode=f"{i:02d}.{j:02d}.{k:02d}",
                    nama=seksi_nama,
                    jenis=UnitKerja.Jenis.SEKSI,
                    induk=bidang,
                )


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    """Create (or find) the demo tenants, trees and users; return one login per role."""
    logins: list[DemoLogin] = []
    instansi_list = []
    for kode, nama_bkd in DEMO_INSTANSI:
        instansi = instansi_create(wilayah=Wilayah.objects.get(kode=kode), actor=None, nama_bkd=nama_bkd)
        instansi_list.append(instansi)
        with instansi_scope(instansi):
            _organisasi(instansi=instansi)
            _login_lama_pindah(kode=kode, instansi=instansi)
            admin = _user(username=f"admin.{kode}", first_name="Admin BKD", last_name=instansi.nama)
            _member(user=admin, role=Role.ADMIN_BKD, instansi=instansi)

    utama = instansi_list[0]  # Kota Palangka Raya carries a full set of roles
    people = [
        ("verifikator", "Rina", "Handayani, S.Kom.", None, Role.VERIFIKATOR),
        ("komite.ketua", "Drs. Yusuf", "Rahman, M.Si.", None, Role.KOMITE_KETUA),
        ("komite.sekretaris", "Dewi", "Lestari, S.E.", None, Role.KOMITE_SEKRETARIS),
        ("komite.anggota", "Ir. Bambang", "Sutrisno, M.T.", None, Role.KOMITE_ANGGOTA),
        ("komite.anggota2", "Hj. Nurul", "Aini, S.Sos., M.AP.", None, Role.KOMITE_ANGGOTA),
        ("komite.anggota3", "Agus", "Salim, S.T., M.Eng.", None, Role.KOMITE_ANGGOTA),
        ("ppk", "H. Ahmad", "Fauzi, S.H., M.H.", None, Role.PPK),
        ("asn", "Siti", "Rahmawati, S.Pd.", "199003152015032002", Role.ASN),
    ]
    with instansi_scope(utama):
        for username, first, last, nip, role in people:
            user = _user(username=username, first_name=first, last_name=last, nip=nip)
            _member(user=user, role=role, instansi=utama)
    bkn = _user(username="bkn", first_name="Direktorat", last_name="Pengembangan Karier ASN, BKN")
    _member(user=bkn, role=Role.BKN, instansi=None)
    operator = _user(username="operator", first_name="Operator", last_name="Talenta", superuser=True)
    # A second BKN account that the operator granted the KRS Nasional search: the first one shows
    # that the role alone does not open it.
    bkn_krs = _user(username="bkn.krs", first_name="Analis Mobilitas", last_name="Talenta Nasional, BKN")
    _member(user=bkn_krs, role=Role.BKN, instansi=None)
    if akses_aktif_get(user=bkn_krs) is None:
        akses_beri(
            user=bkn_krs,
            dasar="ND Deputi Bidang Mutasi dan Status Kepegawaian (demo): pemetaan talenta lintas daerah",
            berlaku_mulai=timezone.localdate(),
            berlaku_sampai=None,
            actor=operator,
        )

    for instansi in instansi_list:
        with instansi_scope(instansi):
            ringkasan_refresh(instansi=instansi)

    logins.append(DemoLogin(f"admin.{utama.kode}", Role.ADMIN_BKD, utama.nama))
    logins.extend(DemoLogin(username, role, utama.nama) for username, _f, _l, _n, role in people)
    logins.append(DemoLogin("bkn", Role.BKN, "BKN (nasional)"))
    logins.append(DemoLogin("bkn.krs", Role.BKN, "BKN (nasional, akses KRS Nasional)"))
    logins.append(DemoLogin("operator", Role.OPERATOR, "platform"))
    return logins
