from django.apps import AppConfig


class PengembanganConfig(AppConfig):
    name = "apps.pengembangan"
    label = "pengembangan"
    verbose_name = "Pengembangan"

    def ready(self) -> None:
        # --- antrean asesmen: the stored queue follows every input change (services_antrean.py)
        from .services_antrean import antrean_receivers_connect

        antrean_receivers_connect()
