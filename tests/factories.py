"""factory_boy factories. Tenants are real Kemendagri regions (loaded by migration), never invented."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.asesmen.models import MASA_BERLAKU_BAWAAN_TAHUN, Asesmen, AsesmenKompetensi
from apps.asesmen.services import berlaku_sampai_default
from apps.core.roles import Role
from apps.instansi.models import Instansi, Membership, UnitKerja, Wilayah
from apps.instansi.services import instansi_create
from apps.kinerja.models import SKP, PredikatOrganisasi, UmpanBalik360
from apps.kinerja.predikat import Predikat, Rating, predikat_derive
from apps.komite.models import AgendaSidang, AnggotaKomite, Sidang
from apps.pegawai.models import (
    HukumanDisiplin,
    Organisasi,
    Pegawai,
    Penghargaan,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikat,
    SkTimKerja,
    StatusVerifikasi,
)
from apps.pegawai.services import kelengkapan_recompute
from apps.petatalenta.engine import KOTAK_PERMENPANRB, PRESET_BERBOBOT
from apps.petatalenta.models import AturanTalenta, Penempatan, RiwayatPenempatan

User = get_user_model()


def wilayah_ensure() -> None:
    """Reference data comes from a migration; transactional tests flush it, so reload it then."""
    if not Wilayah.objects.exists():
        call_command("load_wilayah", verbosity=0)


def instansi_for(kode: str) -> Instansi:
    """The tenant for a Kemendagri region code, created through the service like production."""
    wilayah_ensure()
    return instansi_create(wilayah=Wilayah.objects.get(kode=kode), actor=None)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    password = factory.django.Password("rahasia-Talenta-1")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.ASN


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    kode = factory.Sequence(lambda n: f"UK{n:04d}")
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    jenis = UnitKerja.Jenis.PERANGKAT_DAERAH
    induk = None


def user_with_role(role: Role, instansi: Instansi | None, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, role=role, instansi=instansi)
    return user


# --- pegawai ---------------------------------------------------------------------------------------


def nip_pns(*, lahir: dt.date, tmt: dt.date, kelamin: str = "L", urut: int = 1) -> str:
    """A valid PNS NIP for the given birth date, TMT CPNS and sex."""
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{'1' if kelamin == 'L' else '2'}{urut:03d}"


def ni_pppk(*, lahir: dt.date, tahun: int, perjanjian: int = 1, kelamin: str = "P", urut: int = 1) -> str:
    return f"{lahir:%Y%m%d}{tahun:04d}{perjanjian:02d}{'1' if kelamin == 'L' else '2'}{urut:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    """A PNS with a NIP consistent with birth date and sex. Pass `instansi=`."""

    class Meta:
        model = Pegawai

    tanggal_lahir = factory.Sequence(lambda n: dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
    jenis_kelamin = factory.Sequence(lambda n: "L" if n % 2 == 0 else "P")
    nip = factory.LazyAttributeSequence(
        lambda o, n: nip_pns(
            lahir=o.tanggal_lahir,
            tmt=dt.date(o.tanggal_lahir.year + 24, 3, 1),
            kelamin=o.jenis_kelamin,
            urut=1 + n % 999,
        )
    )
    nama = factory.Faker("name", locale="id_ID")
    status_kepegawaian = "pns"
    golongan = "III/b"
    jenis_jabatan = "pelaksana"
    nama_jabatan = "Pengadministrasi Umum"
    pendidikan_terakhir = "s1"


class AsnPegawaiFactory(PegawaiFactory):
    """An ASN account linked to its pegawai record, with its completeness computed. Data pokok,
    jabatan and kontak are complete; pendidikan, riwayat jabatan and pengembangan are not: 4 of 7
    checks, 57 %. Pass `instansi=` and `username=`."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        username = factory.Sequence(lambda n: f"asn{n}")

    nama = "Siti Rahmawati"
    user = factory.LazyAttribute(
        lambda o: user_with_role(
            Role.ASN,
            o.instansi,
            username=o.username,
            first_name=o.nama.partition(" ")[0],
            last_name=o.nama.partition(" ")[2],
        )
    )
    unit_kerja = factory.SubFactory(UnitKerjaFactory, instansi=factory.SelfAttribute("..instansi"))
    tmt_jabatan = dt.date(2020, 1, 1)
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    telepon = "081234567890"
    tanggal_lahir = dt.date(1986, 9, 26)
    jenis_kelamin = "L"

    @factory.post_generation
    def kelengkapan(obj, create, extracted, **kwargs):
        if create:
            with scopes_disabled():
                kelengkapan_recompute(pegawai=obj)


