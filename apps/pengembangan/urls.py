"""Pages of development (pengembangan), mounted at the root under pengembangan/ (namespace "pengembangan")."""

from django.urls import include, path

from . import views

app_name = "pengembangan"

urlpatterns = [
    # the ASN's own plan
    path("pengembangan/idp/saya/", views.IdpSayaView.as_view(), name="idp_saya"),
    path("pengembangan/idp/saya/<int:pk>/ajukan/", views.IdpSayaAjukanView.as_view(), name="idp_saya_ajukan"),
    path(
        "pengembangan/idp/saya/kegiatan/<int:pk>/progres/",
        views.KegiatanProgresView.as_view(),
        name="idp_progres",
    ),
    path(
        "pengembangan/idp/saya/kegiatan/<int:pk>/selesai/",
        views.KegiatanSelesaiView.as_view(),
        name="idp_selesai",
    ),
    # the atasan
    path("pengembangan/idp/atasan/", views.AtasanListView.as_view(), name="idp_atasan"),
    path("pengembangan/idp/atasan/<int:pk>/", views.AtasanDetailView.as_view(), name="idp_atasan_detail"),
    path(
        "pengembangan/idp/atasan/<int:pk>/setujui/",
        views.AtasanSetujuiView.as_view(),
        name="idp_atasan_setujui",
    ),
    path(
        "pengembangan/idp/atasan/<int:pk>/kembalikan/",
        views.AtasanKembalikanView.as_view(),
        name="idp_atasan_kembalikan",
    ),
    # BKD and Komite
    path("pengembangan/idp/", views.IdpListView.as_view(), name="idp_list"),
    path("pengembangan/idp/ekspor.xlsx", views.IdpEksporView.as_view(), name="idp_ekspor"),
    path("pengembangan/idp/prioritas/", views.PrioritasView.as_view(), name="idp_prioritas"),
    path("pengembangan/idp/krs/", views.KrsIdpView.as_view(), name="idp_krs"),
    path("pengembangan/idp/susun/", views.SusunMassalView.as_view(), name="idp_susun"),
    path(
        "pengembangan/idp/pegawai/<int:pegawai_pk>/susun/",
        views.SusunPegawaiView.as_view(),
        name="idp_susun_pegawai",
    ),
    path("pengembangan/idp/<int:pk>/", views.IdpDetailView.as_view(), name="idp_detail"),
    path("pengembangan/idp/<int:pk>/setujui/", views.IdpSetujuiView.as_view(), name="idp_setujui"),
    path("pengembangan/idp/<int:pk>/kembalikan/", views.IdpKembalikanView.as_view(), name="idp_kembalikan"),
    path("pengembangan/idp/<int:pk>/hapus/", views.IdpHapusView.as_view(), name="idp_hapus"),
    path(
        "pengembangan/idp/<int:pk>/kegiatan/tambah/",
        views.KegiatanTambahView.as_view(),
        name="idp_kegiatan_tambah",
    ),
    path(
        "pengembangan/idp/<int:pk>/kegiatan/<int:kpk>/ubah/",
        views.KegiatanUbahView.as_view(),
        name="idp_kegiatan_ubah",
    ),
    path(
        "pengembangan/idp/<int:pk>/kegiatan/<int:kpk>/hapus/",
        views.KegiatanHapusView.as_view(),
        name="idp_kegiatan_hapus",
    ),
    path("pengembangan/antrean-asesmen/", include("apps.pengembangan.urls_antrean")),
]
