from django.apps import AppConfig


class SuksesiConfig(AppConfig):
    name = "apps.suksesi"
    label = "suksesi"
    verbose_name = "Suksesi"
