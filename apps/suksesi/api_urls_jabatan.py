"""API v1 routes of key posts: /api/v1/jabatan-kunci/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_jabatan import JabatanKunciViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("jabatan-kunci", JabatanKunciViewSet, basename="jabatan-kunci")

urlpatterns = [path("", include(router.urls))]
