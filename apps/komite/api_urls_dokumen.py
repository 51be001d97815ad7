"""API of the committee: dokumen (included by api_urls.py): /api/v1/komite/dokumen/{uuid}/ (+
unduh/) and POST /api/v1/komite/sidang/{id}/dokumen/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_dokumen import DokumenKomiteViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("komite/dokumen", DokumenKomiteViewSet, basename="komite-dokumen")

urlpatterns = [
    path(
        "komite/sidang/<int:id>/dokumen/",
        DokumenKomiteViewSet.as_view({"post": "buat"}),
        name="komite-sidang-dokumen",
    ),
    path("", include(router.urls)),
]