class TenantRowFactory(factory.django.DjangoModelFactory):
    """A row of one pegawai: pass `pegawai=`; it belongs to the pegawai's instansi unless told
    otherwise (a row stays with the instansi that made it when the pegawai moves)."""

    class Meta:
        abstract = True

    instansi = factory.LazyAttribute(lambda o: o.pegawai.instansi)


# --- riwayat (portfolio): one factory per kind of RIWAYAT_MODELS ------------------------------------


class RiwayatFactory(TenantRowFactory):
    """Submitted and waiting for verification, as an ASN's new item is."""

    class Meta:
        abstract = True

    status = StatusVerifikasi.DIAJUKAN
    diajukan_pada = factory.LazyFunction(timezone.now)


class RiwayatPendidikanFactory(RiwayatFactory):
    class Meta:
        model = RiwayatPendidikan

    jenjang = "s1"
    jurusan = "Administrasi Negara"
    institusi = "Universitas Palangka Raya"
    tahun_lulus = 2008


class RiwayatDiklatFactory(RiwayatFactory):
    class Meta:
        model = RiwayatDiklat

    jenis = RiwayatDiklat.Jenis.TEKNIS
    nama = "Pelatihan Pengelolaan Arsip Dinamis"
    penyelenggara = "BPSDM Provinsi"
    tanggal_mulai = dt.date(2024, 5, 6)
    tanggal_selesai = dt.date(2024, 5, 10)
    jam_pelajaran = 40


class SertifikatFactory(RiwayatFactory):
    class Meta:
        model = Sertifikat

    nama = "Sertifikasi Pengadaan Barang/Jasa Tingkat Dasar"
    penerbit = "LKPP"
    tanggal_terbit = dt.date(2024, 1, 15)


class PenghargaanFactory(RiwayatFactory):
    class Meta:
        model = Penghargaan

    jenis = Penghargaan.Jenis.SATYALENCANA_X
    pemberi = "Presiden Republik Indonesia"
    tanggal = dt.date(2023, 8, 17)


class SkTimKerjaFactory(RiwayatFactory):
    class Meta:
        model = SkTimKerja

    nama_tim = "Tim Penyusun Renstra"
    peran = "Anggota"
    nomor_sk = "800/1/BKPSDM"
    tanggal_sk = dt.date(2024, 1, 5)


class RiwayatJabatanFactory(RiwayatFactory):
    class Meta:
        model = RiwayatJabatan

    jenis_jabatan = "pelaksana"
    nama_jabatan = "Pengadministrasi Umum"
    unit = "Sekretariat Daerah"
    tmt_mulai = dt.date(2015, 3, 1)


class OrganisasiFactory(RiwayatFactory):
    class Meta:
        model = Organisasi

    nama = "KORPRI"
    jabatan = "Anggota"
    tanggal_mulai = dt.date(2016, 1, 1)


class HukumanDisiplinFactory(RiwayatFactory):
    """Entered by BKD, so approved at once."""

    class Meta:
        model = HukumanDisiplin

    status = StatusVerifikasi.DISETUJUI
    diajukan_pada = None
    tingkat = HukumanDisiplin.Tingkat.RINGAN
    jenis_hukuman = "Teguran lisan"
    nomor_sk = "800/1/BKPSDM"
    tmt_mulai = dt.date(2024, 2, 1)


RIWAYAT_FACTORIES = {
    factory_class._meta.model: factory_class
    for factory_class in (
        RiwayatPendidikanFactory,
        RiwayatDiklatFactory,
        SertifikatFactory,
        PenghargaanFactory,
        SkTimKerjaFactory,
        RiwayatJabatanFactory,
        OrganisasiFactory,
        HukumanDisiplinFactory,
    )
}


# --- asesmen and SKP -------------------------------------------------------------------------------


class AsesmenFactory(TenantRowFactory):
    """An assessment-centre result taken a month ago, valid for the national default (three years)."""

    class Meta:
        model = Asesmen

    tanggal = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    lembaga = "UPT Penilaian Kompetensi BKD"
    metode = Asesmen.Metode.ASSESSMENT_CENTER
    nilai_potensi = Decimal("77.50")
    jpm = Decimal("90.00")
    berlaku_sampai = factory.LazyAttribute(
        lambda o: berlaku_sampai_default(o.tanggal, MASA_BERLAKU_BAWAAN_TAHUN)
    )


