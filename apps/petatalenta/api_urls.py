"""/api/v1/talenta/… (included by talenta/api_urls.py): the what-if of one pegawai."""

from django.urls import path

from .apis_simulasi import PegawaiSimulasiApi, SayaSimulasiApi

urlpatterns = [
    path("talenta/pegawai/<int:pk>/simulasi/", PegawaiSimulasiApi.as_view(), name="talenta-simulasi"),
    path("talenta/saya/simulasi/", SayaSimulasiApi.as_view(), name="talenta-saya-simulasi"),
]
