"""Pages of the asesmen app (namespace "asesmen")."""

from django.urls import path

from . import views

app_name = "asesmen"

urlpatterns = [
    path("asesmen/", views.AsesmenListView.as_view(), name="list"),
    path("asesmen/tambah/", views.AsesmenCreateView.as_view(), name="tambah"),
    path("asesmen/<int:pk>/", views.AsesmenDetailView.as_view(), name="detail"),
]
