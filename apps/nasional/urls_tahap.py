"""Pages of the nasional app's tahap part (included by apps/nasional/urls.py, namespace "nasional")."""

urlpatterns: list = []
