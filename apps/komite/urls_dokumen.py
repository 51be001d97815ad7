"""Pages of the committee: dokumen (included by urls.py under the "komite" namespace, below
/komite/sidang/)."""

from django.urls import path

from . import views_dokumen

urlpatterns = [
    path("<int:pk>/dokumen/", views_dokumen.DokumenListView.as_view(), name="dokumen_list"),
    path("<int:pk>/dokumen/<slug:jenis>/", views_dokumen.DokumenBuatView.as_view(), name="dokumen_buat"),
    path(
        "<int:pk>/dokumen/<uuid:uuid>/status/",
        views_dokumen.DokumenStatusView.as_view(),
        name="dokumen_status",
    ),
    path(
        "<int:pk>/dokumen/<uuid:uuid>/unduh/",
        views_dokumen.DokumenUnduhView.as_view(),
        name="dokumen_unduh",
    ),
]
