from django.apps import AppConfig


class ImporConfig(AppConfig):
    name = "apps.impor"
    label = "impor"
    verbose_name = "Impor berkas"
