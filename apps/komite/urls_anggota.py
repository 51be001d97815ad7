"""Pages of the committee's membership and settings, mounted at /komite/anggota/ (namespace "komite")."""

from django.urls import path

from . import views_anggota as views

urlpatterns = [
    path("", views.AnggotaListView.as_view(), name="anggota_list"),
    path("tambah/", views.AnggotaTambahView.as_view(), name="anggota_tambah"),
    path("pengaturan/", views.PengaturanView.as_view(), name="pengaturan"),
    path("<int:pk>/ubah/", views.AnggotaUbahView.as_view(), name="anggota_ubah"),
    path("<int:pk>/akhiri/", views.AnggotaAkhiriView.as_view(), name="anggota_akhiri"),
    path("<int:pk>/hapus/", views.AnggotaHapusView.as_view(), name="anggota_hapus"),
]
