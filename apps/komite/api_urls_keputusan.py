"""API of the committee: keputusan (included by api_urls.py under /api/v1/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis_keputusan import AgendaKeputusanViewSet, KeputusanViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("komite/keputusan", KeputusanViewSet, basename="komite-keputusan")
router.register("komite/agenda", AgendaKeputusanViewSet, basename="komite-agenda")

urlpatterns = [path("", include(router.urls))]
