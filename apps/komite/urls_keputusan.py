"""Pages of the committee: keputusan (included by urls.py under the "komite" namespace, at
/komite/sidang/)."""

from django.urls import path

from . import views_keputusan as views

urlpatterns = [
    path("<int:pk>/agenda/<int:agenda_pk>/", views.AgendaDetailView.as_view(), name="agenda_detail"),
    path(
        "<int:pk>/agenda/<int:agenda_pk>/usulan/",
        views.UsulanKalibrasiView.as_view(),
        name="usulan_kalibrasi",
    ),
    path(
        "<int:pk>/agenda/<int:agenda_pk>/usulan/bukti/", views.UsulanBuktiView.as_view(), name="usulan_bukti"
    ),
    path(
        "<int:pk>/agenda/<int:agenda_pk>/keputusan/",
        views.KeputusanCatatView.as_view(),
        name="keputusan_catat",
    ),
]
