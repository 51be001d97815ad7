from django.urls import path  # noqa: F401

from .urls_antrean import api_urlpatterns as antrean_api_urlpatterns

urlpatterns: list = [*antrean_api_urlpatterns]
