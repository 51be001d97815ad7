"""Generic import pages (upload, preview, background progress, result) for every registered import
kind, namespace "impor". The views live in apps/impor (apps/impor/urls.py)."""

from apps.impor.urls import urlpatterns

app_name = "impor"

__all__ = ["app_name", "urlpatterns"]
