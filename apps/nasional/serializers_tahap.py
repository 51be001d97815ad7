"""Serializers of the implementation-stage API (summary rows only: no personal data)."""

from rest_framework import serializers

from .tahap import INDIKATOR_TAHAP

SUMBER_CHOICES = ["sistem", "deklarasi", "belum"]


class TahapFilterSerializer(serializers.Serializer):
    periode = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    provinsi = serializers.RegexField(r"^\d{2}$", required=False)
    tahap = serializers.IntegerField(required=False, min_value=0, max_value=5)


class TahapInstansiSerializer(serializers.Serializer):
    kode = serializers.CharField(help_text="Kode Kemendagri instansi (wilayahnya).")
    nama = serializers.CharField()
    provinsi = serializers.CharField(source="provinsi_kode", help_text="Kode Kemendagri provinsi.")
    periode = serializers.IntegerField()
    tahap = serializers.IntegerField(help_text="Tahap tertinggi yang dipenuhi, 0–5.")
    skor_kti = serializers.IntegerField(help_text="Skor KTI lembar kerja sistem merit, 0–4.")
    tahap_terpenuhi = serializers.ListField(
        child=serializers.BooleanField(), help_text="Untuk tahap 1..5: semua indikatornya terpenuhi."
    )
    indikator = serializers.DictField(
        source="sumber",
        child=serializers.ChoiceField(choices=SUMBER_CHOICES),
        help_text="Sumber tiap indikator: sistem (terbukti dari data), deklarasi (dinyatakan dengan "
        "dokumen) atau belum. Kunci: " + ", ".join(INDIKATOR_TAHAP) + ".",
    )
    jumlah_sistem = serializers.IntegerField(source="hitung.sistem")
    jumlah_deklarasi = serializers.IntegerField(source="hitung.deklarasi")
    jumlah_belum = serializers.IntegerField(source="hitung.belum")
    diperbarui_pada = serializers.DateTimeField()
