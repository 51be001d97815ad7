"""Pages of the nasional app's tahap part (included by apps/nasional/urls.py, namespace "nasional")."""

from django.urls import path

from . import views_tahap as views

urlpatterns: list = [
    path("tahap-implementasi/", views.TahapInstansiView.as_view(), name="tahap_instansi"),
    path("tahap-implementasi/deklarasi/", views.DeklarasiBuatView.as_view(), name="tahap_deklarasi"),
    path(
        "tahap-implementasi/deklarasi/<uuid:uuid>/berkas/",
        views.DeklarasiBerkasView.as_view(),
        name="tahap_berkas",
    ),
    path(
        "tahap-implementasi/deklarasi/<uuid:uuid>/cabut/",
        views.DeklarasiCabutView.as_view(),
        name="tahap_cabut",
    ),
    path("nasional/tahap/", views.TahapDaftarView.as_view(), name="tahap_daftar"),
    path(
        "nasional/tahap/ekspor.csv", views.TahapEksporView.as_view(), {"fmt": "csv"}, name="tahap_ekspor_csv"
    ),
    path(
        "nasional/tahap/ekspor.xlsx",
        views.TahapEksporView.as_view(),
        {"fmt": "xlsx"},
        name="tahap_ekspor_xlsx",
    ),
]
