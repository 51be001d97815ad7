"""Serializers of the succession read API (stored key-post status, candidates, the KRS)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.api import EnumField
from apps.instansi.models import Instansi, UnitKerja
from apps.pegawai.referensi import JenisKelamin
from apps.petatalenta.selectors_ninebox import RENTANG_USIA

from . import engine
from .models import Kandidat
from .selectors import TINGKAT_LABEL, SaringanKrs

HASIL_CHOICES = [(h, h) for h in engine.HASIL_URUTAN]


class UnitRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)


class PegawaiRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nip = serializers.CharField(read_only=True)
    nama = serializers.CharField(source="nama_lengkap", read_only=True)
    jabatan = serializers.CharField(source="jabatan_tampilan", read_only=True)
    jenis_jabatan = serializers.CharField(read_only=True)
    unit_kerja = UnitRingkasSerializer(read_only=True, allow_null=True)


class StatusSuksesiSerializer(serializers.Serializer):
    dihitung_pada = serializers.DateTimeField(read_only=True, allow_null=True)
    sedang_dihitung_ulang = serializers.SerializerMethodField()
    tanggal_acuan = serializers.DateField(read_only=True, allow_null=True)
    tanggal_bup_pemegang = serializers.DateField(read_only=True, allow_null=True)
    jumlah_kandidat = serializers.IntegerField(read_only=True)
    jumlah_memenuhi = serializers.IntegerField(read_only=True)
    jumlah_perlu_verifikasi = serializers.IntegerField(read_only=True)
    jumlah_tidak_memenuhi = serializers.IntegerField(read_only=True)
    jumlah_siap_sekarang = serializers.IntegerField(read_only=True)
    jumlah_siap_1_2 = serializers.IntegerField(read_only=True)
    kekuatan_bench = serializers.IntegerField(read_only=True)
    berisiko = serializers.BooleanField(read_only=True)
    alasan_risiko = serializers.CharField(read_only=True)

    def get_sedang_dihitung_ulang(self, obj) -> bool:
        return obj.dirty_since is not None


class JabatanKunciStatusSerializer(serializers.Serializer):
    """A key post with its stored status (null while never computed)."""

    id = serializers.IntegerField(read_only=True)
    nama = serializers.CharField(read_only=True)
    unit_kerja = UnitRingkasSerializer(read_only=True)
    jenis_jabatan = serializers.CharField(read_only=True)
    jenjang_fungsional = serializers.CharField(read_only=True)
    tingkat = serializers.CharField(read_only=True)
    pemegang = PegawaiRingkasSerializer(read_only=True, allow_null=True)
    lowong = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    def get_lowong(self, obj) -> bool:
        return obj.pemegang_id is None

    def get_status(self, obj) -> StatusSuksesiSerializer(allow_null=True):  # type: ignore[valid-type]
        from .selectors import status_of

        status = status_of(obj)
        return None if status is None else StatusSuksesiSerializer(status).data


class KriteriaSerializer(serializers.Serializer):
    kode = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    hasil = EnumField(enum_name="HasilKriteriaEnum", choices=HASIL_CHOICES, read_only=True)
    alasan = serializers.CharField(read_only=True)
    waktu = serializers.BooleanField(read_only=True, help_text="Belum terpenuhi hanya karena waktu.")
    verifikasi = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Jenis portofolio yang menunggu verifikasi."
    )


class KandidatSerializer(serializers.Serializer):
    """One stored candidate: eligible candidates carry their rank (`peringkat`)."""

    peringkat = serializers.IntegerField(read_only=True, allow_null=True)
    pegawai = PegawaiRingkasSerializer(read_only=True)
    kotak = serializers.IntegerField(source="kandidat.kotak", read_only=True, allow_null=True)
    nominasi = serializers.BooleanField(source="kandidat.nominasi", read_only=True)
    kelayakan = EnumField(
        enum_name="KelayakanSuksesiEnum",
        choices=Kandidat.Kelayakan.choices,
        source="kandidat.kelayakan",
        read_only=True,
    )
    kriteria = KriteriaSerializer(many=True, read_only=True)
    jpm_jabatan = serializers.DecimalField(
        max_digits=6, decimal_places=2, source="kandidat.jpm_jabatan", read_only=True, allow_null=True
    )
    jpm_sumber = serializers.CharField(source="kandidat.jpm_sumber", read_only=True)
    skor_peringkat = serializers.DecimalField(
        max_digits=5, decimal_places=2, source="kandidat.skor_peringkat", read_only=True
    )
    kesiapan = EnumField(
        enum_name="KesiapanSuksesiEnum",
        choices=Kandidat.Kesiapan.choices,
        source="kandidat.kesiapan",
        read_only=True,
    )
    alasan_kesiapan = serializers.CharField(source="kandidat.alasan_kesiapan", read_only=True)
    tahun_ke_bup = serializers.DecimalField(
        max_digits=4, decimal_places=1, source="kandidat.tahun_ke_bup", read_only=True, allow_null=True
    )
    tanggal_acuan = serializers.DateField(source="kandidat.tanggal_acuan", read_only=True)
    dihitung_pada = serializers.DateTimeField(source="kandidat.dihitung_pada", read_only=True)


class KandidatFilterSerializer(serializers.Serializer):
    kelayakan = EnumField(
        enum_name="KelayakanSuksesiEnum",
        choices=Kandidat.Kelayakan.choices,
        required=False,
        help_text="Hanya satu kelompok calon; tanpa ini semua calon, yang memenuhi syarat lebih dulu.",
    )


class JabatanKunciFilterSerializer(serializers.Serializer):
    perangkat_daerah = serializers.IntegerField(required=False, min_value=1, help_text="Id perangkat daerah.")
    tingkat = EnumField(
        enum_name="TingkatSuksesiEnum",
        choices=[(k, str(v)) for k, v in TINGKAT_LABEL.items() if k != "pelaksana"],
        required=False,
    )
    berisiko = serializers.BooleanField(required=False, allow_null=True, default=None)
    lowong = serializers.BooleanField(required=False, allow_null=True, default=None)

    @classmethod
    def filters(cls, *, query_params, instansi: Instansi) -> dict | None:
        """The valid filters (else 400); None when the perangkat daerah is not the instansi's."""
        params = cls(data=query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        if data.get("perangkat_daerah"):
            data["perangkat_daerah"] = UnitKerja.objects.filter(
                instansi=instansi, pk=data["perangkat_daerah"]
            ).first()
            if data["perangkat_daerah"] is None:
                return None
        return data


class KrsSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer(read_only=True)
    periode = serializers.IntegerField(read_only=True)
    kotak = serializers.IntegerField(read_only=True)
    skor_potensial = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)
    skor_kinerja = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)