class AsesmenKompetensiFactory(factory.django.DjangoModelFactory):
    """One competency of an asesmen (pass `asesmen=`), in the asesmen's instansi."""

    class Meta:
        model = AsesmenKompetensi

    instansi = factory.LazyAttribute(lambda o: o.asesmen.instansi)
    kompetensi = factory.Sequence(lambda n: f"Kompetensi {n}")
    kelompok = AsesmenKompetensi.Kelompok.MANAJERIAL
    level_standar = 3
    level_individu = 3


# The rating pair that gives each predikat, for tests that think in predikat.
RATINGS_OF_PREDIKAT = {
    Predikat.SANGAT_BAIK: (Rating.DI_ATAS, Rating.DI_ATAS),
    Predikat.BAIK: (Rating.SESUAI, Rating.SESUAI),
    Predikat.BUTUH_PERBAIKAN: (Rating.DI_BAWAH, Rating.SESUAI),
    Predikat.KURANG_MISCONDUCT: (Rating.SESUAI, Rating.DI_BAWAH),
    Predikat.SANGAT_KURANG: (Rating.DI_BAWAH, Rating.DI_BAWAH),
}


class SKPFactory(TenantRowFactory):
    """Last year's annual SKP, Baik. Give the predikat or the ratings, the other follows from the
    matrix: `SKPFactory(pegawai=p, predikat="Sangat Baik")` or `rating_hasil_kerja="di_atas", ...`."""

    class Meta:
        model = SKP

    tahun = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    periode = "tahunan"
    rating_hasil_kerja = None
    rating_perilaku_kerja = None
    predikat = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        hasil, perilaku, predikat = (
            kwargs["rating_hasil_kerja"],
            kwargs["rating_perilaku_kerja"],
            kwargs["predikat"],
        )
        if hasil is None and perilaku is None:
            hasil, perilaku = RATINGS_OF_PREDIKAT[predikat or Predikat.BAIK]
        hasil, perilaku = hasil or Rating.SESUAI, perilaku or Rating.SESUAI
        kwargs.update(
            rating_hasil_kerja=hasil,
            rating_perilaku_kerja=perilaku,
            predikat=predikat or predikat_derive(hasil_kerja=hasil, perilaku_kerja=perilaku),
        )
        return kwargs


class PredikatOrganisasiFactory(factory.django.DjangoModelFactory):
    """A unit's organisational predikat for last year (pass `unit_kerja=`)."""

    class Meta:
        model = PredikatOrganisasi

    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi)
    tahun = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    predikat = PredikatOrganisasi.Nilai.BAIK


# --- talent map ------------------------------------------------------------------------------------


def _aturan_versi_next(instansi) -> int:
    with scopes_disabled():
        return AturanTalenta.objects.filter(instansi=instansi).count() + 1


class AturanTalentaFactory(factory.django.DjangoModelFactory):
    """A draft rule set of the national weighted preset, the instansi's next version (pass
    `instansi=`). `status="aktif"` needs no other active version in the instansi."""

    class Meta:
        model = AturanTalenta

    versi = factory.LazyAttribute(lambda o: _aturan_versi_next(o.instansi))
    nama = "Preset berbobot"
    konfigurasi = factory.LazyFunction(lambda: copy.deepcopy(PRESET_BERBOBOT))


# (kinerja, potensial) levels of each box under the PermenPANRB numbering.
LEVELS_OF_KOTAK = {nomor: cell for cell, nomor in KOTAK_PERMENPANRB.items()}


class PenempatanFactory(TenantRowFactory):
    """A computed placement as the flush stores it (this year, final), written directly. Give
    `kotak=`: the levels follow the PermenPANRB numbering and boxes 7–9 of a final placement are in
    the talent pool, unless given."""

    class Meta:
        model = Penempatan

    periode = factory.LazyFunction(lambda: timezone.localdate().year)
    kotak = None
    status = Penempatan.Status.FINAL
    level_kinerja = factory.LazyAttribute(lambda o: LEVELS_OF_KOTAK.get(o.kotak, ("", ""))[0])
    level_potensial = factory.LazyAttribute(lambda o: LEVELS_OF_KOTAK.get(o.kotak, ("", ""))[1])
    talent_pool = factory.LazyAttribute(
        lambda o: o.status == Penempatan.Status.FINAL and o.kotak in (7, 8, 9)
    )


class RiwayatPenempatanFactory(TenantRowFactory):
    """One history row of a placement (append-only: create, never change)."""

    class Meta:
        model = RiwayatPenempatan

    periode = factory.LazyFunction(lambda: timezone.localdate().year)
    kotak_lama = None
    kotak_baru = 5
    status = Penempatan.Status.FINAL
    penyebab = "uji"
    inputs_hash = "x"


