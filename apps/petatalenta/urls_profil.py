"""Routes: see apps/petatalenta/urls.py."""

urlpatterns: list = []
