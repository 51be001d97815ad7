"""The Komite Talenta Instansi: its members, its sessions (sidang) with agenda, attendance and
calibration proposals, its decisions, the PPK's penetapan and the frozen snapshot of the period.

Decisions (KeputusanKomite) and penetapan (Penetapan) are append-only (database triggers) and
hash-chained per instansi (integrity.py): each row carries the hash of its own content and of the
previous row of its instansi, so `manage.py verify_keputusan` finds a row changed behind the
application's back. The snapshot rows are append-only too, and the penetapan's content includes
their digest.
"""

from __future__ import annotations

import uuid as uuid_module

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel
from apps.pegawai.referensi import JenjangFungsional


def _append_only(name: str) -> pgtrigger.Protect:
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)


class PengaturanKomite(TenantOwnedModel):
    """Per-instansi settings of the committee; no row means the defaults (DOMAIN defaults)."""

    kuorum_persen = models.PositiveSmallIntegerField(
        _("kuorum: lebih dari … % anggota hadir"),
        default=50,
        help_text=_("Sidang kuorum bila anggota yang hadir lebih dari persentase ini dari anggota aktif."),
    )
    kuorum_wajib_ketua = models.BooleanField(
        _("kuorum mensyaratkan ketua atau penggantinya hadir"), default=True
    )
    batas_kotak_9_persen = models.PositiveSmallIntegerField(
        _("peringatan bila kotak 9 melebihi (%)"), default=10
    )
    batas_talent_pool_persen = models.PositiveSmallIntegerField(
        _("peringatan bila kelompok rencana suksesi melebihi (%)"), default=30
    )
    kop_surat = models.TextField(
        _("kop surat"),
        blank=True,
        help_text=_(
            "Baris-baris kop surat pada berita acara dan keputusan (mis. PEMERINTAH KOTA …, "
            "SEKRETARIAT DAERAH, alamat). Kosong: nama instansi."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan komite talenta")
        verbose_name_plural = _("pengaturan komite talenta")
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturankomite_satu_per_instansi"),
            models.CheckConstraint(
                condition=Q(kuorum_persen__lte=100)
                & Q(batas_kotak_9_persen__lte=100)
                & Q(batas_talent_pool_persen__lte=100),
                name="pengaturankomite_persen",
            ),
        ]


class AnggotaKomite(TenantOwnedModel):
    """One person's membership of the committee for a dated term. The user's sign-in role must be
    the matching Komite role of the same instansi (the role decides what the pages let them do; this
    row decides whether they count for quorum and when they are recused)."""

    class Peran(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        ANGGOTA = "anggota", _("Anggota")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengguna")
    )
    # The member's own pegawai record, if any: items about it recuse them.
    pegawai = models.ForeignKey(
        "pegawai.Pegawai",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data pegawai"),
    )
    peran = models.CharField(_("peran"), max_length=12, choices=Peran.choices)
    pengganti_ketua = models.BooleanField(_("pengganti ketua"), default=False)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["peran", "mulai", "id"]
        verbose_name = _("anggota komite talenta")
        verbose_name_plural = _("anggota komite talenta")
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="anggotakomite_selesai_setelah_mulai",
            ),
            models.CheckConstraint(
                condition=~Q(peran="ketua") | Q(pengganti_ketua=False),
                name="anggotakomite_ketua_bukan_pengganti",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "user"], name="anggotakomite_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_peran_display()})"


