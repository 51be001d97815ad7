"""Export of pegawai master data, and the former import address (namespace "pegawai"); every route
needs pegawai.import. The import itself is on the generic pages (/impor/pegawai/)."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("pegawai/impor/", views_import.ImporView.as_view(), name="impor"),
    path("pegawai/ekspor.xlsx", views_import.EksporXlsxView.as_view(), name="ekspor_xlsx"),
    path("pegawai/ekspor.csv", views_import.EksporCsvView.as_view(), name="ekspor_csv"),
]
