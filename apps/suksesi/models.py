"""Key posts, the succession rule set, exceptions the Komite nominated, and the derived candidate
lists (computed by the workers, never typed in; docs/succession.md)."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, row_history
from apps.pegawai.referensi import JenisJabatan, JenjangFungsional
from apps.petatalenta.models import AturanBase


class AturanSuksesi(AturanBase):
    """One version of an instansi's succession rule set (engine.Aturan reads the configuration);
    once a candidate list used it, it never changes."""

    class Meta(AturanBase.Meta):
        verbose_name = _("aturan suksesi")
        verbose_name_plural = _("aturan suksesi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "versi"], name="aturansuksesi_versi_unik"),
            models.UniqueConstraint(
                fields=["instansi"], condition=Q(status="aktif"), name="aturansuksesi_satu_aktif"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="aturansuksesi_terpakai_tetap",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__digunakan=True)
                & (pgtrigger.Q(old__konfigurasi__df=pgtrigger.F("new__konfigurasi"))),
            ),
        ]


JENIS_JABATAN_KUNCI = [
    (JenisJabatan.JPT_PRATAMA.value, JenisJabatan.JPT_PRATAMA.label),
    (JenisJabatan.ADMINISTRATOR.value, JenisJabatan.ADMINISTRATOR.label),
    (JenisJabatan.PENGAWAS.value, JenisJabatan.PENGAWAS.label),
    (JenisJabatan.FUNGSIONAL.value, JenisJabatan.FUNGSIONAL.label),
]


@row_history(model_name="JabatanKunciEvent")
class JabatanKunci(TenantOwnedModel):
    """A key post (jabatan target): a post in a unit kerja to be filled from the talent pool."""

    unit_kerja = models.ForeignKey(
        "instansi.UnitKerja", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit kerja")
    )
    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis_jabatan = models.CharField(_("tingkat jabatan"), max_length=20, choices=JENIS_JABATAN_KUNCI)
    jenjang_fungsional = models.CharField(
        _("jenjang fungsional"), max_length=20, choices=JenjangFungsional.choices, blank=True
    )
    pemegang = models.ForeignKey(
        "pegawai.Pegawai",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemegang jabatan"),
        help_text=_("Kosongkan bila jabatan lowong."),
    )
    alasan = models.TextField(_("alasan jabatan kunci"))
    # [{"kompetensi": "Integritas", "level": 4}, …]: the standard JPM against this post uses.
    standar_kompetensi = models.JSONField(_("standar kompetensi"), default=list, blank=True)
    # {"golongan_minimum": "IV/a", "bidang_pendidikan": ["hukum"], "sertifikat": ["PKA"]}
    syarat_tambahan = models.JSONField(_("syarat tambahan"), default=dict, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit_kerja__kode", "nama"]
        verbose_name = _("jabatan kunci")
        verbose_name_plural = _("jabatan kunci")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "unit_kerja", "nama"], name="jabatankunci_unik_per_unit"
            ),
            models.UniqueConstraint(
                fields=["instansi", "pemegang"],
                condition=Q(pemegang__isnull=False),
                name="jabatankunci_satu_per_pemegang",
            ),
            models.CheckConstraint(
                condition=Q(jenis_jabatan="fungsional", jenjang_fungsional__gt="")
                | (~Q(jenis_jabatan="fungsional") & Q(jenjang_fungsional="")),
                name="jabatankunci_jenjang_hanya_fungsional",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def tingkat(self) -> str:
        from .engine import tingkat_dari

        return tingkat_dari(jenis_jabatan=self.jenis_jabatan, jenjang_fungsional=self.jenjang_fungsional)


class NominasiKhusus(TenantOwnedModel):
    """A pegawai outside the talent pool the Komite nominated for a key post, with its reason."""

    jabatan_kunci = models.ForeignKey(JabatanKunci, on_delete=models.CASCADE, related_name="nominasi")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    alasan = models.TextField(_("alasan nominasi"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dicabut_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nominasi khusus")
        verbose_name_plural = _("nominasi khusus")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jabatan_kunci", "pegawai"],
                condition=Q(dicabut_pada__isnull=True),
                name="nominasikhusus_satu_aktif",
            ),
            models.CheckConstraint(condition=~Q(alasan=""), name="nominasikhusus_alasan_wajib"),
        ]


class StatusSuksesi(TenantOwnedModel):
    """Derived, one per key post: its bench strength and risk, and the dirty mark that makes the
    workers recompute its whole candidate list (the post, the rule set or the nominations changed)."""

    jabatan_kunci = models.OneToOneField(JabatanKunci, on_delete=models.CASCADE, related_name="status")
    aturan = models.ForeignKey(AturanSuksesi, on_delete=models.PROTECT, null=True, related_name="+")
    tanggal_acuan = models.DateField(null=True)
    tanggal_bup_pemegang = models.DateField(null=True)
    jumlah_kandidat = models.PositiveIntegerField(default=0)
    jumlah_memenuhi = models.PositiveIntegerField(default=0)
    jumlah_perlu_verifikasi = models.PositiveIntegerField(default=0)
    jumlah_tidak_memenuhi = models.PositiveIntegerField(default=0)
    jumlah_siap_sekarang = models.PositiveIntegerField(default=0)
    jumlah_siap_1_2 = models.PositiveIntegerField(default=0)
    kekuatan_bench = models.PositiveIntegerField(default=0)
    berisiko = models.BooleanField(default=False)
    alasan_risiko = models.CharField(max_length=300, blank=True)
    dihitung_pada = models.DateTimeField(null=True)
    dirty_since = models.DateTimeField(null=True)
    penyebab_kotor = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("status suksesi")
        verbose_name_plural = _("status suksesi")
        indexes = [
            models.Index(
                fields=["instansi", "dirty_since"],
                condition=Q(dirty_since__isnull=False),
                name="statussuksesi_kotor",
            ),
        ]


class SuksesiKotor(TenantOwnedModel):
    """A pegawai whose candidacies must be recomputed (an input of theirs changed): the worker
    recomputes them against every key post they may feed, then the posts' status."""

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    dirty_since = models.DateTimeField()
    penyebab = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("kandidat perlu dihitung ulang")
        verbose_name_plural = _("kandidat perlu dihitung ulang")
        constraints = [models.UniqueConstraint(fields=["instansi", "pegawai"], name="suksesikotor_unik")]


