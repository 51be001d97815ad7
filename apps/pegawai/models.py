"""Pegawai (ASN) profiles, their portfolio (riwayat) with document evidence, and completeness."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, row_history

from .referensi import (
    GOLONGAN_CHOICES,
    JenisJabatan,
    JenisKelamin,
    JenjangFungsional,
    JenjangPendidikan,
    StatusKepegawaian,
    bup_usia,
    golongan_label,
    tanggal_pensiun_dari,
)


class PengaturanPegawai(TenantOwnedModel):
    """Per-instansi settings for pegawai data; absent rows mean the national defaults."""

    bup = models.JSONField(
        _("batas usia pensiun"),
        default=dict,
        blank=True,
        help_text=_("Usia pensiun per jenis jabatan atau jenjang fungsional; kosong = bawaan nasional."),
    )
    ukuran_dokumen_maks_kb = models.PositiveIntegerField(_("ukuran dokumen maksimal (KB)"), default=2048)

    class Meta:
        verbose_name = _("pengaturan pegawai")
        verbose_name_plural = _("pengaturan pegawai")
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="pengaturanpegawai_satu_per_instansi")
        ]


@row_history(model_name="PegawaiEvent")
class Pegawai(TenantOwnedModel):
    """One ASN employed by the instansi. The internal id is the key: NIP/NI can change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("akun pengguna"),
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    status_kepegawaian = models.CharField(
        _("status kepegawaian"), max_length=20, choices=StatusKepegawaian.choices
    )
    golongan = models.CharField(_("golongan"), max_length=6, choices=GOLONGAN_CHOICES, blank=True)
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=20, choices=JenisJabatan.choices)
    nama_jabatan = models.CharField(_("nama jabatan"), max_length=200)
    jenjang_fungsional = models.CharField(
        _("jenjang jabatan fungsional"), max_length=20, choices=JenjangFungsional.choices, blank=True
    )
    unit_kerja = models.ForeignKey(
        "instansi.UnitKerja",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("unit kerja"),
    )
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    pendidikan_terakhir = models.CharField(
        _("pendidikan terakhir"), max_length=4, choices=JenjangPendidikan.choices, blank=True
    )
    # Contact data: the ASN edits it directly, no verification (docs/domain.md §7).
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("telepon"), max_length=30, blank=True)
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    diubah_pada = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nip"], name="pegawai_nip_unik_per_instansi"),
            models.CheckConstraint(
                condition=Q(jenis_jabatan="fungsional") | Q(jenjang_fungsional=""),
                name="pegawai_jenjang_hanya_fungsional",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "unit_kerja"], name="pegawai_instansi_unit"),
            models.Index(fields=["instansi", "nama"], name="pegawai_instansi_nama"),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        """Name with academic titles as written on SKs: "Dr. Siti Rahmawati, S.Pd., M.Pd."."""
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def nip_tampilan(self) -> str:
        from .nip import nip_parse_for_status

        try:
            return nip_parse_for_status(self.nip, status=self.status_kepegawaian).tampilan
        except Exception:
            return self.nip

    @property
    def golongan_tampilan(self) -> str:
        return golongan_label(self.golongan) if self.golongan else ""

    @property
    def jabatan_tampilan(self) -> str:
        if self.jenjang_fungsional:
            return f"{self.nama_jabatan} ({self.get_jenjang_fungsional_display()})"
        return self.nama_jabatan

    def bup(self, pengaturan: dict | None = None) -> int:
        """Retirement age for this jabatan: the instansi's setting, else the national default."""
        return bup_usia(
            jenis_jabatan=self.jenis_jabatan,
            jenjang_fungsional=self.jenjang_fungsional,
            pengaturan=pengaturan,
        )

    def tanggal_pensiun(self, pengaturan: dict | None = None) -> dt.date:
        """Pension starts on the first day of the month after the BUP birthday."""
        return tanggal_pensiun_dari(tanggal_lahir=self.tanggal_lahir, usia=self.bup(pengaturan))


def dokumen_upload_to(instance: Dokumen, filename: str) -> str:
    # Stored per instansi, under a random name: the user's file name never becomes a path.
    return f"dokumen/{instance.instansi_id}/{instance.uuid.hex}{instance.ekstensi}"


