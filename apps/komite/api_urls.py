from django.urls import include, path

urlpatterns = [
    path("", include("apps.komite.api_urls_anggota")),
    path("", include("apps.komite.api_urls_sidang")),
    path("", include("apps.komite.api_urls_keputusan")),
    path("", include("apps.komite.api_urls_penetapan")),
    path("", include("apps.komite.api_urls_dokumen")),
]
