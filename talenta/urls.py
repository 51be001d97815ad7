from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from apps.accounts.views import BahasaView
from apps.core.views_health import healthz
from apps.instansi.views import BerandaView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="beranda", permanent=False)),
    path("beranda/", BerandaView.as_view(), name="beranda"),
    path("healthz", healthz, name="healthz"),
    # The language switch: the choice is stored on the user (and a cookie), see apps/accounts.
    path("i18n/setlang/", BahasaView.as_view(), name="set_language"),
    # One sign-in form for everyone, the operator included: Talenta's (audited, throttled by axes).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("talenta.api_urls", "api"), namespace="api")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.instansi.urls")),
    path("", include("apps.nasional.urls")),
    path("", include("apps.pegawai.urls")),
    path("", include("apps.asesmen.urls")),
    path("", include("apps.kinerja.urls")),
    path("", include("apps.petatalenta.urls")),
    path("", include("apps.suksesi.urls")),
    path("", include("apps.komite.urls")),
    path("", include("apps.pengembangan.urls")),
    path("", include("apps.notifikasi.urls")),
    path("", include("apps.impor.urls")),
    path("", include("apps.privasi.urls")),
]