class Dokumen(TenantOwnedModel):
    """A supporting document (PDF/JPG/PNG). Never served from a public URL: see views."""

    class Jenis(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="dokumen")
    berkas = models.FileField(_("berkas"), upload_to=dokumen_upload_to, max_length=200)
    nama_asli = models.CharField(_("nama berkas asli"), max_length=200)
    content_type = models.CharField(_("jenis berkas"), max_length=40, choices=Jenis.choices)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        constraints = [models.UniqueConstraint(fields=["instansi", "uuid"], name="dokumen_uuid_unik")]

    def __str__(self) -> str:
        return self.nama_asli

    @property
    def ekstensi(self) -> str:
        return {self.Jenis.PDF: ".pdf", self.Jenis.JPEG: ".jpg", self.Jenis.PNG: ".png"}.get(
            self.content_type, ""
        )


class StatusVerifikasi(models.TextChoices):
    DIAJUKAN = "diajukan", _("Menunggu verifikasi")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class Riwayat(TenantOwnedModel):
    """Common part of every portfolio item: owner, evidence and verification state.

    Only `disetujui` (approved) items count in anything computed later.
    """

    # Kinds an ASN may enter themselves; hukuman disiplin is entered by BKD only.
    DIISI_ASN = True
    # Short code of the kind, used in URLs, API paths and the verification queue.
    KODE = ""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="%(class)s_set")
    dokumen = models.ForeignKey(
        Dokumen, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("dokumen")
    )
    status = models.CharField(
        _("status verifikasi"),
        max_length=12,
        choices=StatusVerifikasi.choices,
        default=StatusVerifikasi.DIAJUKAN,
    )
    alasan_penolakan = models.TextField(_("alasan penolakan"), blank=True)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    # A new evidence document for an item that stays as it was verified (the data unchanged):
    # the item keeps its status and keeps counting while this document waits for the verifier.
    dokumen_baru = models.ForeignKey(
        Dokumen,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumen pengganti"),
    )
    dokumen_baru_diajukan_pada = models.DateTimeField(
        _("dokumen pengganti diajukan pada"), null=True, blank=True
    )
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @cached_property
    def judul(self) -> str:
        return str(self)

    # (start, end) date fields a kind may have: the end may not come before the start.
    DATE_PAIRS = (
        ("tanggal_mulai", "tanggal_selesai"),
        ("tmt_mulai", "tmt_selesai"),
        ("tanggal_terbit", "berlaku_sampai"),
    )

    def clean(self) -> None:
        super().clean()
        errors = riwayat_tanggal_errors(
            type(self), {name: getattr(self, name, None) for pair in self.DATE_PAIRS for name in pair}
        )
        if errors:
            raise ValidationError(errors)


def riwayat_tanggal_errors(model: type[Riwayat], values: dict) -> dict[str, str]:
    """Every (start, end) pair of the kind whose end comes before its start: {end field: message}.
    Shared by the model's clean() and the portfolio form, which shows these with any other error."""
    errors = {}
    for start, end in model.DATE_PAIRS:
        mulai, selesai = values.get(start), values.get(end)
        if mulai and selesai and selesai < mulai:
            errors[end] = _("%(akhir)s tidak boleh lebih awal dari %(awal)s.") % {
                "akhir": capfirst(str(model._meta.get_field(end).verbose_name)),
                "awal": str(model._meta.get_field(start).verbose_name),
            }
    return errors


def _riwayat_meta(name: str, label, label_plural) -> type:
    """Meta for a riwayat table: verification-queue index, ordering and names."""

    class Meta:
        verbose_name = label
        verbose_name_plural = label_plural
        indexes = [
            models.Index(fields=["instansi", "status", "diajukan_pada"], name=f"{name}_antrean"),
            models.Index(fields=["instansi", "pegawai"], name=f"{name}_pegawai"),
        ]

    return Meta


