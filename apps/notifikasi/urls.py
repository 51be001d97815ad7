"""Pages of the inbox (namespace "notifikasi")."""

from django.urls import path  # noqa: F401

app_name = "notifikasi"

urlpatterns: list = []
