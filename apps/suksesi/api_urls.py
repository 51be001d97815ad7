from django.urls import include, path

urlpatterns = [
    path("", include("apps.suksesi.api_urls_jabatan")),
    path("", include("apps.suksesi.api_urls_kandidat")),
]
