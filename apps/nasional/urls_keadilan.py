"""Pages of the nasional app's keadilan part (included by apps/nasional/urls.py, namespace "nasional")."""

urlpatterns: list = []
