"""Pages of the committee: keputusan (included by urls.py under the "komite" namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
