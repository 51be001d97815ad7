"""Pages of committee sessions, mounted at /komite/sidang/ (namespace "komite")."""

from django.urls import path

from . import views_sidang as views

urlpatterns = [
    path("", views.SidangListView.as_view(), name="sidang_list"),
    path("tambah/", views.SidangTambahView.as_view(), name="sidang_tambah"),
    path("<int:pk>/", views.SidangDetailView.as_view(), name="sidang_detail"),
    path("<int:pk>/ubah/", views.SidangUbahView.as_view(), name="sidang_ubah"),
    path("<int:pk>/hapus/", views.SidangHapusView.as_view(), name="sidang_hapus"),
    path("<int:pk>/agenda/tambah/", views.AgendaTambahView.as_view(), name="agenda_tambah"),
    path("<int:pk>/agenda/<int:agenda_pk>/hapus/", views.AgendaHapusView.as_view(), name="agenda_hapus"),
    path("<int:pk>/undang/", views.SidangUndangView.as_view(), name="sidang_undang"),
    path("<int:pk>/kehadiran/", views.KehadiranView.as_view(), name="kehadiran"),
    path("<int:pk>/mulai/", views.SidangMulaiView.as_view(), name="sidang_mulai"),
    path("<int:pk>/tutup/", views.SidangTutupView.as_view(), name="sidang_tutup"),
    path("<int:pk>/lanjutan/", views.SidangLanjutanView.as_view(), name="sidang_lanjutan"),
]