class Sidang(TenantOwnedModel):
    """One committee session for one period. draf → berlangsung → selesai (closed: nothing in it
    changes any more) → ditetapkan by the PPK, or dikembalikan with a note (final as well: the
    committee answers the note in a new session, `sidang_asal` pointing back)."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        BERLANGSUNG = "berlangsung", _("Berlangsung")
        SELESAI = "selesai", _("Selesai — menunggu penetapan PPK")
        DITETAPKAN = "ditetapkan", _("Ditetapkan PPK")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan PPK")

    TERBUKA = frozenset({Status.DRAF, Status.BERLANGSUNG})

    nomor = models.CharField(_("nomor"), max_length=60, blank=True)
    judul = models.CharField(_("judul"), max_length=200)
    periode = models.PositiveSmallIntegerField(_("periode (tahun)"))
    tanggal = models.DateField(_("tanggal"))
    waktu = models.TimeField(_("pukul"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=200)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAF)
    catatan = models.TextField(_("catatan sidang"), blank=True)
    sidang_asal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lanjutan",
        verbose_name=_("lanjutan dari sidang"),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diundang_pada = models.DateTimeField(null=True, blank=True)
    dimulai_pada = models.DateTimeField(null=True, blank=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = _("sidang komite talenta")
        verbose_name_plural = _("sidang komite talenta")
        indexes = [models.Index(fields=["instansi", "status"], name="sidang_status")]
        triggers = [
            # A session the PPK has answered is history; only a draft may ever be deleted.
            pgtrigger.Protect(
                name="sidang_final_tidak_berubah",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__in=["ditetapkan", "dikembalikan"]),
            ),
            pgtrigger.Protect(
                name="sidang_hanya_draf_dihapus",
                operation=pgtrigger.Delete,
                condition=~pgtrigger.Q(old__status="draf"),
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    @property
    def terbuka(self) -> bool:
        return self.status in self.TERBUKA


class AgendaSidang(TenantOwnedModel):
    """One agenda item: review of the talent map (all or one perangkat daerah), calibration of one
    named placement (the pegawai's placement of the session's period), or succession for one key
    post."""

    class Jenis(models.TextChoices):
        TINJAU_PETA = "tinjau_peta", _("Tinjauan peta talenta")
        KALIBRASI = "kalibrasi", _("Kalibrasi penempatan")
        SUKSESI = "suksesi", _("Suksesi jabatan kunci")

    sidang = models.ForeignKey(Sidang, on_delete=models.CASCADE, related_name="agenda")
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    jenis = models.CharField(_("jenis agenda"), max_length=12, choices=Jenis.choices)
    unit_kerja = models.ForeignKey(
        "instansi.UnitKerja",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perangkat daerah"),
    )
    pegawai = models.ForeignKey(
        "pegawai.Pegawai", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jabatan_kunci = models.ForeignKey(
        "suksesi.JabatanKunci", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keterangan = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["sidang", "urutan"]
        verbose_name = _("agenda sidang")
        verbose_name_plural = _("agenda sidang")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "sidang", "urutan"], name="agenda_urutan_unik"),
            models.CheckConstraint(
                condition=(
                    Q(jenis="tinjau_peta", pegawai__isnull=True, jabatan_kunci__isnull=True)
                    | Q(jenis="kalibrasi", pegawai__isnull=False, jabatan_kunci__isnull=True)
                    | Q(jenis="suksesi", jabatan_kunci__isnull=False, pegawai__isnull=True)
                ),
                name="agenda_sasaran_sesuai_jenis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.urutan}. {self.get_jenis_display()}"


class KehadiranSidang(TenantOwnedModel):
    """One member's invitation to and attendance at one session (`hadir` empty: not recorded)."""

    sidang = models.ForeignKey(Sidang, on_delete=models.CASCADE, related_name="kehadiran")
    anggota = models.ForeignKey(AnggotaKomite, on_delete=models.PROTECT, related_name="+")
    diundang_pada = models.DateTimeField(null=True, blank=True)
    hadir = models.BooleanField(null=True)
    dicatat_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kehadiran sidang")
        verbose_name_plural = _("kehadiran sidang")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "sidang", "anggota"], name="kehadiran_satu_per_anggota"
            )
        ]


def bukti_upload_to(instance: UsulanKalibrasi, filename: str) -> str:
    import uuid

    return f"komite/{instance.instansi_id}/bukti/{uuid.uuid4().hex}.pdf"


