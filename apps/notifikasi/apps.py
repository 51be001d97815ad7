from django.apps import AppConfig


class NotifikasiConfig(AppConfig):
    name = "apps.notifikasi"
    label = "notifikasi"
    verbose_name = "Notifikasi"
