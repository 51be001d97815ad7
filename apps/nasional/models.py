"""The national layer's own tables.

* `RingkasanInstansi`: one summary row per instansi and period, counts only (no personal data).
  Written by the workers inside the instansi's scope (services.ringkasan_refresh); BKN's pages
  and API read these rows only, and province / national figures are sums of them.
* `RingkasanKotor`: the dirty mark that makes the workers refresh an instansi's summary.
* `DeklarasiTahap`: what an Admin BKD declares, with an evidence document, about the
  implementation stages the system cannot read from its own data (Perkada, SK KTI, ...).
* `AksesKrsNasional`, `SesiKrsNasional`, `IndeksKrsNasional`: KRS Nasional, the one national path
  to personal data (apps/nasional/krs.py): who was granted it, the purpose stated for a search
  session, and the minimal profile of each box-9 pegawai the search reads.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel

# The nine boxes as JSON keys ("1".."9"): every box-count field below uses them.
KOTAK_KEYS = tuple(str(n) for n in range(1, 10))


class RingkasanInstansi(TenantOwnedModel):
    """One instansi's figures for one talent period (a year), counts only.

    JSON fields hold small fixed-shape breakdowns ({kode: jumlah}); docs/nasional.md says what
    each figure means and where it comes from. The row of the current period is rewritten by
    every refresh; rows of earlier periods keep the figures of their last refresh (the trend).
    """

    periode = models.PositiveSmallIntegerField(_("periode (tahun)"))

    # Users and organisation.
    jumlah_pengguna = models.PositiveIntegerField(_("jumlah pengguna"), default=0)
    pengguna_per_peran = models.JSONField(_("pengguna per peran"), default=dict)
    jumlah_perangkat_daerah = models.PositiveIntegerField(_("jumlah perangkat daerah"), default=0)
    jumlah_unit_kerja = models.PositiveIntegerField(_("jumlah unit kerja"), default=0)

    # Active pegawai: {status_kepegawaian: n}, {jenis_jabatan: n}.
    jumlah_pegawai = models.PositiveIntegerField(_("jumlah pegawai aktif"), default=0)
    pegawai_per_status = models.JSONField(_("pegawai per status kepegawaian"), default=dict)
    pegawai_per_jenis_jabatan = models.JSONField(_("pegawai per jenis jabatan"), default=dict)

    # The computed nine-box of the period (current placements of active pegawai): {"1".."9": n}.
    kotak_dihitung = models.JSONField(_("sebaran kotak (dihitung)"), default=dict)
    jumlah_final = models.PositiveIntegerField(_("penempatan final"), default=0)
    jumlah_perlu_data = models.PositiveIntegerField(_("perlu data"), default=0)
    jumlah_belum_dihitung = models.PositiveIntegerField(_("belum dihitung"), default=0)
    jumlah_krs = models.PositiveIntegerField(_("anggota KRS Instansi"), default=0)
    jumlah_krs_nasional = models.PositiveIntegerField(_("anggota KRS Nasional"), default=0)

    # The established nine-box (the PPK's penetapan in force for the period), empty until set.
    kotak_ditetapkan = models.JSONField(_("sebaran kotak (ditetapkan)"), default=dict)
    penetapan_tanggal = models.DateField(_("tanggal penetapan"), null=True, blank=True)

    # Data completeness of active pegawai: mean percent and {"0-49"|"50-74"|"75-99"|"100": n}.
    kelengkapan_rata = models.DecimalField(
        _("rata-rata kelengkapan (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    kelengkapan_sebaran = models.JSONField(_("sebaran kelengkapan"), default=dict)

    # Input coverage of active pegawai (each triple sums to jumlah_pegawai).
    asesmen_valid = models.PositiveIntegerField(_("asesmen berlaku"), default=0)
    asesmen_kedaluwarsa = models.PositiveIntegerField(_("asesmen kedaluwarsa"), default=0)
    asesmen_tidak_ada = models.PositiveIntegerField(_("tanpa asesmen"), default=0)
    skp_valid = models.PositiveIntegerField(_("SKP tahunan tahun lalu"), default=0)
    skp_kedaluwarsa = models.PositiveIntegerField(_("SKP lebih lama saja"), default=0)
    skp_tidak_ada = models.PositiveIntegerField(_("tanpa SKP"), default=0)

    # Succession: active key posts, how many at risk, how many with a successor ready now, and
    # the mean bench strength (ready successors per post).
    jabatan_kunci = models.PositiveIntegerField(_("jabatan kunci"), default=0)
    jabatan_kunci_berisiko = models.PositiveIntegerField(_("jabatan kunci berisiko"), default=0)
    jabatan_kunci_siap = models.PositiveIntegerField(_("jabatan kunci dengan suksesor siap"), default=0)
    kekuatan_bench_rata = models.DecimalField(
        _("rata-rata kekuatan bench"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    # Pegawai with a development plan (IDP) this period; null while the instansi has no IDP data.
    idp_jumlah = models.PositiveIntegerField(_("pegawai dengan IDP"), null=True, blank=True)

    # Implementation stage (SE MenPANRB 10/2021): the highest stage reached 0–5, the KTI score
    # 0–4, and per stage and indicator whether it is read from the system, declared or missing.
    tahap_implementasi = models.PositiveSmallIntegerField(_("tahap implementasi"), default=0)
    skor_kti = models.PositiveSmallIntegerField(_("skor KTI"), default=0)
    tahap_rincian = models.JSONField(_("rincian tahap"), default=dict)

    # Fairness breakdowns of active pegawai with a final placement:
    # {dimensi: {kelompok: {"n": int, "pool": int, "kotak": {"1".."9": n}}}} for the dimensions
    # jenis_kelamin, usia, pendidikan, jenis_jabatan (apps/nasional/keadilan.py names the groups).
    kelompok = models.JSONField(_("rincian per kelompok"), default=dict)

    diperbarui_pada = models.DateTimeField(_("diperbarui pada"))

    class Meta:
        verbose_name = _("ringkasan instansi")
        verbose_name_plural = _("ringkasan instansi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "periode"], name="ringkasan_instansi_periode_unik")
        ]
        indexes = [models.Index(fields=["periode", "instansi"], name="ringkasan_periode")]

    def __str__(self) -> str:
        return f"Ringkasan {self.instansi_id} {self.periode}"


class RingkasanKotor(TenantOwnedModel):
    """An instansi whose summary must be refreshed: set in the writer's transaction (or by a task
    that finished derived work), cleared by the refresh only if unchanged since it was read."""

    dirty_since = models.DateTimeField()
    penyebab = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("ringkasan kotor")
        verbose_name_plural = _("ringkasan kotor")
        constraints = [models.UniqueConstraint(fields=["instansi"], name="ringkasankotor_satu_per_instansi")]


def deklarasi_upload_to(instance: DeklarasiTahap, filename: str) -> str:
    return f"tahap/{instance.instansi_id}/{instance.uuid}.pdf"


class DeklarasiTahap(TenantOwnedModel):
    """A declaration by the Admin BKD, with its evidence document, of an implementation indicator
    the system cannot read itself. Append-only: a newer declaration of the same indicator replaces
    the older one in the tracker; a withdrawal is a declaration with `dicabut=True`."""

    class Butir(models.TextChoices):
        KOMITMEN = "komitmen", _("Komitmen pimpinan dan rencana pelaksanaan manajemen talenta")
        PERKADA = "perkada", _("Peraturan kepala daerah (Perkada) tentang manajemen talenta")
        SK_KOMITE = "sk_komite", _("SK pembentukan Komite Talenta")
        SK_KTI = "sk_kti", _("SK Kelompok Rencana Suksesi / talenta instansi (KTI)")
        SISTEM_INFORMASI = "sistem_informasi", _("Sistem informasi manajemen talenta")
        LAPORAN_PEMETAAN = "laporan_pemetaan", _("Laporan pemetaan talenta")
        PENGEMBANGAN = "pengembangan", _("Program pengembangan dan retensi talenta")
        PENEMPATAN = "penempatan", _("Penempatan talenta pada jabatan target")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    butir = models.CharField(_("butir"), max_length=20, choices=Butir.choices)
    nomor = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    tanggal = models.DateField(_("tanggal dokumen"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    berkas = models.FileField(_("dokumen bukti"), upload_to=deklarasi_upload_to, max_length=200, blank=True)
    nama_berkas = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    dicabut = models.BooleanField(_("dicabut"), default=False)
    dinyatakan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dinyatakan_pada = models.DateTimeField(_("dinyatakan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("deklarasi tahap implementasi")
        verbose_name_plural = _("deklarasi tahap implementasi")
        constraints = [models.UniqueConstraint(fields=["instansi", "uuid"], name="deklarasitahap_uuid_unik")]
        indexes = [
            models.Index(fields=["instansi", "butir", "-dinyatakan_pada"], name="deklarasitahap_butir")
        ]

    def __str__(self) -> str:
        return f"{self.get_butir_display()} ({self.instansi_id})"


class AksesKrsNasional(models.Model):
    """A BKN account granted the KRS Nasional search (by an operator, for a period, with a basis).
    Not every BKN account has it; without an active grant the search answers 403."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dasar = models.CharField(_("dasar pemberian akses"), max_length=255)
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)
    dicabut_pada = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    diberikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diberikan_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("akses KRS Nasional")
        verbose_name_plural = _("akses KRS Nasional")

    def __str__(self) -> str:
        return f"KRS Nasional: {self.user_id}"


