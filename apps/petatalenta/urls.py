"""Pages of the talent engine (namespace "petatalenta"): rule sets, the nine-box, explanations."""

from django.urls import include, path

app_name = "petatalenta"

urlpatterns = [
    path("talenta/aturan/", include("apps.petatalenta.urls_aturan")),
    path("talenta/", include("apps.petatalenta.urls_ninebox")),
    path("", include("apps.petatalenta.urls_profil")),
]
