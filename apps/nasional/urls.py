from django.urls import include, path

from . import views

app_name = "nasional"

urlpatterns = [
    path("nasional/", views.HomeBknView.as_view(), name="home"),
    path("nasional/provinsi/<str:kode>/", views.ProvinsiRekapView.as_view(), name="provinsi"),
    path("operator/", views.HomeOperatorView.as_view(), name="home_operator"),
    path("operator/kesehatan/", views.KesehatanView.as_view(), name="kesehatan"),
    path("", include("apps.nasional.urls_tahap")),
    path("", include("apps.nasional.urls_krs")),
    path("", include("apps.nasional.urls_keadilan")),
]
