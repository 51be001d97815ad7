"""ASN pages (home, Profil Saya, portfolio, documents) and the BKD verification queue."""

from django.urls import path

from . import urls_verifikasi, views_portfolio

urlpatterns = [
    path("asn/", views_portfolio.HomeAsnView.as_view(), name="home_asn"),
    # Profil Saya and the ASN's own portfolio (portfolio.own).
    path("saya/", views_portfolio.ProfilSayaView.as_view(), name="profil_saya"),
    path("saya/kontak/", views_portfolio.KontakUpdateView.as_view(), name="kontak"),
    path(
        "saya/riwayat/<slug:kode>/tambah/",
        views_portfolio.RiwayatCreateView.as_view(),
        name="riwayat_tambah",
    ),
    path(
        "saya/riwayat/<slug:kode>/<int:pk>/ubah/",
        views_portfolio.RiwayatUpdateView.as_view(),
        name="riwayat_ubah",
    ),
    path(
        "saya/riwayat/<slug:kode>/<int:pk>/hapus/",
        views_portfolio.RiwayatDeleteView.as_view(),
        name="riwayat_hapus",
    ),
    # Supporting documents: the owner, and BKD staff of the same instansi (never a public URL).
    path("dokumen/<uuid:uuid>/", views_portfolio.DokumenView.as_view(), name="dokumen"),
]

# The verification queue (portfolio.verify) is defined in urls_verifikasi.py and served from here,
# because apps/pegawai/urls.py includes this module.
urlpatterns += urls_verifikasi.urlpatterns
