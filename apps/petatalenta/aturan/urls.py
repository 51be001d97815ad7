"""The URL patterns every rule-set kind has, named f"{url_awalan}{page}" inside the kind's
namespace: list, clone (salin), import, compare (banding), detail, edit (ubah), JSON export,
activate (aktifkan), delete a draf (hapus), and the impact preview (pratinjau…)."""

from __future__ import annotations

from django.urls import path

from . import views
from .jenis import JenisAturan


def aturan_urlpatterns(*, jenis: JenisAturan, form_editor: type, **pengganti) -> list:
    """The pages of `jenis`, with `form_editor` (an aturan.forms.AturanFormBase) as its editor;
    `pengganti` replaces a page's view class by the kind's subclass (list=..., detail=...,
    aktifkan=...)."""
    kelas = {
        "list": views.AturanListView,
        "salin": views.AturanSalinView,
        "impor": views.AturanImporView,
        "banding": views.AturanBandingView,
        "detail": views.AturanDetailView,
        "ubah": views.AturanUbahView,
        "ekspor": views.AturanEksporView,
        "aktifkan": views.AturanAktifkanView,
        "hapus": views.AturanHapusView,
        "pratinjau": views.AturanPratinjauView,
        "pratinjau_mulai": views.AturanPratinjauMulaiView,
        "pratinjau_detail": views.AturanPratinjauDetailView,
        "pratinjau_status": views.AturanPratinjauStatusView,
        "pratinjau_xlsx": views.AturanPratinjauXlsxView,
    }
    for nama, view in pengganti.items():
        if nama not in kelas:
            raise TypeError(f"no rule-set page named {nama!r}")
        kelas[nama] = view

    def rute(route: str, nama: str):
        opsi = {"jenis": jenis}
        if nama == "ubah":
            opsi["form_class"] = form_editor
        return path(route, kelas[nama].as_view(**opsi), name=f"{jenis.url_awalan}{nama}")

    return [
        rute("", "list"),
        rute("salin/", "salin"),
        rute("impor/", "impor"),
        rute("banding/", "banding"),
        rute("<int:pk>/", "detail"),
        rute("<int:pk>/ubah/", "ubah"),
        rute("<int:pk>/ekspor.json", "ekspor"),
        rute("<int:pk>/aktifkan/", "aktifkan"),
        rute("<int:pk>/hapus/", "hapus"),
        rute("<int:pk>/pratinjau/", "pratinjau"),
        rute("<int:pk>/pratinjau/mulai/", "pratinjau_mulai"),
        rute("<int:pk>/pratinjau/<uuid:uuid>/", "pratinjau_detail"),
        rute("<int:pk>/pratinjau/<uuid:uuid>/status.json", "pratinjau_status"),
        rute("<int:pk>/pratinjau/<uuid:uuid>/perubahan.xlsx", "pratinjau_xlsx"),
    ]
