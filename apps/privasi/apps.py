from django.apps import AppConfig


class PrivasiConfig(AppConfig):
    name = "apps.privasi"
    label = "privasi"
    verbose_name = "Privasi"
