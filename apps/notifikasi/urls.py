"""Pages of the inbox (namespace "notifikasi")."""

from django.urls import path

from . import views

app_name = "notifikasi"

urlpatterns = [
    path("notifikasi/", views.NotifikasiListView.as_view(), name="list"),
    path("notifikasi/preferensi/", views.PreferensiView.as_view(), name="preferensi"),
    path("notifikasi/baca-semua/", views.NotifikasiBacaSemuaView.as_view(), name="baca_semua"),
    path("notifikasi/<int:pk>/baca/", views.NotifikasiBacaView.as_view(), name="baca"),
]
