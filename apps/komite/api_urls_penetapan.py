"""API of the committee: penetapan (included by api_urls.py, under /api/v1/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_penetapan import DitetapkanViewSet, PenetapanViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("komite/penetapan", PenetapanViewSet, basename="komite-penetapan")
router.register("komite/ditetapkan", DitetapkanViewSet, basename="komite-ditetapkan")

urlpatterns = [path("", include(router.urls))]
