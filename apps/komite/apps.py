from django.apps import AppConfig


class KomiteConfig(AppConfig):
    name = "apps.komite"
    label = "komite"
    verbose_name = "Komite Talenta"

    def ready(self) -> None:
        # komite: helpers register sections, tasks and receivers here, each in its own block.
        pass
