"""/api/v1/nasional/… (included by talenta/api_urls.py)."""

from django.urls import path

from .apis import RingkasanApi

urlpatterns = [
    path("ringkasan/", RingkasanApi.as_view(), name="nasional-ringkasan"),
]