class SesiKrsNasional(models.Model):
    """A search session: the purpose a user stated before searching. Every search and profile view
    of the session is an audit event that names it."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tujuan = models.TextField(_("tujuan pencarian"))
    dimulai_pada = models.DateTimeField(auto_now_add=True)
    berakhir_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("sesi KRS Nasional")
        verbose_name_plural = _("sesi KRS Nasional")

    def __str__(self) -> str:
        return f"Sesi KRS Nasional {self.uuid}"


class IndeksKrsNasional(TenantOwnedModel):
    """The minimal profile of one pegawai in the KRS Nasional (a box of the instansi's
    `kotak_krs_nasional`, final placement) for the current period, rewritten by the instansi's
    summary refresh inside its scope. Only apps/nasional/krs.py reads it across instansi."""

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+")
    periode = models.PositiveSmallIntegerField()
    provinsi = models.ForeignKey("instansi.Wilayah", on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(max_length=260)  # with titles, as displayed
    nip = models.CharField(max_length=18)
    nama_jabatan = models.CharField(max_length=200)
    jenis_jabatan = models.CharField(max_length=20)
    # The level key posts are drawn from: jpt / administrator / pengawas / the fungsional jenjang.
    tingkat = models.CharField(max_length=30, blank=True)
    golongan = models.CharField(max_length=6, blank=True)
    kotak = models.PositiveSmallIntegerField()
    skor_potensial = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    skor_kinerja = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    # JPM of the latest valid asesmen and its competency levels {kompetensi: level}.
    jpm = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    kompetensi = models.JSONField(default=dict)
    # Best readiness the succession engine gives this pegawai for any key post ("" if none).
    kesiapan = models.CharField(max_length=20, blank=True)
    tanggal_bup = models.DateField(null=True)
    diperbarui_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("indeks KRS Nasional")
        verbose_name_plural = _("indeks KRS Nasional")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "pegawai", "periode"], name="indekskrs_pegawai_unik")
        ]
        indexes = [
            models.Index(fields=["periode", "provinsi", "jenis_jabatan"], name="indekskrs_cari"),
            models.Index(fields=["periode", "jpm"], name="indekskrs_jpm"),
        ]

    def __str__(self) -> str:
        return f"KRS Nasional {self.pegawai_id} {self.periode}"
