"""Pages of the committee: penetapan (included by urls.py under the "komite" namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
