"""Pages of the talent engine (namespace "petatalenta"): rule sets, the nine-box, explanations, the
coverage of its inputs."""

from django.urls import include, path

from . import views_cakupan

app_name = "petatalenta"

urlpatterns = [
    path("talenta/aturan/", include("apps.petatalenta.urls_aturan")),
    path("talenta/", include("apps.petatalenta.urls_ninebox")),
    path("", include("apps.petatalenta.urls_profil")),
    path("cakupan/", views_cakupan.CakupanView.as_view(), name="cakupan"),
]
