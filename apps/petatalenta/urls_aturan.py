"""Rule-set pages under /talenta/aturan/ (namespace "petatalenta"); see apps/petatalenta/urls.py.

aturan.view: list, detail, JSON export, diff, recompute progress. aturan.manage: clone, edit, import,
activate, delete a draf, "hitung ulang sekarang", talent settings.
"""

from django.urls import path

from . import views_aturan as views

urlpatterns = [
    path("", views.AturanListView.as_view(), name="aturan_list"),
    path("salin/", views.AturanSalinView.as_view(), name="aturan_salin"),
    path("impor/", views.AturanImporView.as_view(), name="aturan_impor"),
    path("banding/", views.AturanBandingView.as_view(), name="aturan_banding"),
    path("pengaturan/", views.PengaturanView.as_view(), name="pengaturan"),
    path("hitung-ulang/", views.HitungUlangStartView.as_view(), name="aturan_hitung_ulang"),
    path("hitung-ulang/<uuid:uuid>/", views.HitungUlangDetailView.as_view(), name="hitung_ulang_detail"),
    path(
        "hitung-ulang/<uuid:uuid>/status.json",
        views.HitungUlangStatusView.as_view(),
        name="hitung_ulang_status",
    ),
    path("<int:pk>/", views.AturanDetailView.as_view(), name="aturan_detail"),
    path("<int:pk>/ubah/", views.AturanUbahView.as_view(), name="aturan_ubah"),
    path("<int:pk>/ekspor.json", views.AturanEksporView.as_view(), name="aturan_ekspor"),
    path("<int:pk>/aktifkan/", views.AturanAktifkanView.as_view(), name="aturan_aktifkan"),
    path("<int:pk>/hapus/", views.AturanHapusView.as_view(), name="aturan_hapus"),
]
