"""Pages of the nasional app's keadilan part (included by apps/nasional/urls.py, namespace "nasional")."""

from django.urls import path

from . import views_keadilan as views

urlpatterns: list = [
    path("keadilan/", views.KeadilanInstansiView.as_view(), name="keadilan_instansi"),
    path(
        "keadilan/ekspor.csv",
        views.KeadilanInstansiEksporView.as_view(),
        {"fmt": "csv"},
        name="keadilan_instansi_ekspor_csv",
    ),
    path(
        "keadilan/ekspor.xlsx",
        views.KeadilanInstansiEksporView.as_view(),
        {"fmt": "xlsx"},
        name="keadilan_instansi_ekspor_xlsx",
    ),
    path("nasional/keadilan/", views.KeadilanNasionalView.as_view(), name="keadilan_nasional"),
    path(
        "nasional/keadilan/ekspor.csv",
        views.KeadilanNasionalEksporView.as_view(),
        {"fmt": "csv"},
        name="keadilan_nasional_ekspor_csv",
    ),
    path(
        "nasional/keadilan/ekspor.xlsx",
        views.KeadilanNasionalEksporView.as_view(),
        {"fmt": "xlsx"},
        name="keadilan_nasional_ekspor_xlsx",
    ),
]
