from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from apps.accounts.apis import LogoutApi, SayaApi, TokenApi, TokenDetailApi, TokenListApi
from apps.core.api import api_not_found
from apps.core.apis import AuditEventViewSet
from apps.instansi.apis import InstansiSayaApi, MembershipViewSet, UnitKerjaViewSet, WilayahViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("unit-kerja", UnitKerjaViewSet, basename="unit-kerja")
router.register("anggota", MembershipViewSet, basename="anggota")
router.register("audit", AuditEventViewSet, basename="audit")
router.register("wilayah", WilayahViewSet, basename="wilayah")

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("auth/tokens/", TokenListApi.as_view(), name="tokens"),
    path("auth/tokens/<uuid:kode>/", TokenDetailApi.as_view(), name="token-detail"),
    path("auth/logout/", LogoutApi.as_view(), name="logout"),
    path("saya/", SayaApi.as_view(), name="saya"),
    path("instansi/saya/", InstansiSayaApi.as_view(), name="instansi-saya"),
    path("nasional/", include("apps.nasional.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("apps.pegawai.api_urls")),
    path("", include("apps.asesmen.api_urls")),
    path("", include("apps.kinerja.api_urls")),
    path("", include("apps.suksesi.api_urls")),
    path("", include("apps.komite.api_urls")),
    path("", include("apps.pengembangan.api_urls")),
    path("", include("apps.notifikasi.api_urls")),
    path("", include("apps.petatalenta.api_urls")),
    path("", include(router.urls)),
    # Last: whatever no endpoint matched is an API 404 in JSON.
    re_path(r"^", api_not_found, name="not-found"),
]
