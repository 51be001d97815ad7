"""Management pages of key posts, mounted at /suksesi/jabatan-kunci/ (namespace "suksesi")."""

from django.urls import path

from . import views_jabatan as views

urlpatterns = [
    path("kelola/", views.JabatanKelolaView.as_view(), name="jabatan_kelola"),
    path("ekspor.xlsx", views.JabatanEksporView.as_view(), name="jabatan_ekspor"),
    path("tambah/", views.JabatanTambahView.as_view(), name="jabatan_tambah"),
    path("tandai-massal/", views.JabatanTandaiMassalView.as_view(), name="jabatan_tandai_massal"),
    path("pengaturan/", views.PengaturanView.as_view(), name="pengaturan"),
    path("<int:pk>/ubah/", views.JabatanUbahView.as_view(), name="jabatan_ubah"),
    path("<int:pk>/nonaktifkan/", views.JabatanNonaktifkanView.as_view(), name="jabatan_nonaktifkan"),
    path("<int:pk>/nominasi/", views.NominasiTambahView.as_view(), name="nominasi_tambah"),
    path(
        "<int:pk>/nominasi/<int:nominasi_pk>/cabut/",
        views.NominasiCabutView.as_view(),
        name="nominasi_cabut",
    ),
]
