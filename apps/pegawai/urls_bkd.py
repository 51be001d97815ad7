"""BKD pages of the pegawai app (namespace "pegawai")."""

from django.urls import path

from . import views_bkd

urlpatterns = [
    path("pegawai/", views_bkd.PegawaiListView.as_view(), name="pegawai_list"),
    path("pegawai/tambah/", views_bkd.PegawaiCreateView.as_view(), name="pegawai_create"),
    path("pegawai/<int:pk>/", views_bkd.PegawaiDetailView.as_view(), name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views_bkd.PegawaiUpdateView.as_view(), name="pegawai_update"),
    path("pegawai/<int:pk>/hukuman/tambah/", views_bkd.HukumanCreateView.as_view(), name="hukuman_create"),
    path("kelengkapan/", views_bkd.KelengkapanView.as_view(), name="kelengkapan"),
    path("kelengkapan/<int:pk>/", views_bkd.KelengkapanUnitView.as_view(), name="kelengkapan_unit"),
]