# suksesi: aturan -----------------------------------------------------------------------------------
from apps.suksesi.aturan import preset_konfigurasi as preset_suksesi  # noqa: E402
from apps.suksesi.models import AturanSuksesi  # noqa: E402


def _aturan_suksesi_versi_next(instansi) -> int:
    with scopes_disabled():
        return AturanSuksesi.objects.filter(instansi=instansi).count() + 1


class AturanSuksesiFactory(factory.django.DjangoModelFactory):
    """A draf succession rule set of the national preset (every setting written out), the
    instansi's next version (pass `instansi=`)."""

    class Meta:
        model = AturanSuksesi

    versi = factory.LazyAttribute(lambda o: _aturan_suksesi_versi_next(o.instansi))
    nama = "Preset nasional suksesi"
    konfigurasi = factory.LazyFunction(preset_suksesi)


# --- suksesi: halaman -------------------------------------------------------------------------------
# Key posts and the derived rows the workers write (Kandidat, StatusSuksesi), written directly so
# the pages can be tested without the engine. Kandidat.kriteria follows the engine's contract: one
# item per criterion in KRITERIA order, {"kode", "hasil", "alasan", "waktu", "verifikasi"}.

from apps.core.tenancy import instansi_scope  # noqa: E402
from apps.suksesi import engine as suksesi_engine  # noqa: E402
from apps.suksesi.models import (  # noqa: E402
    JabatanKunci,
    Kandidat,
    KandidatDasar,
    NominasiKhusus,
    StatusSuksesi,
)


class JabatanKunciFactory(factory.django.DjangoModelFactory):
    """An Administrator key post (pass `instansi=` and `unit_kerja=`), vacant unless `pemegang=`."""

    class Meta:
        model = JabatanKunci

    nama = factory.Sequence(lambda n: f"Kepala Bidang {n + 1}")
    jenis_jabatan = "administrator"
    jenjang_fungsional = ""
    pemegang = None
    alasan = "Jabatan strategis yang memimpin layanan utama perangkat daerah."
    standar_kompetensi = factory.LazyFunction(
        lambda: [{"kompetensi": "Integritas", "level": 4}, {"kompetensi": "Kerja sama", "level": 3}]
    )
    syarat_tambahan = factory.LazyFunction(dict)


def kriteria_semua(hasil: str = suksesi_engine.MEMENUHI, **lain: dict) -> list[dict]:
    """Every criterion with `hasil` (reason "terpenuhi"), except those given by code: `jalur={...}`
    replaces (and completes) that criterion's item."""
    items = []
    for kode in suksesi_engine.KRITERIA:
        item = {"kode": kode, "hasil": hasil, "alasan": "terpenuhi", "waktu": False, "verifikasi": []}
        item.update(lain.get(kode, {}))
        items.append(item)
    return items


def _kelayakan_dari(kriteria: list[dict]) -> str:
    hasil = {item["hasil"] for item in kriteria}
    return next(h for h in suksesi_engine.HASIL_URUTAN if h in hasil)


class KandidatFactory(TenantRowFactory):
    """A stored candidate (pass `jabatan_kunci=` and `pegawai=`): eligible, box 9, ready now unless
    told. `kriteria` (all nine, as readers show them) decides `kelayakan` (the worst criterion)
    unless `kelayakan` is given; stored as the flush stores it: the level-only criteria in the
    pegawai's KandidatDasar row of the post's level (created, or replaced), the others on the row."""

    class Meta:
        model = Kandidat

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kriteria = kwargs.pop("kriteria")
        jabatan = kwargs["jabatan_kunci"]
        kwargs.setdefault("tingkat", jabatan.tingkat)
        tingkat_saja = [k for k in kriteria if k["kode"] in suksesi_engine.KRITERIA_TINGKAT]
        kwargs["kriteria"] = [k for k in kriteria if k["kode"] not in suksesi_engine.KRITERIA_TINGKAT]
        kandidat = super()._create(model_class, *args, **kwargs)
        with instansi_scope(kandidat.instansi):
            KandidatDasar.objects.update_or_create(
                instansi=kandidat.instansi,
                pegawai=kandidat.pegawai,
                tingkat=kandidat.tingkat,
                defaults={
                    "kriteria": tingkat_saja,
                    "hasil_hash": "uji",
                    "dihitung_pada": kandidat.dihitung_pada,
                },
            )
        return kandidat

    kotak = 9
    nominasi = False
    kriteria = factory.LazyFunction(kriteria_semua)
    kelayakan = factory.LazyAttribute(lambda o: _kelayakan_dari(o.kriteria))
    jpm_jabatan = Decimal("85.00")
    jpm_sumber = "kompetensi"
    skor_peringkat = Decimal("80.00")
    kesiapan = suksesi_engine.SIAP_SEKARANG
    alasan_kesiapan = "semua syarat terpenuhi dan JPM terhadap jabatan 85,00 (≥ 80)"
    tahun_ke_bup = Decimal("12.0")
    tanggal_acuan = factory.LazyFunction(timezone.localdate)
    hasil_hash = "uji"
    dihitung_pada = factory.LazyFunction(timezone.now)


