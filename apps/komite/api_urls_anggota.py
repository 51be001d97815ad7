"""API of the committee: anggota (included by api_urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
