"""API of the committee: penetapan (included by api_urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
