"""Generic import pages (namespace "impor"), included from talenta/urls.py.

Every route requires the permission of the import kind it serves (for asesmen and SKP:
penilaian.manage); a job of another instansi answers 404 like a missing one.
"""

from django.urls import path

from . import views

app_name = "impor"

urlpatterns = [
    path("impor/job/<uuid:uuid>/", views.ImporJobView.as_view(), name="job"),
    path("impor/job/<uuid:uuid>/status.json", views.ImporJobStatusView.as_view(), name="job_status"),
    path("impor/job/<uuid:uuid>/simpan/", views.ImporJobSimpanView.as_view(), name="job_simpan"),
    path("impor/job/<uuid:uuid>/galat.xlsx", views.ImporJobGalatView.as_view(), name="job_galat"),
    path("impor/<slug:kind>/", views.ImporUnggahView.as_view(), name="unggah"),
    path("impor/<slug:kind>/template.xlsx", views.ImporTemplatView.as_view(), name="template"),
]