class StatusSuksesiFactory(factory.django.DjangoModelFactory):
    """A computed status of a key post (pass `jabatan_kunci=`); its instansi is the post's."""

    class Meta:
        model = StatusSuksesi

    instansi = factory.LazyAttribute(lambda o: o.jabatan_kunci.instansi)
    tanggal_acuan = factory.LazyFunction(timezone.localdate)
    tanggal_bup_pemegang = None
    kekuatan_bench = 0
    berisiko = False
    alasan_risiko = ""
    dihitung_pada = factory.LazyFunction(timezone.now)
    dirty_since = None


class NominasiKhususFactory(TenantRowFactory):
    """An exception the Komite nominated (pass `jabatan_kunci=` and `pegawai=`)."""

    class Meta:
        model = NominasiKhusus

    alasan = "Kinerja luar biasa pada penugasan khusus penanganan banjir."


# --- komite --------------------------------------------------------------------------------------


class AnggotaKomiteFactory(factory.django.DjangoModelFactory):
    """A committee member (pass `instansi=` and `user=`; the user's role should be the matching
    Komite role). Active from 1 January 2020, open-ended."""

    class Meta:
        model = AnggotaKomite

    peran = AnggotaKomite.Peran.ANGGOTA
    pengganti_ketua = False
    mulai = dt.date(2020, 1, 1)
    selesai = None


class SidangFactory(factory.django.DjangoModelFactory):
    """A draft session of the current period (pass `instansi=`)."""

    class Meta:
        model = Sidang

    judul = factory.Sequence(lambda n: f"Sidang Komite Talenta {n + 1}")
    periode = factory.LazyFunction(lambda: timezone.localdate().year)
    tanggal = factory.LazyFunction(timezone.localdate)
    tempat = "Ruang Rapat Sekretariat Daerah"
    status = Sidang.Status.DRAF


class AgendaSidangFactory(factory.django.DjangoModelFactory):
    """A review item (pass `sidang=`); give `jenis` with `pegawai=` or `jabatan_kunci=` for the others."""

    class Meta:
        model = AgendaSidang

    instansi = factory.SelfAttribute("sidang.instansi")
    urutan = factory.Sequence(lambda n: n + 1)
    jenis = AgendaSidang.Jenis.TINJAU_PETA


# --- pengembangan: IDP ---------------------------------------------------------------------------

from apps.pengembangan.models import Idp, KegiatanIdp  # noqa: E402


class IdpFactory(TenantRowFactory):
    """A draft IDP of this year (pass `pegawai=`)."""

    class Meta:
        model = Idp

    tahun = factory.LazyFunction(lambda: timezone.localdate().year)
    status = Idp.Status.DRAF


class KegiatanIdpFactory(factory.django.DjangoModelFactory):
    """A planned training activity of an IDP (pass `idp=`): 16 JP e-learning over the IDP's year."""

    class Meta:
        model = KegiatanIdp

    instansi = factory.LazyAttribute(lambda o: o.idp.instansi)
    jenis = "pendidikan"
    sub_jenis = "e_learning"
    nama = factory.Sequence(lambda n: f"Pelatihan Analisis Kebijakan {n + 1}")
    tanggal_mulai = factory.LazyAttribute(lambda o: dt.date(o.idp.tahun, 1, 1))
    tanggal_selesai = factory.LazyAttribute(lambda o: dt.date(o.idp.tahun, 12, 31))
    perkiraan_jam = 16
    jam_pelajaran = 16


class UmpanBalik360Factory(TenantRowFactory):
    """A 360° feedback result of last month, 80."""

    class Meta:
        model = UmpanBalik360

    tanggal = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    skor = Decimal("80")
    penyelenggara = "BKD"
