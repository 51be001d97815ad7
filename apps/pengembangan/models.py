"""Development (pengembangan): the individual development plan (IDP) on 70:20:10 and the
assessment budget that cuts the assessment queue (docs/pengembangan.md, docs/domain.md §10)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class JenisKegiatan(models.TextChoices):
    """The three kinds of the 70:20:10 model, with their target shares (percent)."""

    PENGALAMAN = "pengalaman", _("Pengalaman (70)")
    EKSPOSUR = "eksposur", _("Eksposur / interaksi (20)")
    PENDIDIKAN = "pendidikan", _("Pendidikan dan pelatihan (10)")


PORSI_702010 = {JenisKegiatan.PENGALAMAN: 70, JenisKegiatan.EKSPOSUR: 20, JenisKegiatan.PENDIDIKAN: 10}


class SubJenisKegiatan(models.TextChoices):
    # 70: learning on the job
    PENUGASAN_KHUSUS = "penugasan_khusus", _("Penugasan khusus")
    ROTASI = "rotasi", _("Rotasi")
    JOB_ENRICHMENT = "job_enrichment", _("Pengayaan pekerjaan (job enrichment)")
    JOB_ENLARGEMENT = "job_enlargement", _("Perluasan pekerjaan (job enlargement)")
    PROYEK = "proyek", _("Proyek")
    # 20: learning from others
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    KONSELING = "konseling", _("Konseling kinerja")
    BENCHMARKING = "benchmarking", _("Benchmarking / magang")
    KOMUNITAS_PRAKTIK = "komunitas_praktik", _("Komunitas praktik")
    # 10: formal learning
    PELATIHAN_KLASIKAL = "pelatihan_klasikal", _("Pelatihan klasikal")
    E_LEARNING = "e_learning", _("E-learning")
    DIKLAT_KEPEMIMPINAN = "diklat_kepemimpinan", _("Pelatihan kepemimpinan (PKP/PKA/PKN)")
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")


SUB_JENIS_PER_JENIS: dict[str, tuple[str, ...]] = {
    JenisKegiatan.PENGALAMAN: (
        SubJenisKegiatan.PENUGASAN_KHUSUS,
        SubJenisKegiatan.ROTASI,
        SubJenisKegiatan.JOB_ENRICHMENT,
        SubJenisKegiatan.JOB_ENLARGEMENT,
        SubJenisKegiatan.PROYEK,
    ),
    JenisKegiatan.EKSPOSUR: (
        SubJenisKegiatan.COACHING,
        SubJenisKegiatan.MENTORING,
        SubJenisKegiatan.KONSELING,
        SubJenisKegiatan.BENCHMARKING,
        SubJenisKegiatan.KOMUNITAS_PRAKTIK,
    ),
    JenisKegiatan.PENDIDIKAN: (
        SubJenisKegiatan.PELATIHAN_KLASIKAL,
        SubJenisKegiatan.E_LEARNING,
        SubJenisKegiatan.DIKLAT_KEPEMIMPINAN,
        SubJenisKegiatan.TUGAS_BELAJAR,
    ),
}
JENIS_DARI_SUB = {sub: jenis for jenis, subs in SUB_JENIS_PER_JENIS.items() for sub in subs}


class Idp(TenantOwnedModel):
    """Rencana pengembangan individu: one per pegawai per year. Drafted by the system from the
    person's box and gaps (or by hand), approved by the atasan or the BKD, carried out by the ASN."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Menunggu persetujuan")
        DISETUJUI = "disetujui", _("Disetujui")
        DITOLAK = "ditolak", _("Dikembalikan")

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    # The responsible atasan (atasan langsung), who may approve the plan besides the BKD.
    atasan = models.ForeignKey(
        "pegawai.Pegawai",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan penanggung jawab"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAF)
    # The box (and whether in the KRS) when the draft was generated: why these activities.
    kotak = models.PositiveSmallIntegerField(_("kotak saat disusun"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    alasan_pengembalian = models.TextField(_("alasan pengembalian"), blank=True)
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-tahun", "pegawai__nama"]
        verbose_name = _("IDP")
        verbose_name_plural = _("IDP")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "pegawai", "tahun"], name="idp_satu_per_tahun"),
        ]
        indexes = [
            models.Index(fields=["instansi", "tahun", "status"], name="idp_tahun_status"),
            models.Index(fields=["instansi", "atasan"], name="idp_atasan"),
        ]

    def __str__(self) -> str:
        return f"IDP {self.tahun}"