class RiwayatPendidikan(Riwayat):
    KODE = "pendidikan"

    jenjang = models.CharField(_("jenjang"), max_length=4, choices=JenjangPendidikan.choices)
    jurusan = models.CharField(_("jurusan / program studi"), max_length=150, blank=True)
    institusi = models.CharField(_("institusi"), max_length=200)
    tahun_lulus = models.PositiveSmallIntegerField(_("tahun lulus"))
    nomor_ijazah = models.CharField(_("nomor ijazah"), max_length=100, blank=True)
    # Kesesuaian bidang pendidikan: a verifier's judgement that the field of study fits the
    # jabatan named in `kesesuaian_jabatan` (None: not judged yet; the engine reads it fail-closed).
    sesuai_jabatan = models.BooleanField(_("sesuai dengan jabatan"), null=True, blank=True)
    kesesuaian_jabatan = models.CharField(_("jabatan yang dinilai"), max_length=200, blank=True)
    kesesuaian_dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kesesuaian_dinilai_pada = models.DateTimeField(_("kesesuaian dinilai pada"), null=True, blank=True)

    Meta = _riwayat_meta("rpendidikan", _("riwayat pendidikan"), _("riwayat pendidikan"))

    def __str__(self) -> str:
        return f"{self.get_jenjang_display()} {self.jurusan} — {self.institusi} ({self.tahun_lulus})".replace(
            "  ", " "
        )


class RiwayatDiklat(Riwayat):
    KODE = "diklat"

    class Jenis(models.TextChoices):
        STRUKTURAL = "struktural", _("Struktural / Kepemimpinan")
        FUNGSIONAL = "fungsional", _("Fungsional")
        TEKNIS = "teknis", _("Teknis")
        SEMINAR = "seminar", _("Seminar / Workshop")

    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    nama = models.CharField(_("nama diklat / pelatihan"), max_length=200)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    jam_pelajaran = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"))
    nomor_sertifikat = models.CharField(_("nomor sertifikat / STTPP"), max_length=100, blank=True)

    Meta = _riwayat_meta("rdiklat", _("diklat / pelatihan"), _("diklat / pelatihan"))

    def __str__(self) -> str:
        return f"{self.nama} ({self.jam_pelajaran} JP)"


class Sertifikat(Riwayat):
    KODE = "sertifikat"

    nama = models.CharField(_("nama sertifikat"), max_length=200)
    penerbit = models.CharField(_("penerbit"), max_length=200)
    nomor = models.CharField(_("nomor"), max_length=100, blank=True)
    tanggal_terbit = models.DateField(_("tanggal terbit"))
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)

    Meta = _riwayat_meta("rsertifikat", _("sertifikat"), _("sertifikat"))

    def __str__(self) -> str:
        return f"{self.nama} — {self.penerbit}"


class Penghargaan(Riwayat):
    KODE = "penghargaan"

    class Jenis(models.TextChoices):
        SATYALENCANA_X = "satyalencana_x", _("Satyalencana Karya Satya X Tahun")
        SATYALENCANA_XX = "satyalencana_xx", _("Satyalencana Karya Satya XX Tahun")
        SATYALENCANA_XXX = "satyalencana_xxx", _("Satyalencana Karya Satya XXX Tahun")
        LAINNYA = "lainnya", _("Penghargaan lain")

    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    nama = models.CharField(_("nama penghargaan"), max_length=200, blank=True)
    pemberi = models.CharField(_("pemberi"), max_length=200)
    tanggal = models.DateField(_("tanggal"))
    nomor_sk = models.CharField(_("nomor SK / keputusan"), max_length=100, blank=True)

    Meta = _riwayat_meta("rpenghargaan", _("penghargaan"), _("penghargaan"))

    def __str__(self) -> str:
        return self.nama or self.get_jenis_display()


class SkTimKerja(Riwayat):
    KODE = "sk_tim"

    nama_tim = models.CharField(_("nama tim kerja"), max_length=200)
    peran = models.CharField(_("peran dalam tim"), max_length=100)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100)
    tanggal_sk = models.DateField(_("tanggal SK"))

    Meta = _riwayat_meta("rsktim", _("SK tim kerja"), _("SK tim kerja"))

    def __str__(self) -> str:
        return f"{self.nama_tim} — {self.peran}"