class Kandidat(TenantOwnedModel):
    """Derived: one pegawai as a candidate for one key post: the post-specific criteria (`krs`,
    `tambahan`) with their reasons, the overall result, the JPM against the post, the ranking score
    and the readiness. The seven level-only criteria are stored once per (pegawai, level) in
    KandidatDasar; readers merge both (selectors.kandidat_kriteria_tampil)."""

    class Kelayakan(models.TextChoices):
        MEMENUHI = "memenuhi", _("Memenuhi")
        PERLU_VERIFIKASI = "perlu_verifikasi", _("Perlu verifikasi")
        TIDAK_MEMENUHI = "tidak_memenuhi", _("Tidak memenuhi")

    class Kesiapan(models.TextChoices):
        SIAP_SEKARANG = "siap_sekarang", _("Siap sekarang")
        SIAP_1_2 = "siap_1_2", _("Siap 1–2 tahun")
        SIAP_3 = "siap_3", _("Siap 3+ tahun")

    # No single-column indexes on instansi and jabatan_kunci: the unique constraint starts with
    # both; pegawai's own index serves the per-pegawai reads (they filter instansi too).
    instansi = models.ForeignKey(
        "instansi.Instansi",
        on_delete=models.PROTECT,
        verbose_name=_("instansi"),
        related_name="+",
        db_index=False,
    )
    jabatan_kunci = models.ForeignKey(
        JabatanKunci, on_delete=models.CASCADE, related_name="kandidat", db_index=False
    )
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    # The post's level when the row was computed: the key of its KandidatDasar row.
    tingkat = models.CharField(max_length=20)
    kotak = models.PositiveSmallIntegerField(null=True)
    nominasi = models.BooleanField(default=False)  # outside the KRS, nominated by the Komite
    kelayakan = models.CharField(max_length=20, choices=Kelayakan.choices)
    # The post-specific criteria only, in KRITERIA order (engine.KRITERIA_JABATAN):
    # [{"kode": "krs", "hasil": "memenuhi", "alasan": "…", "waktu": false, "verifikasi": []}, …]
    kriteria = models.JSONField(default=list)
    jpm_jabatan = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    jpm_sumber = models.CharField(max_length=12, blank=True)  # "kompetensi" | "asesmen" | ""
    skor_peringkat = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    kesiapan = models.CharField(max_length=16, choices=Kesiapan.choices)
    alasan_kesiapan = models.CharField(max_length=300, blank=True)
    tahun_ke_bup = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    # Planning date and time of the computation that last wrote the row: a recompute whose result
    # is the same (hasil_hash) leaves the row untouched (StatusSuksesi.dihitung_pada says when
    # the post's list was last computed).
    tanggal_acuan = models.DateField()
    hasil_hash = models.CharField(max_length=32, blank=True)  # of the columns above
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("kandidat suksesor")
        verbose_name_plural = _("kandidat suksesor")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jabatan_kunci", "pegawai"], name="kandidat_satu_per_jabatan"
            )
        ]
        indexes = [
            # The list order; `kesiapan` included so the status recount is an index-only scan.
            models.Index(
                fields=["instansi", "jabatan_kunci", "kelayakan", "-skor_peringkat", "pegawai"],
                include=["kesiapan"],
                name="kandidat_urutan",
            ),
        ]


