from django.apps import AppConfig


class KomiteConfig(AppConfig):
    name = "apps.komite"
    label = "komite"
    verbose_name = "Komite Talenta"

    def ready(self) -> None:
        # komite: helpers register sections, tasks and receivers here, each in its own block.
        # --- komite: dokumen — the document jobs on the `reports` queue ----------------------------
        from . import tasks_dokumen  # noqa: F401  (registers the task with the worker)
        # --- end komite: dokumen --------------------------------------------------------------------
