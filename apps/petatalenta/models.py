"""Rule sets (versioned, immutable once used), current placements with a dirty marker, and the
append-only placement history."""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class AturanBase(TenantOwnedModel):
    """One version of an instansi's rule set of some kind (talent, succession): its configuration
    is the kind's engine JSON; once results used it (`digunakan`), it never changes (each concrete
    kind protects that with a trigger of its own)."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        AKTIF = "aktif", _("Aktif")
        ARSIP = "arsip", _("Arsip")

    versi = models.PositiveIntegerField(_("versi"))
    nama = models.CharField(_("nama"), max_length=150)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAF)
    konfigurasi = models.JSONField(_("konfigurasi"))
    catatan = models.TextField(_("catatan perubahan"), blank=True)
    digunakan = models.BooleanField(_("sudah dipakai"), default=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diaktifkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-versi"]

    def __str__(self) -> str:
        return f"{self.nama} v{self.versi}"


class AturanTalenta(AturanBase):
    """One version of an instansi's talent rule set. The configuration is the engine's JSON
    (engine.Aturan.from_config validates it); once a placement used it, it never changes."""

    class Meta(AturanBase.Meta):
        verbose_name = _("aturan talenta")
        verbose_name_plural = _("aturan talenta")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "versi"], name="aturan_versi_unik"),
            models.UniqueConstraint(
                fields=["instansi"], condition=Q(status="aktif"), name="aturan_satu_aktif_per_instansi"
            ),
        ]
        triggers = [
            # A rule set that placed anyone is evidence: its configuration may never change.
            pgtrigger.Protect(
                name="aturan_terpakai_tidak_berubah",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__digunakan=True)
                & (pgtrigger.Q(old__konfigurasi__df=pgtrigger.F("new__konfigurasi"))),
            ),
        ]


class Penempatan(TenantOwnedModel):
    """The current placement of one pegawai for one period (year), recomputed when inputs change."""

    class Status(models.TextChoices):
        FINAL = "final", _("Final")
        PERLU_DATA = "perlu_data", _("Perlu data")

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="penempatan")
    periode = models.PositiveSmallIntegerField(_("periode (tahun)"))
    aturan = models.ForeignKey(
        AturanTalenta, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    skor_potensial = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    skor_kinerja = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    level_potensial = models.CharField(max_length=10, blank=True)
    level_kinerja = models.CharField(max_length=10, blank=True)
    kotak = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    talent_pool = models.BooleanField(default=False)
    kekurangan = models.JSONField(default=list, blank=True)
    rincian = models.JSONField(default=dict, blank=True)  # components and the inputs used
    inputs_hash = models.CharField(max_length=64, blank=True)
    dihitung_pada = models.DateTimeField(null=True, blank=True)
    # Set in the same transaction as any input change; cleared by the flush only if unchanged.
    dirty_since = models.DateTimeField(null=True, blank=True)
    # Why it was marked dirty (the sender's cause, e.g. "skp.import"): the history records it.
    penyebab_kotor = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("penempatan talenta")
        verbose_name_plural = _("penempatan talenta")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "periode"], name="penempatan_satu_per_periode"
            )
        ]
        indexes = [
            models.Index(fields=["instansi", "periode", "kotak"], name="penempatan_kotak"),
            models.Index(
                fields=["instansi", "dirty_since"],
                condition=Q(dirty_since__isnull=False),
                name="penempatan_kotor",
            ),
        ]


class PengaturanTalenta(TenantOwnedModel):
    """Per-instansi settings of the talent map; no row means the defaults."""

    asn_boleh_lihat_kotak = models.BooleanField(
        _("ASN boleh melihat kotak talentanya sendiri"),
        default=False,
        help_text=_("Jika aktif, ASN melihat kotak, alasan dan langkah pengembangannya di Profil Saya."),
    )

    class Meta:
        verbose_name = _("pengaturan talenta")
        verbose_name_plural = _("pengaturan talenta")
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturantalenta_satu_per_instansi")
        ]


class HitungUlang(TenantOwnedModel):
    """One bulk recompute (rule-set activation, command, big import): what the progress bar shows.

    Progress is read from the placements themselves (how many of the instansi's period are still
    dirty), so it stays true across worker crashes and retries; `selesai_pada` is set by the flush
    that finds nothing left.
    """

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    periode = models.PositiveSmallIntegerField()
    aturan = models.ForeignKey(AturanTalenta, on_delete=models.PROTECT, null=True, related_name="+")
    penyebab = models.CharField(max_length=100)
    total = models.PositiveIntegerField(default=0)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dimulai_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dimulai_pada"]
        verbose_name = _("hitung ulang")
        verbose_name_plural = _("hitung ulang")
        constraints = [models.UniqueConstraint(fields=["instansi", "uuid"], name="hitungulang_uuid_unik")]


class RiwayatPenempatan(TenantOwnedModel):
    """Append-only: every change of box, with the rule version and the cause."""

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="+")
    periode = models.PositiveSmallIntegerField()
    aturan = models.ForeignKey(AturanTalenta, on_delete=models.PROTECT, null=True, related_name="+")
    kotak_lama = models.PositiveSmallIntegerField(null=True)
    kotak_baru = models.PositiveSmallIntegerField(null=True)
    status = models.CharField(max_length=10)
    skor_potensial = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    skor_kinerja = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    penyebab = models.CharField(max_length=100)
    inputs_hash = models.CharField(max_length=64)
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dicatat_pada", "-id"]
        verbose_name = _("riwayat penempatan")
        verbose_name_plural = _("riwayat penempatan")
        indexes = [models.Index(fields=["instansi", "pegawai", "periode"], name="riwayatpenempatan_pegawai")]
        triggers = [
            pgtrigger.Protect(
                name="riwayat_penempatan_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]


class PratinjauAturan(TenantOwnedModel):
    """One impact preview of a rule-set version (of any kind: `jenis` is its JenisAturan.kode)
    against the version active when it was asked for: computed by a worker with the same pure
    engine and the same inputs as a recompute, writing no result of the kind (no placement, no
    candidate row). The kind's summary is kept in `ringkasan`; its per-person differences in the
    kind's own rows (PratinjauPenempatan, suksesi.PratinjauKandidat).

    A preview stays *current* while `konfigurasi_hash` equals the hash of the two versions'
    configurations now (aturan.pratinjau.pratinjau_hash): editing the draf, or another version
    becoming active, makes it stale, and activation asks for a new one.
    """

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    jenis = models.CharField(max_length=20)  # "talenta" | "suksesi"
    aturan_pk = models.PositiveIntegerField()  # the previewed version (a pk of jenis.model)
    aturan_versi = models.PositiveIntegerField()
    aktif_pk = models.PositiveIntegerField(null=True, blank=True)  # None: the preset in force
    aktif_versi = models.PositiveIntegerField(null=True, blank=True)
    konfigurasi_hash = models.CharField(max_length=64)
    periode = models.PositiveSmallIntegerField(null=True, blank=True)
    tanggal_acuan = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    ringkasan = models.JSONField(default=dict, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("pratinjau dampak aturan")
        verbose_name_plural = _("pratinjau dampak aturan")
        constraints = [models.UniqueConstraint(fields=["instansi", "uuid"], name="pratinjau_uuid_unik")]
        indexes = [
            models.Index(fields=["instansi", "jenis", "aturan_pk"], name="pratinjau_versi"),
        ]


class PratinjauPenempatan(TenantOwnedModel):
    """One pegawai whose placement a talent rule-set preview would change (box, status or talent
    pool): both sides as the engine computes them from the same inputs, and what made the
    difference. Pegawai who would not change have no row (the summary counts them)."""

    pratinjau = models.ForeignKey(PratinjauAturan, on_delete=models.CASCADE, related_name="penempatan")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    unit_kerja = models.ForeignKey(
        "instansi.UnitKerja", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kotak_lama = models.PositiveSmallIntegerField(null=True, blank=True)
    kotak_baru = models.PositiveSmallIntegerField(null=True, blank=True)
    status_lama = models.CharField(max_length=10, blank=True)
    status_baru = models.CharField(max_length=10, blank=True)
    talent_pool_lama = models.BooleanField(default=False)
    talent_pool_baru = models.BooleanField(default=False)
    skor_potensial_lama = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    skor_potensial_baru = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    skor_kinerja_lama = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    skor_kinerja_baru = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    penentu = models.CharField(max_length=300, blank=True)  # the component/setting that made the difference

    class Meta:
        ordering = ["id"]
        verbose_name = _("perubahan penempatan (pratinjau)")
        verbose_name_plural = _("perubahan penempatan (pratinjau)")
        indexes = [
            models.Index(fields=["instansi", "pratinjau", "unit_kerja"], name="pratinjaupenempatan_unit")
        ]
