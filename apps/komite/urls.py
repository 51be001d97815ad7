"""Pages of the Komite Talenta and the PPK (namespace "komite")."""

from django.urls import include, path

app_name = "komite"

urlpatterns = [
    path("komite/anggota/", include("apps.komite.urls_anggota")),
    path("komite/sidang/", include("apps.komite.urls_sidang")),
    path("komite/sidang/", include("apps.komite.urls_keputusan")),
    path("komite/sidang/", include("apps.komite.urls_dokumen")),
    path("penetapan/", include("apps.komite.urls_penetapan")),
]
