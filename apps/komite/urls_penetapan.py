"""Pages of the committee: penetapan (included by urls.py under the "komite" namespace, at
/penetapan/)."""

from django.urls import path

from . import views_penetapan as views

urlpatterns = [
    path("", views.PenetapanAntrianView.as_view(), name="penetapan_antrian"),
    path("hasil/", views.DitetapkanView.as_view(), name="ditetapkan"),
    path("<int:sidang_pk>/", views.PenetapanDetailView.as_view(), name="penetapan_detail"),
    path("<int:sidang_pk>/tetapkan/", views.PenetapanTetapkanView.as_view(), name="penetapan_tetapkan"),
    path("<int:sidang_pk>/kembalikan/", views.PenetapanKembalikanView.as_view(), name="penetapan_kembalikan"),
]
