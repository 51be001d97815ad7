from django.apps import AppConfig


class InstansiConfig(AppConfig):
    name = "apps.instansi"
    label = "instansi"
    verbose_name = "Instansi"
