"""Pages of the nasional app's krs part (included by apps/nasional/urls.py, namespace "nasional")."""

from django.urls import path

from . import views_krs

urlpatterns = [
    path("nasional/krs/", views_krs.KrsCariView.as_view(), name="krs_cari"),
    path("nasional/krs/sesi/", views_krs.KrsSesiView.as_view(), name="krs_sesi"),
    path("nasional/krs/sesi/akhiri/", views_krs.KrsSesiAkhiriView.as_view(), name="krs_sesi_akhiri"),
    path("nasional/krs/profil/<int:pegawai_id>/", views_krs.KrsProfilView.as_view(), name="krs_profil"),
    path("krs-nasional/pemantauan/", views_krs.KrsPantauView.as_view(), name="krs_pantau"),
    path("operator/akses-krs/", views_krs.KrsAksesView.as_view(), name="krs_akses"),
    path("operator/akses-krs/<int:pk>/cabut/", views_krs.KrsAksesCabutView.as_view(), name="krs_akses_cabut"),
]
