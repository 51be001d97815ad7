"""Routes: see apps/petatalenta/urls.py. The explanation of one placement and the Profil Talenta."""

from django.urls import path

from . import views_profil

urlpatterns = [
    path("pegawai/<int:pk>/talenta/", views_profil.PegawaiTalentaView.as_view(), name="pegawai_talenta"),
    path("pegawai/<int:pk>/talenta/profil.pdf", views_profil.ProfilPdfView.as_view(), name="profil_pdf"),
    path(
        "pegawai/<int:pk>/talenta/simulasi/",
        views_profil.PegawaiSimulasiView.as_view(),
        name="pegawai_simulasi",
    ),
    path("saya/talenta/", views_profil.SayaTalentaView.as_view(), name="saya_talenta"),
    path("saya/talenta/simulasi/", views_profil.SayaSimulasiView.as_view(), name="saya_simulasi"),
    path("saya/talenta/profil.pdf", views_profil.SayaProfilPdfView.as_view(), name="saya_profil_pdf"),
]
