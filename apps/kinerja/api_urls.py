"""API v1 routes of the kinerja app, included from talenta/api_urls.py (namespace "api")."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import SayaSkpApi, SkpViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("skp", SkpViewSet, basename="skp")

urlpatterns = [
    path("saya/skp/", SayaSkpApi.as_view(), name="saya-skp"),
    path("", include(router.urls)),
]
