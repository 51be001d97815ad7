from django.urls import path

from . import views

app_name = "instansi"

urlpatterns = [
    path("bkd/", views.HomeAdminBkdView.as_view(), name="home_admin_bkd"),
    path("verifikator/", views.HomeVerifikatorView.as_view(), name="home_verifikator"),
    path("komite/", views.HomeKomiteView.as_view(), name="home_komite"),
    path("ppk/", views.HomePpkView.as_view(), name="home_ppk"),
    path("instansi/", views.InstansiProfilView.as_view(), name="profil"),
    path("unit-kerja/", views.UnitKerjaTreeView.as_view(), name="unit_kerja_tree"),
    path("unit-kerja/tambah/", views.UnitKerjaCreateView.as_view(), name="unit_kerja_create"),
    path("unit-kerja/<int:pk>/", views.UnitKerjaDetailView.as_view(), name="unit_kerja_detail"),
    path("unit-kerja/<int:pk>/ubah/", views.UnitKerjaUpdateView.as_view(), name="unit_kerja_update"),
    path("anggota/", views.AnggotaListView.as_view(), name="anggota"),
    path("audit/", views.AuditListView.as_view(), name="audit"),
]
