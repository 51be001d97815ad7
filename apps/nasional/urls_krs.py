"""Pages of the nasional app's krs part (included by apps/nasional/urls.py, namespace "nasional")."""

urlpatterns: list = []
