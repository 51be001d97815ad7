"""Routes: see apps/petatalenta/urls.py."""

from django.urls import path

from . import views_laporan, views_ninebox

urlpatterns = [
    path("sembilan-kotak/", views_ninebox.NineboxView.as_view(), name="ninebox"),
    path("sembilan-kotak/kotak/<int:kotak>/", views_ninebox.NineboxKotakView.as_view(), name="ninebox_kotak"),
    path(
        "sembilan-kotak/perlu-data/", views_ninebox.NineboxPerluDataView.as_view(), name="ninebox_perlu_data"
    ),
    path("sembilan-kotak/transisi/", views_ninebox.NineboxTransisiView.as_view(), name="ninebox_transisi"),
    # The Peta Talenta report (PDF / Excel) of the page's filters, rendered on the `reports` queue.
    path("sembilan-kotak/laporan/", views_laporan.LaporanMulaiView.as_view(), name="ninebox_laporan"),
    path(
        "sembilan-kotak/laporan/<uuid:uuid>/",
        views_laporan.LaporanJobView.as_view(),
        name="ninebox_laporan_job",
    ),
    path(
        "sembilan-kotak/laporan/<uuid:uuid>/status.json",
        views_laporan.LaporanJobStatusView.as_view(),
        name="ninebox_laporan_status",
    ),
    path(
        "sembilan-kotak/laporan/<uuid:uuid>/unduh/",
        views_laporan.LaporanJobUnduhView.as_view(),
        name="ninebox_laporan_unduh",
    ),
]
