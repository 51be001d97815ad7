from django.apps import AppConfig


class PengembanganConfig(AppConfig):
    name = "apps.pengembangan"
    label = "pengembangan"
    verbose_name = "Pengembangan"