class KegiatanIdp(TenantOwnedModel):
    """One activity of an IDP. `sumber` says which gap generated it ("kompetensi", "jp",
    "pendidikan", "kinerja", "kotak", "jabatan_kunci") or "manual"."""

    class Status(models.TextChoices):
        RENCANA = "rencana", _("Direncanakan")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        BATAL = "batal", _("Dibatalkan")

    idp = models.ForeignKey(Idp, on_delete=models.CASCADE, related_name="kegiatan")
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisKegiatan.choices)
    sub_jenis = models.CharField(_("bentuk kegiatan"), max_length=24, choices=SubJenisKegiatan.choices)
    nama = models.CharField(_("nama kegiatan"), max_length=200)
    kompetensi_sasaran = models.CharField(_("kompetensi sasaran"), max_length=150, blank=True)
    sumber = models.CharField(_("sumber"), max_length=20, default="manual")
    alasan = models.CharField(_("alasan"), max_length=300, blank=True)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    # Planned effort in hours: the 70:20:10 shares are shares of it.
    perkiraan_jam = models.PositiveSmallIntegerField(_("perkiraan jam"), default=0)
    # Training hours (JP) the activity gives when completed (formal learning only).
    jam_pelajaran = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), null=True, blank=True)
    penanggung_jawab = models.ForeignKey(
        "pegawai.Pegawai",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RENCANA)
    progres = models.PositiveSmallIntegerField(
        _("progres (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    catatan_progres = models.TextField(_("catatan progres"), blank=True)
    dokumen = models.ForeignKey(
        "pegawai.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bukti"),
    )
    # The portfolio item created when the activity was completed with evidence (kind and id).
    riwayat_kode = models.CharField(max_length=20, blank=True)
    riwayat_id = models.BigIntegerField(null=True, blank=True)
    diselesaikan_pada = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urutan", "tanggal_mulai", "id"]
        verbose_name = _("kegiatan IDP")
        verbose_name_plural = _("kegiatan IDP")
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=models.F("tanggal_mulai")), name="kegiatanidp_tanggal_urut"
            ),
            models.CheckConstraint(condition=Q(progres__lte=100), name="kegiatanidp_progres_100"),
        ]
        indexes = [models.Index(fields=["instansi", "idp"], name="kegiatanidp_idp")]

    def __str__(self) -> str:
        return self.nama


class AnggaranAsesmen(TenantOwnedModel):
    """The year's assessment budget the BKD enters: a number of slots, or rupiah with a unit cost
    per method. It draws the budget line through the assessment queue."""

    class Jenis(models.TextChoices):
        SLOT = "slot", _("Jumlah slot")
        RUPIAH = "rupiah", _("Rupiah")

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis anggaran"), max_length=8, choices=Jenis.choices, default=Jenis.SLOT)
    jumlah_slot = models.PositiveIntegerField(_("jumlah slot"), null=True, blank=True)
    jumlah_rupiah = models.DecimalField(
        _("jumlah rupiah"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    # The method the queue is costed with, and the unit cost of each method (rupiah):
    # {"assessment_center": 3500000, "cact": 1500000, "uji_kompetensi": 750000}
    metode = models.CharField(_("metode asesmen"), max_length=20, default="assessment_center")
    biaya_per_metode = models.JSONField(_("biaya per metode"), default=dict, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("anggaran asesmen")
        verbose_name_plural = _("anggaran asesmen")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="anggaranasesmen_satu_per_tahun"),
        ]

    def __str__(self) -> str:
        return f"Anggaran asesmen {self.tahun}"
