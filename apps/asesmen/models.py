"""Assessment-centre results (asesmen): potential score, competency JPM, validity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, row_history

from .jpm import KategoriMS, KategoriOptimal, kategori_ms, kategori_optimal

MASA_BERLAKU_BAWAAN_TAHUN = 3
SKOR = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Sumber(models.TextChoices):
    IMPOR = "impor", _("Impor berkas")
    MANUAL = "manual", _("Isian manual")
    API = "api", _("Integrasi API")


class PengaturanAsesmen(TenantOwnedModel):
    masa_berlaku_tahun = models.PositiveSmallIntegerField(
        _("masa berlaku asesmen (tahun)"), default=MASA_BERLAKU_BAWAAN_TAHUN
    )

    class Meta:
        verbose_name = _("pengaturan asesmen")
        verbose_name_plural = _("pengaturan asesmen")
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturanasesmen_satu_per_instansi")
        ]


@row_history(model_name="AsesmenEvent")
class Asesmen(TenantOwnedModel):
    """One assessment of one pegawai. Stays with the instansi that commissioned it (mutasi)."""

    class Metode(models.TextChoices):
        ASSESSMENT_CENTER = "assessment_center", _("Assessment Center")
        CACT = "cact", _("CACT")
        UJI_KOMPETENSI = "uji_kompetensi", _("Uji Kompetensi")

    # The eight potential aspects of BKN's potential assessment (docs/domain.md §6.6), 0–100.
    ASPEK = [
        ("aspek_intelektual", _("Kemampuan intelektual")),
        ("aspek_interpersonal", _("Kemampuan interpersonal")),
        ("aspek_kesadaran_diri", _("Kesadaran diri")),
        ("aspek_berpikir_kritis", _("Berpikir kritis dan strategis")),
        ("aspek_pemecahan_masalah", _("Kemampuan menyelesaikan permasalahan")),
        ("aspek_kecerdasan_emosional", _("Kecerdasan emosional")),
        ("aspek_motivasi", _("Motivasi dan komitmen")),
        ("aspek_belajar", _("Kemauan belajar / pengembangan diri")),
    ]

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="asesmen")
    tanggal = models.DateField(_("tanggal asesmen"))
    lembaga = models.CharField(_("lembaga / assessment center"), max_length=200)
    metode = models.CharField(_("metode"), max_length=20, choices=Metode.choices)
    nilai_potensi = models.DecimalField(_("nilai potensi"), max_digits=5, decimal_places=2, validators=SKOR)
    # JPM may exceed 100 (e.g. 138,89 %) and is stored exactly as the report gives it.
    jpm = models.DecimalField(
        _("JPM kompetensi (%)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("999.99"))],
    )
    aspek_intelektual = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_interpersonal = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_kesadaran_diri = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_berpikir_kritis = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_pemecahan_masalah = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_kecerdasan_emosional = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_motivasi = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    aspek_belajar = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=SKOR
    )
    berlaku_sampai = models.DateField(_("berlaku sampai"))
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices, default=Sumber.MANUAL)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-tanggal"]
        verbose_name = _("asesmen")
        verbose_name_plural = _("asesmen")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "tanggal", "metode"], name="asesmen_satu_per_tanggal_metode"
            ),
            models.CheckConstraint(
                condition=models.Q(nilai_potensi__gte=0, nilai_potensi__lte=100), name="asesmen_potensi_0_100"
            ),
            models.CheckConstraint(condition=models.Q(jpm__gte=0), name="asesmen_jpm_tidak_negatif"),
            models.CheckConstraint(
                condition=models.Q(berlaku_sampai__gte=models.F("tanggal")),
                name="asesmen_berlaku_setelah_tanggal",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "pegawai", "-tanggal"], name="asesmen_pegawai_terbaru")]

    def __str__(self) -> str:
        return f"{self.get_metode_display()} {self.tanggal:%d-%m-%Y} — {self.lembaga}"

    @property
    def kategori_ms(self) -> str:
        return KategoriMS(kategori_ms(self.jpm)).label

    @property
    def kategori_optimal(self) -> str:
        return KategoriOptimal(kategori_optimal(self.jpm)).label

    def berlaku_pada(self, tanggal: dt.date | None = None) -> bool:
        """Valid on `tanggal` (default today): the validity end day itself still counts."""
        return (tanggal or timezone.localdate()) <= self.berlaku_sampai

    @property
    def status(self) -> str:
        return "valid" if self.berlaku_pada() else "kedaluwarsa"


class AsesmenKompetensi(TenantOwnedModel):
    """One competency's level against the jabatan standard (optional detail of an asesmen)."""

    class Kelompok(models.TextChoices):
        MANAJERIAL = "manajerial", _("Manajerial")
        SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
        TEKNIS = "teknis", _("Teknis")

    asesmen = models.ForeignKey(Asesmen, on_delete=models.CASCADE, related_name="kompetensi")
    kompetensi = models.CharField(_("kompetensi"), max_length=120)
    kelompok = models.CharField(_("kelompok"), max_length=20, choices=Kelompok.choices)
    level_standar = models.PositiveSmallIntegerField(
        _("level standar"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    level_individu = models.PositiveSmallIntegerField(
        _("level individu"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("kompetensi asesmen")
        verbose_name_plural = _("kompetensi asesmen")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "asesmen", "kompetensi"], name="asesmenkompetensi_unik"
            )
        ]

    @property
    def gap(self) -> int:
        return self.level_individu - self.level_standar
