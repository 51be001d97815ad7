"""The BKD verification queue (portfolio.verify). Included through urls_portfolio.py."""

from django.urls import path

from . import views_kesesuaian, views_verifikasi

urlpatterns = [
    path(
        "verifikasi-kesesuaian/",
        views_kesesuaian.KesesuaianView.as_view(),
        name="verifikasi_kesesuaian",
    ),
    path("verifikasi/", views_verifikasi.AntreanView.as_view(), name="verifikasi"),
    path("verifikasi/<slug:kode>/", views_verifikasi.AntreanView.as_view(), name="verifikasi_jenis"),
    path(
        "verifikasi/<slug:kode>/setujui-massal/",
        views_verifikasi.SetujuiMassalView.as_view(),
        name="verifikasi_setujui_massal",
    ),
    path(
        "verifikasi/<slug:kode>/<int:pk>/",
        views_verifikasi.DetailView.as_view(),
        name="verifikasi_detail",
    ),
    path(
        "verifikasi/<slug:kode>/<int:pk>/setujui/",
        views_verifikasi.SetujuiView.as_view(),
        name="verifikasi_setujui",
    ),
    path(
        "verifikasi/<slug:kode>/<int:pk>/tolak/",
        views_verifikasi.TolakView.as_view(),
        name="verifikasi_tolak",
    ),
]