class KrsFilterSerializer(serializers.Serializer):
    perangkat_daerah = serializers.IntegerField(required=False, min_value=1, help_text="Id perangkat daerah.")
    tingkat = EnumField(
        enum_name="TingkatPegawaiEnum",
        choices=[(k, str(v)) for k, v in TINGKAT_LABEL.items()],
        required=False,
    )
    kotak = serializers.IntegerField(required=False, min_value=1, max_value=9)
    jenis_kelamin = EnumField(enum_name="JenisKelaminKrsEnum", choices=JenisKelamin.choices, required=False)
    usia = EnumField(
        enum_name="RentangUsiaEnum",
        choices=[(k, str(label)) for k, (label, _a, _b) in RENTANG_USIA.items()],
        required=False,
    )
    nasional = serializers.BooleanField(
        required=False, default=False, help_text=_("Hanya calon KRS Nasional (kotak menurut aturan suksesi).")
    )

    @classmethod
    def saringan(cls, *, query_params, instansi: Instansi) -> tuple[SaringanKrs, bool] | None:
        params = cls(data=query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        unit = None
        if data.get("perangkat_daerah"):
            unit = UnitKerja.objects.filter(instansi=instansi, pk=data["perangkat_daerah"]).first()
            if unit is None:
                return None
        saringan = SaringanKrs(
            perangkat_daerah=unit,
            tingkat=data.get("tingkat", ""),
            kotak=data.get("kotak"),
            jenis_kelamin=data.get("jenis_kelamin", ""),
            usia=data.get("usia", ""),
        )
        return saringan, bool(data.get("nasional"))
