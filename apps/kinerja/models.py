"""SKP / e-Kinerja ratings. The predikat is derived from the two ratings and the database refuses
any row where it is not (a CheckConstraint spells out the nine cells of the matrix)."""

from __future__ import annotations

import operator
from functools import reduce

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, row_history

from .predikat import MATRIKS, Predikat, Rating


class Sumber(models.TextChoices):
    IMPOR = "impor", _("Impor berkas")
    MANUAL = "manual", _("Isian manual")
    API = "api", _("Integrasi API")


class Periode(models.TextChoices):
    TAHUNAN = "tahunan", _("Tahunan")
    TW1 = "tw1", _("Triwulan I")
    TW2 = "tw2", _("Triwulan II")
    TW3 = "tw3", _("Triwulan III")
    TW4 = "tw4", _("Triwulan IV")


_MATRIKS_SAH = reduce(
    operator.or_,
    [
        Q(rating_hasil_kerja=str(hasil), rating_perilaku_kerja=str(perilaku), predikat=str(predikat))
        for (hasil, perilaku), predikat in MATRIKS.items()
    ],
)


@row_history(model_name="SKPEvent")
class SKP(TenantOwnedModel):
    """One SKP evaluation of one pegawai for one period. Stays with the instansi that evaluated it."""

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="skp")
    tahun = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    periode = models.CharField(_("periode"), max_length=8, choices=Periode.choices)
    rating_hasil_kerja = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices)
    rating_perilaku_kerja = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices
    )
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices)
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices, default=Sumber.MANUAL)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-tahun", "periode"]
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "tahun", "periode"], name="skp_satu_per_periode"
            ),
            models.CheckConstraint(condition=_MATRIKS_SAH, name="skp_predikat_sesuai_matriks"),
        ]
        indexes = [
            models.Index(fields=["instansi", "tahun", "periode"], name="skp_instansi_tahun"),
            models.Index(fields=["instansi", "pegawai", "-tahun"], name="skp_pegawai_terbaru"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.get_periode_display()} {self.tahun}: {self.predikat}"


class PredikatOrganisasi(TenantOwnedModel):
    """A unit's own organisational predikat for a year: it caps its employees' distribution."""

    class Nilai(models.TextChoices):
        ISTIMEWA = "istimewa", _("Istimewa")
        BAIK = "baik", _("Baik")
        BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan / Cukup")
        KURANG = "kurang", _("Kurang")
        SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")

    unit_kerja = models.ForeignKey("instansi.UnitKerja", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat organisasi"), max_length=20, choices=Nilai.choices)

    class Meta:
        verbose_name = _("predikat organisasi")
        verbose_name_plural = _("predikat organisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "unit_kerja", "tahun"], name="predikatorganisasi_unik"
            )
        ]


@row_history(model_name="UmpanBalik360Event")
class UmpanBalik360(TenantOwnedModel):
    """One 360° feedback result of one pegawai (0–100) on a date. It counts in the talent engine
    only inside the validity window (settings.KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN) before the
    reference date; the latest one inside the window is used."""

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="umpan_balik_360")
    tanggal = models.DateField(_("tanggal penilaian"))
    skor = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    penyelenggara = models.CharField(
        _("penyelenggara"), max_length=200, blank=True, help_text=_("Mis. BKD, unit kerja, lembaga survei.")
    )
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices, default=Sumber.MANUAL)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-tanggal"]
        verbose_name = _("umpan balik 360°")
        verbose_name_plural = _("umpan balik 360°")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "tanggal"], name="umpanbalik360_satu_per_tanggal"
            ),
            models.CheckConstraint(
                condition=Q(skor__gte=0) & Q(skor__lte=100), name="umpanbalik360_skor_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "-tanggal"], name="umpanbalik360_pegawai_terbaru"),
        ]

    def __str__(self) -> str:
        return f"Umpan balik 360° {self.tanggal}: {self.skor}"
