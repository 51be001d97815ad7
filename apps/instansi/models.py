"""Tenants (instansi daerah), the Kemendagri region reference, unit kerja, memberships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel
from apps.core.roles import NATIONAL_ROLES, TENANT_ROLES, Role
from apps.core.tenancy import ScopedManager


class Wilayah(models.Model):
    """Kemendagri administrative region: a province or a kabupaten/kota (reference data)."""

    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KABUPATEN_ADMINISTRASI = "kabupaten_administrasi", _("Kabupaten Administrasi")
        KOTA_ADMINISTRASI = "kota_administrasi", _("Kota Administrasi")

    # "62" for a province, "6271" for a kabupaten/kota (Kemendagri code without the dot).
    kode = models.CharField(_("kode"), max_length=4, unique=True)
    nama = models.CharField(_("nama"), max_length=100)
    jenis = models.CharField(_("jenis"), max_length=32, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anak",
        verbose_name=_("provinsi"),
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(jenis="provinsi", induk__isnull=True) | ~Q(jenis="provinsi") & Q(induk__isnull=False)
                ),
                name="wilayah_provinsi_tanpa_induk",
            ),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def is_provinsi(self) -> bool:
        return self.jenis == self.Jenis.PROVINSI

    @property
    def is_otonom(self) -> bool:
        """Autonomous regions employ ASN; DKI's administrative kota/kabupaten do not."""
        return self.jenis in {self.Jenis.PROVINSI, self.Jenis.KABUPATEN, self.Jenis.KOTA}

    @property
    def nama_lengkap(self) -> str:
        prefix = {
            self.Jenis.PROVINSI: "Provinsi",
            self.Jenis.KABUPATEN: "Kabupaten",
            self.Jenis.KOTA: "Kota",
            self.Jenis.KABUPATEN_ADMINISTRASI: "Kabupaten Administrasi",
            self.Jenis.KOTA_ADMINISTRASI: "Kota Administrasi",
        }[self.jenis]
        return f"{prefix} {self.nama}"


class Instansi(models.Model):
    """The tenant: one regional government (Pemprov, Pemkab or Pemkot)."""

    class Jenis(models.TextChoices):
        PEMPROV = "pemprov", _("Pemerintah Provinsi")
        PEMKAB = "pemkab", _("Pemerintah Kabupaten")
        PEMKOT = "pemkot", _("Pemerintah Kota")

    kode = models.CharField(_("kode Kemendagri"), max_length=4, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    jenis = models.CharField(_("jenis"), max_length=16, choices=Jenis.choices)
    wilayah = models.OneToOneField(
        Wilayah, on_delete=models.PROTECT, related_name="instansi", verbose_name=_("wilayah")
    )
    provinsi = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="instansi_di_provinsi",
        verbose_name=_("provinsi"),
    )
    nama_bkd = models.CharField(
        _("nama BKD/BKPSDM"), max_length=150, blank=True, help_text=_("Mis. BKPSDM Kabupaten Kapuas")
    )
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.nama


class UnitKerja(TenantOwnedModel):
    """A node of the instansi's organisation tree: perangkat daerah → bidang → seksi."""

    class Jenis(models.TextChoices):
        PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat Daerah")
        BIDANG = "bidang", _("Bidang/Bagian")
        SEKSI = "seksi", _("Seksi/Subbidang/Subbagian")

    # Which jenis may sit under which: the tree is exactly three levels deep.
    INDUK_JENIS = {
        Jenis.PERANGKAT_DAERAH: None,
        Jenis.BIDANG: Jenis.PERANGKAT_DAERAH,
        Jenis.SEKSI: Jenis.BIDANG,
    }

    kode = models.CharField(_("kode"), max_length=30)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anak",
        verbose_name=_("unit induk"),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="unitkerja_kode_unik"),
            models.CheckConstraint(
                condition=(
                    Q(jenis="perangkat_daerah", induk__isnull=True)
                    | ~Q(jenis="perangkat_daerah") & Q(induk__isnull=False)
                ),
                name="unitkerja_induk_sesuai_jenis",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "induk"], name="unitkerja_instansi_induk")]

    def __str__(self) -> str:
        return self.nama


class Membership(models.Model):
    """Ties a user to one instansi with one role (BKN users have a role and no instansi)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("pengguna"),
    )
    instansi = models.ForeignKey(
        Instansi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    role = models.CharField(_("peran"), max_length=32, choices=Role.choices)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(TENANT_ROLES), instansi__isnull=False)
                    | Q(role__in=sorted(NATIONAL_ROLES), instansi__isnull=True)
                ),
                name="membership_role_instansi",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
