from django.urls import include, path

app_name = "pengembangan"

urlpatterns: list = [
    path("pengembangan/antrean-asesmen/", include("apps.pengembangan.urls_antrean")),
]