class KandidatDasar(TenantOwnedModel):
    """Derived: the level-only criteria of one pegawai against the key posts of one level
    (engine.KRITERIA_TINGKAT: status, pendidikan, jalur, kinerja, asesmen, usia, hukuman), stored
    once and shared by every Kandidat row of that pegawai for a post of that level."""

    instansi = models.ForeignKey(
        "instansi.Instansi",
        on_delete=models.PROTECT,
        verbose_name=_("instansi"),
        related_name="+",
        db_index=False,
    )
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    tingkat = models.CharField(max_length=20)
    kriteria = models.JSONField(default=list)
    hasil_hash = models.CharField(max_length=32, blank=True)  # of `kriteria`
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("kriteria tingkat kandidat")
        verbose_name_plural = _("kriteria tingkat kandidat")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pegawai", "tingkat"], name="kandidatdasar_satu_per_tingkat"
            )
        ]


class PengaturanSuksesi(TenantOwnedModel):
    """Per-instansi settings of succession; no row means the defaults."""

    asn_boleh_lihat_pencalonan = models.BooleanField(
        _("ASN boleh melihat pencalonannya sendiri"),
        default=False,
        help_text=_(
            "Jika aktif, ASN melihat jabatan kunci yang ia calonkan dan syarat yang belum ia penuhi."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan suksesi")
        verbose_name_plural = _("pengaturan suksesi")
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturansuksesi_satu_per_instansi")
        ]


class PratinjauKandidat(TenantOwnedModel):
    """One candidacy a succession rule-set preview (petatalenta.PratinjauAturan, jenis "suksesi")
    would change: a pegawai entering or leaving a key post's list, or changing eligibility,
    readiness or rank there; both sides from the same inputs, and the criterion or setting that
    made the difference. Unchanged candidacies have no row (the summary counts them)."""

    class Perubahan(models.TextChoices):
        MASUK = "masuk", _("Masuk daftar")
        KELUAR = "keluar", _("Keluar dari daftar")
        BERUBAH = "berubah", _("Berubah")

    pratinjau = models.ForeignKey(
        "petatalenta.PratinjauAturan", on_delete=models.CASCADE, related_name="kandidat"
    )
    jabatan_kunci = models.ForeignKey(JabatanKunci, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    perubahan = models.CharField(max_length=10, choices=Perubahan.choices)
    kelayakan_lama = models.CharField(max_length=20, blank=True)
    kelayakan_baru = models.CharField(max_length=20, blank=True)
    kesiapan_lama = models.CharField(max_length=16, blank=True)
    kesiapan_baru = models.CharField(max_length=16, blank=True)
    peringkat_lama = models.PositiveIntegerField(null=True, blank=True)
    peringkat_baru = models.PositiveIntegerField(null=True, blank=True)
    skor_lama = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    skor_baru = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    penentu = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("perubahan calon suksesor (pratinjau)")
        verbose_name_plural = _("perubahan calon suksesor (pratinjau)")
        indexes = [
            models.Index(fields=["instansi", "pratinjau", "jabatan_kunci"], name="pratinjaukandidat_jabatan")
        ]
