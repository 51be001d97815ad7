"""API of development (pengembangan): /api/v1/pengembangan/idp/ and /api/v1/pengembangan/kegiatan-idp/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .apis import IdpViewSet, KegiatanIdpViewSet
from .urls_antrean import api_urlpatterns as antrean_api_urlpatterns

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("pengembangan/idp", IdpViewSet, basename="pengembangan-idp")
router.register("pengembangan/kegiatan-idp", KegiatanIdpViewSet, basename="pengembangan-kegiatan-idp")

urlpatterns = [*antrean_api_urlpatterns, path("", include(router.urls))]
