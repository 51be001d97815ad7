"""Succession pages read by the Komite, the PPK and the BKD (suksesi.view) and the ASN's own
candidacies (suksesi.own), mounted at /suksesi/."""

from django.urls import path

from . import views, views_laporan

urlpatterns = [
    path("", views.BenchView.as_view(), name="bench"),
    path("jabatan-kunci/", views.JabatanKunciListView.as_view(), name="jabatan_list"),
    path("jabatan-kunci/<int:pk>/", views.JabatanKunciDetailView.as_view(), name="jabatan_detail"),
    path(
        "jabatan-kunci/<int:pk>/calon-suksesor.pdf",
        views_laporan.LaporanPdfView.as_view(),
        name="laporan_pdf",
    ),
    path("krs/", views.KrsView.as_view(), name="krs"),
    path("krs/ekspor.xlsx", views.KrsEksporView.as_view(), {"fmt": "xlsx"}, name="krs_ekspor_xlsx"),
    path("krs/ekspor.csv", views.KrsEksporView.as_view(), {"fmt": "csv"}, name="krs_ekspor_csv"),
    path("krs-nasional/", views.KrsNasionalView.as_view(), name="krs_nasional"),
    path(
        "krs-nasional/ekspor.xlsx",
        views.KrsEksporView.as_view(nasional=True),
        {"fmt": "xlsx"},
        name="krs_nasional_ekspor_xlsx",
    ),
    path(
        "krs-nasional/ekspor.csv",
        views.KrsEksporView.as_view(nasional=True),
        {"fmt": "csv"},
        name="krs_nasional_ekspor_csv",
    ),
    path("saya/", views.SayaView.as_view(), name="saya"),
    path("laporan/", views_laporan.LaporanSemuaView.as_view(), name="laporan"),
    path("laporan/calon-suksesor.xlsx", views_laporan.LaporanXlsxView.as_view(), name="laporan_xlsx"),
    path("laporan/<uuid:uuid>/", views_laporan.LaporanJobView.as_view(), name="laporan_job"),
    path(
        "laporan/<uuid:uuid>/status.json",
        views_laporan.LaporanJobStatusView.as_view(),
        name="laporan_job_status",
    ),
    path(
        "laporan/<uuid:uuid>/calon-suksesor.pdf",
        views_laporan.LaporanJobUnduhView.as_view(),
        name="laporan_job_unduh",
    ),
]
