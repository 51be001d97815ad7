"""factory_boy factories. Tenants are real Kemendagri regions (loaded by migration), never invented."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.core.roles import Role
from apps.instansi.models import Instansi, Membership, UnitKerja, Wilayah
from apps.instansi.services import instansi_create
from apps.pegawai.models import Pegawai

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
