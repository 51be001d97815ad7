"""API v1 routes of the asesmen app, included from talenta/api_urls.py (namespace "api")."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import AsesmenViewSet, SayaAsesmenApi

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("asesmen", AsesmenViewSet, basename="asesmen")

urlpatterns = [
    path("saya/asesmen/", SayaAsesmenApi.as_view(), name="saya-asesmen"),
    path("", include(router.urls)),
]
