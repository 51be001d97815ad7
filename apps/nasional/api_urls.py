"""/api/v1/nasional/… (included by talenta/api_urls.py)."""

from django.urls import path

from .apis import RekapInstansiApi, RekapNasionalApi, RekapProvinsiApi, RingkasanApi
from .apis_keadilan import KeadilanInstansiApi, KeadilanNasionalApi
from .apis_tahap import TahapApi

urlpatterns = [
    path("rekap/", RekapNasionalApi.as_view(), name="nasional-rekap"),
    path("provinsi/<str:kode>/", RekapProvinsiApi.as_view(), name="nasional-provinsi"),
    path("instansi/<str:kode>/", RekapInstansiApi.as_view(), name="nasional-instansi"),
    path("ringkasan/", RingkasanApi.as_view(), name="nasional-ringkasan"),
    path("tahap/", TahapApi.as_view(), name="nasional-tahap"),
    path("keadilan/", KeadilanNasionalApi.as_view(), name="nasional-keadilan"),
    path("keadilan/instansi/", KeadilanInstansiApi.as_view(), name="nasional-keadilan-instansi"),
]