class UsulanKalibrasi(TenantOwnedModel):
    """The proposal on a calibration item while the session is open: the box proposed, the written
    reason, optional evidence (PDF). The decision copies it into the append-only record."""

    # One proposal per item (the constraint below, with the instansi like every tenant key).
    agenda = models.ForeignKey(AgendaSidang, on_delete=models.CASCADE, related_name="usulan")
    kotak_dihitung = models.PositiveSmallIntegerField(_("kotak hasil perhitungan"), null=True)
    kotak_usulan = models.PositiveSmallIntegerField(_("kotak yang diusulkan"))
    alasan = models.TextField(_("alasan"))
    bukti = models.FileField(_("bukti (PDF)"), upload_to=bukti_upload_to, max_length=200, blank=True)
    bukti_nama = models.CharField(max_length=200, blank=True)
    diusulkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diusulkan_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("usulan kalibrasi")
        verbose_name_plural = _("usulan kalibrasi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "agenda"], name="usulan_satu_per_agenda"),
            models.CheckConstraint(
                condition=Q(kotak_usulan__gte=1, kotak_usulan__lte=9), name="usulan_kotak_1_9"
            ),
            models.CheckConstraint(condition=~Q(alasan=""), name="usulan_alasan_wajib"),
        ]


class RantaiMixin(models.Model):
    """Columns of a hash-chained, append-only record (integrity.py writes and checks them)."""

    urutan = models.PositiveIntegerField(_("nomor urut rantai"))
    hash_sebelumnya = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        abstract = True


class KeputusanKomite(RantaiMixin, TenantOwnedModel):
    """One decision on one agenda item (append-only, hash-chained). The columns hold what lists and
    the documents filter on; `isi` holds the whole decision as recorded (for succession: the ordered
    shortlist, successors with readiness, the emergency successor, directions; for every kind: who
    was present and who was recused)."""

    class Hasil(models.TextChoices):
        SETUJU = "setuju", _("Disetujui")
        TOLAK = "tolak", _("Ditolak")
        DICATAT = "dicatat", _("Dicatat")

    class Cara(models.TextChoices):
        MUFAKAT = "mufakat", _("Mufakat")
        SUARA = "suara", _("Pemungutan suara")

    sidang = models.ForeignKey(Sidang, on_delete=models.PROTECT, related_name="keputusan")
    agenda = models.ForeignKey(AgendaSidang, on_delete=models.PROTECT, related_name="keputusan")
    jenis = models.CharField(max_length=12, choices=AgendaSidang.Jenis.choices)
    hasil = models.CharField(max_length=8, choices=Hasil.choices)
    periode = models.PositiveSmallIntegerField()
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, null=True, related_name="+")
    jabatan_kunci = models.ForeignKey(
        "suksesi.JabatanKunci", on_delete=models.PROTECT, null=True, related_name="+"
    )
    kotak_dihitung = models.PositiveSmallIntegerField(null=True)
    kotak_usulan = models.PositiveSmallIntegerField(null=True)
    kotak_diputuskan = models.PositiveSmallIntegerField(null=True)
    alasan = models.TextField(blank=True)
    cara = models.CharField(max_length=8, choices=Cara.choices)
    suara_setuju = models.PositiveSmallIntegerField(null=True)
    suara_tolak = models.PositiveSmallIntegerField(null=True)
    suara_abstain = models.PositiveSmallIntegerField(null=True)
    pendapat_berbeda = models.TextField(_("pendapat berbeda"), blank=True)
    isi = models.JSONField(default=dict)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dicatat_pada = models.DateTimeField()

    class Meta:
        ordering = ["urutan"]
        verbose_name = _("keputusan komite")
        verbose_name_plural = _("keputusan komite")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "urutan"], name="keputusan_urutan_unik"),
            # One decision per agenda item: a change needs a new session.
            models.UniqueConstraint(fields=["instansi", "agenda"], name="keputusan_satu_per_agenda"),
            models.CheckConstraint(
                condition=~Q(jenis="kalibrasi") | ~Q(alasan=""), name="keputusan_kalibrasi_beralasan"
            ),
            # A decision names the subject of its item, as the item does.
            models.CheckConstraint(
                condition=(~Q(jenis="kalibrasi") | Q(pegawai__isnull=False))
                & (~Q(jenis="suksesi") | Q(jabatan_kunci__isnull=False)),
                name="keputusan_sasaran_sesuai_jenis",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "periode"], name="keputusan_pegawai"),
        ]
        triggers = [_append_only("keputusan_komite_append_only")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.get_hasil_display()} ({self.sidang_id})"


