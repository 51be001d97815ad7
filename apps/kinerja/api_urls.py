"""API v1 routes of the kinerja app, included from talenta/api_urls.py (namespace "api")."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import SayaSkpApi, SayaUmpanBalikApi, SkpViewSet, UmpanBalikViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("skp", SkpViewSet, basename="skp")
router.register("umpan-balik-360", UmpanBalikViewSet, basename="umpan-balik-360")

urlpatterns = [
    path("saya/skp/", SayaSkpApi.as_view(), name="saya-skp"),
    path("saya/umpan-balik-360/", SayaUmpanBalikApi.as_view(), name="saya-umpan-balik-360"),
    path("", include(router.urls)),
]
