from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "apps.kinerja"
    label = "kinerja"
    verbose_name = "Kinerja (SKP)"