class Penetapan(RantaiMixin, TenantOwnedModel):
    """The PPK's answer to one closed session (append-only, hash-chained): set (ditetapkan, with the
    decree number and date, freezing the snapshot) or returned (dikembalikan, with a note)."""

    class Hasil(models.TextChoices):
        DITETAPKAN = "ditetapkan", _("Ditetapkan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    sidang = models.ForeignKey(Sidang, on_delete=models.PROTECT, related_name="penetapan")
    periode = models.PositiveSmallIntegerField()
    hasil = models.CharField(max_length=12, choices=Hasil.choices)
    nomor_keputusan = models.CharField(_("nomor keputusan"), max_length=100, blank=True)
    tanggal_keputusan = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    aturan_suksesi = models.ForeignKey(
        "suksesi.AturanSuksesi", on_delete=models.PROTECT, null=True, related_name="+"
    )
    jumlah_penempatan = models.PositiveIntegerField(default=0)
    # sha256 of the snapshot rows (integrity.snapshot_digest): part of this row's hashed content.
    snapshot_hash = models.CharField(max_length=64, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField()

    class Meta:
        ordering = ["urutan"]
        verbose_name = _("penetapan PPK")
        verbose_name_plural = _("penetapan PPK")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "urutan"], name="penetapan_urutan_unik"),
            # The PPK answers a session once.
            models.UniqueConstraint(fields=["instansi", "sidang"], name="penetapan_satu_per_sidang"),
            models.CheckConstraint(
                condition=(Q(hasil="ditetapkan", tanggal_keputusan__isnull=False) & ~Q(nomor_keputusan=""))
                | (Q(hasil="dikembalikan") & ~Q(catatan="")),
                name="penetapan_lengkap",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "periode", "hasil"], name="penetapan_periode")]
        triggers = [_append_only("penetapan_append_only")]

    def __str__(self) -> str:
        return f"{self.get_hasil_display()} {self.nomor_keputusan}".strip()


class IdentitasBeku(models.Model):
    """Who the pegawai was on the day of the penetapan (name with titles, NIP, status, jabatan,
    unit), frozen with the snapshot so the decree's annexes never change with later edits."""

    nama = models.CharField(max_length=300, default="")
    nip = models.CharField(max_length=18, default="")
    status_kepegawaian = models.CharField(max_length=20, default="")
    nama_jabatan = models.CharField(max_length=200, default="")
    jenjang_fungsional = models.CharField(max_length=20, default="")
    unit_kerja_nama = models.CharField(max_length=200, default="")

    class Meta:
        abstract = True

    @property
    def nip_tampilan(self) -> str:
        from apps.pegawai.nip import nip_parse_for_status

        try:
            return nip_parse_for_status(self.nip, status=self.status_kepegawaian).tampilan
        except Exception:  # a NIP that no longer parses is still printed as stored
            return self.nip

    @property
    def jabatan_tampilan(self) -> str:
        if self.jenjang_fungsional in JenjangFungsional.values:
            return f"{self.nama_jabatan} ({JenjangFungsional(self.jenjang_fungsional).label})"
        return self.nama_jabatan


class SnapshotPenempatan(IdentitasBeku, TenantOwnedModel):
    """Frozen by the penetapan: one pegawai's established placement of the period — the decided box
    (calibrated, or the computed one), with the computed box, scores, rule version and inputs hash
    as they were at that moment. Append-only."""

    penetapan = models.ForeignKey(Penetapan, on_delete=models.PROTECT, related_name="snapshot")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="+")
    periode = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10)
    kotak = models.PositiveSmallIntegerField(null=True)
    kotak_dihitung = models.PositiveSmallIntegerField(null=True)
    # The calibration decision that set `kotak` (this session's or an earlier established one).
    keputusan = models.ForeignKey(KeputusanKomite, on_delete=models.PROTECT, null=True, related_name="+")
    skor_potensial = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    skor_kinerja = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    talent_pool = models.BooleanField(default=False)
    krs_nasional = models.BooleanField(default=False)
    aturan = models.ForeignKey(
        "petatalenta.AturanTalenta", on_delete=models.PROTECT, null=True, related_name="+"
    )
    aturan_versi = models.PositiveIntegerField(null=True)
    inputs_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("penempatan yang ditetapkan")
        verbose_name_plural = _("penempatan yang ditetapkan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "penetapan", "pegawai"], name="snapshot_satu_per_pegawai"
            )
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "periode"], name="snapshot_pegawai"),
            models.Index(fields=["instansi", "penetapan", "kotak"], name="snapshot_kotak"),
        ]
        triggers = [_append_only("snapshot_penempatan_append_only")]

    def __str__(self) -> str:
        return f"{self.nama} — kotak {self.kotak or '-'}"


