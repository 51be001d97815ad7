"""Routes of the assessment queue: pages (included from urls.py under "antrean-asesmen/", namespace
"pengembangan") and the API routes (`api_urlpatterns`, added to api_urls.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views_antrean as views

urlpatterns = [
    path("", views.AntreanView.as_view(), name="antrean"),
    path("anggaran/", views.AnggaranView.as_view(), name="antrean_anggaran"),
    path("ekspor.xlsx", views.AntreanEksporView.as_view(), name="antrean_ekspor"),
]

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("pengembangan/anggaran-asesmen", views.AnggaranAsesmenViewSet, basename="anggaran-asesmen")
router.register("pengembangan/antrean-asesmen", views.AntreanAsesmenViewSet, basename="antrean-asesmen")

api_urlpatterns = [path("", include(router.urls))]
