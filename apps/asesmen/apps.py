from django.apps import AppConfig


class AsesmenConfig(AppConfig):
    name = "apps.asesmen"
    label = "asesmen"
    verbose_name = "Asesmen"
