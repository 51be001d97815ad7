"""API v1 routes of the pegawai app, included from talenta/api_urls.py (namespace "api")."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import RIWAYAT_VIEWSETS, DokumenUploadApi, PegawaiViewSet, SayaPegawaiApi

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("pegawai", PegawaiViewSet, basename="pegawai")
# One route per riwayat kind: /api/v1/riwayat/<kode>/ (kode = model.KODE).
for kode, viewset in RIWAYAT_VIEWSETS.items():
    router.register(f"riwayat/{kode}", viewset, basename=f"riwayat-{kode}")

urlpatterns = [
    path("saya/pegawai/", SayaPegawaiApi.as_view(), name="saya-pegawai"),
    path("dokumen/", DokumenUploadApi.as_view(), name="dokumen"),
    path("", include(router.urls)),
]
