"""Import and export of pegawai master data (namespace "pegawai"); every route needs pegawai.import."""

from django.urls import path, re_path

from . import views_import

UPLOAD = r"(?P<token>[0-9a-f]{32})"

urlpatterns = [
    path("pegawai/impor/", views_import.ImporView.as_view(), name="impor"),
    path("pegawai/impor/template.xlsx", views_import.TemplatImporView.as_view(), name="impor_template"),
    re_path(rf"^pegawai/impor/{UPLOAD}/$", views_import.ImporPratinjauView.as_view(), name="impor_pratinjau"),
    re_path(
        rf"^pegawai/impor/{UPLOAD}/simpan/$", views_import.ImporSimpanView.as_view(), name="impor_simpan"
    ),
    re_path(rf"^pegawai/impor/{UPLOAD}/batal/$", views_import.ImporBatalView.as_view(), name="impor_batal"),
    path("pegawai/ekspor.xlsx", views_import.EksporXlsxView.as_view(), name="ekspor_xlsx"),
    path("pegawai/ekspor.csv", views_import.EksporCsvView.as_view(), name="ekspor_csv"),
]