class SnapshotSuksesor(IdentitasBeku, TenantOwnedModel):
    """Frozen by the penetapan: the decided successors (and emergency successor) per key post."""

    class Peran(models.TextChoices):
        SUKSESOR = "suksesor", _("Suksesor")
        DARURAT = "darurat", _("Suksesor darurat")

    penetapan = models.ForeignKey(Penetapan, on_delete=models.PROTECT, related_name="suksesor")
    jabatan_kunci = models.ForeignKey("suksesi.JabatanKunci", on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="+")
    peran = models.CharField(max_length=10, choices=Peran.choices)
    kesiapan = models.CharField(max_length=16, blank=True)
    urutan = models.PositiveSmallIntegerField()
    keputusan = models.ForeignKey(KeputusanKomite, on_delete=models.PROTECT, related_name="+")
    # The key post as printed in the annex on the day of the penetapan.
    jabatan_kunci_nama = models.CharField(max_length=200, default="")
    jabatan_kunci_unit = models.CharField(max_length=200, default="")
    pemegang_nama = models.CharField(max_length=300, default="")

    class Meta:
        ordering = ["jabatan_kunci", "urutan"]
        verbose_name = _("suksesor yang ditetapkan")
        verbose_name_plural = _("suksesor yang ditetapkan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "penetapan", "jabatan_kunci", "pegawai", "peran"],
                name="snapshotsuksesor_unik",
            )
        ]
        triggers = [_append_only("snapshot_suksesor_append_only")]

    def __str__(self) -> str:
        return f"{self.jabatan_kunci_nama}: {self.nama} ({self.get_peran_display()})"


def dokumen_upload_to(instance: DokumenKomite, filename: str) -> str:
    return f"komite/{instance.instansi_id}/dokumen/{instance.uuid.hex}{instance.ekstensi}"


class DokumenKomite(TenantOwnedModel):
    """One generated document of a session (a `reports` worker job with progress): the berita
    acara, the PPK's keputusan with its annexes, or the annexes as a workbook."""

    class Jenis(models.TextChoices):
        BERITA_ACARA = "berita_acara", _("Berita Acara Sidang Komite Talenta")
        KEPUTUSAN = "keputusan", _("Keputusan PPK beserta lampiran")
        LAMPIRAN_XLSX = "lampiran_xlsx", _("Lampiran keputusan (Excel)")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Menunggu antrean")
        PROSES = "proses", _("Sedang dibuat")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    uuid = models.UUIDField(default=uuid_module.uuid4, editable=False)
    sidang = models.ForeignKey(Sidang, on_delete=models.PROTECT, related_name="dokumen")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ANTRI)
    selesai_langkah = models.PositiveIntegerField(default=0)
    total_langkah = models.PositiveIntegerField(default=0)
    berkas = models.FileField(upload_to=dokumen_upload_to, max_length=200, blank=True)
    pesan = models.CharField(max_length=300, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("dokumen sidang")
        verbose_name_plural = _("dokumen sidang")
        constraints = [models.UniqueConstraint(fields=["instansi", "uuid"], name="dokumenkomite_uuid_unik")]

    def __str__(self) -> str:
        return self.get_jenis_display()

    @property
    def ekstensi(self) -> str:
        return ".xlsx" if self.jenis == self.Jenis.LAMPIRAN_XLSX else ".pdf"
