"""API of the committee: anggota (included by api_urls.py): /api/v1/komite/anggota/ and
/api/v1/komite/pengaturan/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_anggota import AnggotaKomiteViewSet, PengaturanKomiteApi

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("komite/anggota", AnggotaKomiteViewSet, basename="komite-anggota")

urlpatterns = [
    path("komite/pengaturan/", PengaturanKomiteApi.as_view(), name="komite-pengaturan"),
    path("", include(router.urls)),
]
