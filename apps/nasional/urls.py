from django.urls import include, path

from . import views

app_name = "nasional"

urlpatterns = [
    path("nasional/", views.NasionalView.as_view(), name="home"),
    path("nasional/ekspor.csv", views.NasionalEksporView.as_view(), {"fmt": "csv"}, name="ekspor_csv"),
    path("nasional/ekspor.xlsx", views.NasionalEksporView.as_view(), {"fmt": "xlsx"}, name="ekspor_xlsx"),
    path("nasional/provinsi/<str:kode>/", views.ProvinsiView.as_view(), name="provinsi"),
    path(
        "nasional/provinsi/<str:kode>/ekspor.csv",
        views.ProvinsiEksporView.as_view(),
        {"fmt": "csv"},
        name="provinsi_ekspor_csv",
    ),
    path(
        "nasional/provinsi/<str:kode>/ekspor.xlsx",
        views.ProvinsiEksporView.as_view(),
        {"fmt": "xlsx"},
        name="provinsi_ekspor_xlsx",
    ),
    path("nasional/instansi/<str:kode>/", views.InstansiView.as_view(), name="instansi"),
    path(
        "nasional/instansi/<str:kode>/ekspor.csv",
        views.InstansiEksporView.as_view(),
        {"fmt": "csv"},
        name="instansi_ekspor_csv",
    ),
    path(
        "nasional/instansi/<str:kode>/ekspor.xlsx",
        views.InstansiEksporView.as_view(),
        {"fmt": "xlsx"},
        name="instansi_ekspor_xlsx",
    ),
    path("operator/", views.HomeOperatorView.as_view(), name="home_operator"),
    path("operator/kesehatan/", views.KesehatanView.as_view(), name="kesehatan"),
    path("", include("apps.nasional.urls_tahap")),
    path("", include("apps.nasional.urls_krs")),
    path("", include("apps.nasional.urls_keadilan")),
]
