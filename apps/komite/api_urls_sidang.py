"""API v1 routes of committee sessions: /api/v1/komite/sidang/ (included by api_urls.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_sidang import SidangViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("komite/sidang", SidangViewSet, basename="komite-sidang")

urlpatterns = [path("", include(router.urls))]