class RiwayatJabatan(Riwayat):
    KODE = "jabatan"

    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=20, choices=JenisJabatan.choices)
    # The jenjang of a fungsional post: succession paths run through it (docs/succession.md).
    jenjang_fungsional = models.CharField(
        _("jenjang fungsional"), max_length=20, choices=JenjangFungsional.choices, blank=True
    )
    nama_jabatan = models.CharField(_("nama jabatan"), max_length=200)
    unit = models.CharField(_("unit kerja / instansi"), max_length=200)
    tmt_mulai = models.DateField(_("TMT mulai"))
    tmt_selesai = models.DateField(_("TMT selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)

    Meta = _riwayat_meta("rjabatan", _("riwayat jabatan"), _("riwayat jabatan"))

    def __str__(self) -> str:
        return f"{self.nama_jabatan} — {self.unit}"

    def clean(self) -> None:
        super().clean()
        # The same rule as the pegawai profile: a fungsional post has a jenjang, no other post does.
        if self.jenis_jabatan == JenisJabatan.FUNGSIONAL and not self.jenjang_fungsional:
            raise ValidationError(
                {"jenjang_fungsional": _("Jabatan fungsional harus mempunyai jenjang (mis. Ahli Muda).")}
            )
        if self.jenis_jabatan != JenisJabatan.FUNGSIONAL and self.jenjang_fungsional:
            raise ValidationError({"jenjang_fungsional": _("Jenjang hanya diisi untuk jabatan fungsional.")})


class Organisasi(Riwayat):
    KODE = "organisasi"

    nama = models.CharField(_("nama organisasi"), max_length=200)
    jabatan = models.CharField(_("jabatan dalam organisasi"), max_length=100)
    tanggal_mulai = models.DateField(_("mulai"))
    tanggal_selesai = models.DateField(_("selesai"), null=True, blank=True)

    Meta = _riwayat_meta("rorganisasi", _("organisasi"), _("organisasi"))

    def __str__(self) -> str:
        return f"{self.nama} — {self.jabatan}"


class HukumanDisiplin(Riwayat):
    """Entered and approved by BKD only (PP 94/2021 levels); the ASN sees it, cannot change it."""

    DIISI_ASN = False
    KODE = "hukuman"

    class Tingkat(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        SEDANG = "sedang", _("Sedang")
        BERAT = "berat", _("Berat")

    tingkat = models.CharField(_("tingkat"), max_length=8, choices=Tingkat.choices)
    jenis_hukuman = models.CharField(_("jenis hukuman"), max_length=200)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100)
    tmt_mulai = models.DateField(_("TMT mulai"))
    tmt_selesai = models.DateField(_("TMT selesai"), null=True, blank=True)

    Meta = _riwayat_meta("rhukuman", _("hukuman disiplin"), _("hukuman disiplin"))

    def __str__(self) -> str:
        return f"{self.get_tingkat_display()}: {self.jenis_hukuman}"


RIWAYAT_MODELS: list[type[Riwayat]] = [
    RiwayatPendidikan,
    RiwayatDiklat,
    Sertifikat,
    Penghargaan,
    SkTimKerja,
    RiwayatJabatan,
    Organisasi,
    HukumanDisiplin,
]
RIWAYAT_BY_KODE: dict[str, type[Riwayat]] = {model.KODE: model for model in RIWAYAT_MODELS}


class KelengkapanData(TenantOwnedModel):
    """A pegawai's data completeness, recomputed in the same transaction as every change."""

    pegawai = models.OneToOneField(Pegawai, on_delete=models.CASCADE, related_name="kelengkapan")
    persen = models.PositiveSmallIntegerField(_("persen lengkap"))
    # [{"kode": "...", "pesan": "...", "jenis": "kurang|menunggu|ditolak"}, ...]
    kekurangan = models.JSONField(_("kekurangan"), default=list)
    dihitung_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kelengkapan data")
        verbose_name_plural = _("kelengkapan data")
        indexes = [models.Index(fields=["instansi", "persen"], name="kelengkapan_instansi_persen")]
