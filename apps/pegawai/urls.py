"""Pages of the pegawai app. Each area keeps its own URL module."""

from django.urls import include, path

app_name = "pegawai"

urlpatterns = [
    path("", include("apps.pegawai.urls_portfolio")),
    path("", include("apps.pegawai.urls_bkd")),
    path("", include("apps.pegawai.urls_import")),
]
