"""Rule-set pages under /talenta/aturan/ (namespace "petatalenta"); see apps/petatalenta/urls.py.

aturan.view: list, detail, JSON export, diff, recompute progress. aturan.manage: clone, edit, import,
activate, delete a draf, "hitung ulang sekarang", talent settings.
"""

from django.urls import path

from . import views_aturan as views
from .aturan.urls import aturan_urlpatterns
from .forms_aturan import AturanForm
from .services_aturan import JENIS_TALENTA

urlpatterns = [
    path("pengaturan/", views.PengaturanView.as_view(), name="pengaturan"),
    path("hitung-ulang/", views.HitungUlangStartView.as_view(), name="aturan_hitung_ulang"),
    path("hitung-ulang/<uuid:uuid>/", views.HitungUlangDetailView.as_view(), name="hitung_ulang_detail"),
    path(
        "hitung-ulang/<uuid:uuid>/status.json",
        views.HitungUlangStatusView.as_view(),
        name="hitung_ulang_status",
    ),
    *aturan_urlpatterns(
        jenis=JENIS_TALENTA,
        form_editor=AturanForm,
        list=views.AturanListView,
        detail=views.AturanDetailView,
        ubah=views.AturanUbahView,
        aktifkan=views.AturanAktifkanView,
    ),
]
