from django.apps import AppConfig


class NasionalConfig(AppConfig):
    name = "apps.nasional"
    label = "nasional"
    verbose_name = "Nasional"
