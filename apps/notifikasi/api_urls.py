"""API v1 routes of the inbox: /api/v1/notifikasi/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import NotifikasiViewSet, PreferensiApi

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("notifikasi", NotifikasiViewSet, basename="notifikasi")

urlpatterns = [
    path("notifikasi/preferensi/", PreferensiApi.as_view(), name="notifikasi-preferensi"),
    path("", include(router.urls)),
]
