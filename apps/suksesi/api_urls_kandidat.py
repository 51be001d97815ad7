"""Read API of succession under /api/v1/suksesi/ (the key-post CRUD is /api/v1/jabatan-kunci/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import JabatanKunciSuksesiViewSet, KrsViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("suksesi/jabatan-kunci", JabatanKunciSuksesiViewSet, basename="suksesi-jabatan-kunci")
router.register("suksesi/krs", KrsViewSet, basename="suksesi-krs")

urlpatterns = [path("", include(router.urls))]
