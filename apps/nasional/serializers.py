"""Read-only shapes of the national API: sums of summary rows, counts only (no personal data).
Breakdowns per group follow the small-cell rule ("< 5" instead of a count of 1..4)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import RingkasanInstansi
from .tabel import kelompok_sel_kecil


def _sebaran(help_text: str, source: str | None = None) -> serializers.DictField:
    kwargs = {"source": source} if source else {}
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text, **kwargs)


@extend_schema_field(
    {
        "type": "object",
        "description": (
            "{dimensi: {kelompok: {n, pool, kotak: {'1'..'9': n}}}} untuk pegawai aktif dengan "
            'penempatan final; angka 1..4 ditampilkan sebagai string "< 5" (sel kecil).'
        ),
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "object"}},
    }
)
class KelompokField(serializers.Field):
    def to_representation(self, value: dict) -> dict[str, Any]:
        return kelompok_sel_kecil(value or {})


class RekapSerializer(serializers.Serializer):
    """The sum of the instansi rows of one period (of one instansi on the instansi endpoint)."""

    jumlah_instansi = serializers.IntegerField(help_text="Instansi dengan ringkasan pada periode ini.")
    jumlah_pengguna = serializers.IntegerField()
    pengguna_per_peran = _sebaran("{peran: pengguna}")
    jumlah_perangkat_daerah = serializers.IntegerField()
    jumlah_unit_kerja = serializers.IntegerField()
    jumlah_pegawai = serializers.IntegerField(help_text="Pegawai aktif.")
    pegawai_per_status = _sebaran("{status_kepegawaian: pegawai aktif}")
    pegawai_per_jenis_jabatan = _sebaran("{jenis_jabatan: pegawai aktif}")
    kotak_dihitung = _sebaran("{'1'..'9': penempatan final} (nomor PermenPANRB 3/2020)", source="kotak")
    jumlah_final = serializers.IntegerField()
    jumlah_perlu_data = serializers.IntegerField()
    jumlah_belum_dihitung = serializers.IntegerField()
    jumlah_krs = serializers.IntegerField(help_text="Anggota KRS Instansi (talent pool).")
    jumlah_krs_nasional = serializers.IntegerField()
    kotak_ditetapkan = _sebaran(
        "{'1'..'9': pegawai} menurut penetapan PPK yang berlaku", source="kotak_tetap"
    )
    instansi_ditetapkan = serializers.IntegerField(help_text="Instansi yang PPK-nya sudah menetapkan.")
    kelengkapan_rata = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Rata-rata tertimbang jumlah pegawai."
    )
    kelengkapan_sebaran = _sebaran("{'0-49'|'50-74'|'75-99'|'100': pegawai}")
    asesmen_valid = serializers.IntegerField()
    asesmen_kedaluwarsa = serializers.IntegerField()
    asesmen_tidak_ada = serializers.IntegerField()
    skp_valid = serializers.IntegerField()
    skp_kedaluwarsa = serializers.IntegerField()
    skp_tidak_ada = serializers.IntegerField()
    jabatan_kunci = serializers.IntegerField()
    jabatan_kunci_berisiko = serializers.IntegerField()
    jabatan_kunci_siap = serializers.IntegerField()
    kekuatan_bench_rata = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text="Rata-rata tertimbang jumlah jabatan kunci.",
    )
    idp_jumlah = serializers.IntegerField(allow_null=True, help_text="Null selama belum ada data IDP.")
    tahap_sebaran = _sebaran("{tahap 0..5: instansi}")
    skor_kti_sebaran = _sebaran("{skor KTI 0..4: instansi}")
    kelompok = KelompokField()
    diperbarui_min = serializers.DateTimeField(allow_null=True)
    diperbarui_max = serializers.DateTimeField(allow_null=True)


class WilayahRingkasSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class ProvinsiBarisSerializer(serializers.Serializer):
    provinsi = WilayahRingkasSerializer()
    jumlah_daerah_otonom = serializers.IntegerField()
    jumlah_instansi = serializers.IntegerField(help_text="Instansi aktif terdaftar di Talenta.")
    rekap = RekapSerializer()


class RekapNasionalSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    periode_tersedia = serializers.ListField(child=serializers.IntegerField())
    total = RekapSerializer()
    provinsi = ProvinsiBarisSerializer(many=True)


class InstansiRingkasSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class InstansiBarisSerializer(serializers.Serializer):
    instansi = InstansiRingkasSerializer()
    rekap = RekapSerializer(allow_null=True, help_text="Null: belum ada ringkasan untuk periode ini.")


class RekapProvinsiSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    periode_tersedia = serializers.ListField(child=serializers.IntegerField())
    provinsi = WilayahRingkasSerializer()
    jumlah_daerah_otonom = serializers.IntegerField()
    total = RekapSerializer()
    instansi = InstansiBarisSerializer(many=True)


class TrenSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    rekap = RekapSerializer()


class RekapInstansiSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    periode_tersedia = serializers.ListField(child=serializers.IntegerField())
    instansi = InstansiRingkasSerializer()
    provinsi = WilayahRingkasSerializer()
    rekap = RekapSerializer(allow_null=True, help_text="Null: belum ada ringkasan untuk periode ini.")
    tahap_implementasi = serializers.IntegerField(allow_null=True)
    skor_kti = serializers.IntegerField(allow_null=True)
    penetapan_tanggal = serializers.DateField(allow_null=True)
    tren = TrenSerializer(many=True, source="riwayat")


class RingkasanInstansiSerializer(serializers.ModelSerializer):
    """One instansi's row as stored, every field (breakdowns per group under the small-cell rule)."""

    kode = serializers.CharField(source="instansi.kode")
    nama = serializers.CharField(source="instansi.nama")
    provinsi = serializers.CharField(source="instansi.provinsi.kode")
    kelompok = KelompokField()

    class Meta:
        model = RingkasanInstansi
        fields = [
            "kode",
            "nama",
            "provinsi",
            "periode",
            "jumlah_pengguna",
            "pengguna_per_peran",
            "jumlah_perangkat_daerah",
            "jumlah_unit_kerja",
            "jumlah_pegawai",
            "pegawai_per_status",
            "pegawai_per_jenis_jabatan",
            "kotak_dihitung",
            "jumlah_final",
            "jumlah_perlu_data",
            "jumlah_belum_dihitung",
            "jumlah_krs",
            "jumlah_krs_nasional",
            "kotak_ditetapkan",
            "penetapan_tanggal",
            "kelengkapan_rata",
            "kelengkapan_sebaran",
            "asesmen_valid",
            "asesmen_kedaluwarsa",
            "asesmen_tidak_ada",
            "skp_valid",
            "skp_kedaluwarsa",
            "skp_tidak_ada",
            "jabatan_kunci",
            "jabatan_kunci_berisiko",
            "jabatan_kunci_siap",
            "kekuatan_bench_rata",
            "idp_jumlah",
            "tahap_implementasi",
            "skor_kti",
            "tahap_rincian",
            "kelompok",
            "diperbarui_pada",
        ]
        read_only_fields = fields


class RingkasanHalamanSerializer(serializers.Serializer):
    """One page of `/api/v1/nasional/ringkasan/` (the project's page-number pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RingkasanInstansiSerializer(many=True)
