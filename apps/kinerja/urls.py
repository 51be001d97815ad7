"""Pages of the kinerja app (namespace "kinerja")."""

from django.urls import path

from . import views

app_name = "kinerja"

urlpatterns = [
    path("skp/", views.SkpListView.as_view(), name="list"),
    path("skp/tambah/", views.SkpCreateView.as_view(), name="tambah"),
    path("umpan-balik-360/", views.UmpanBalikListView.as_view(), name="umpan_balik"),
    path("umpan-balik-360/tambah/", views.UmpanBalikCreateView.as_view(), name="umpan_balik_tambah"),
]
