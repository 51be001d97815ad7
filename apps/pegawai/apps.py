from django.apps import AppConfig


class PegawaiConfig(AppConfig):
    name = "apps.pegawai"
    label = "pegawai"
    verbose_name = "Pegawai"
