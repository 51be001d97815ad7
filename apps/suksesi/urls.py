"""Pages of succession (namespace "suksesi"): key posts, the succession rule set, the talent pool
(KRS), candidates and bench strength, reports."""

from django.urls import include, path

app_name = "suksesi"

urlpatterns = [
    path("suksesi/jabatan-kunci/", include("apps.suksesi.urls_jabatan")),
    path("suksesi/aturan/", include("apps.suksesi.urls_aturan")),
    path("suksesi/", include("apps.suksesi.urls_kandidat")),
]
