from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Bind @shared_task to the project's Celery app (Redis broker, JSON) in every Django
        # process, web and tests included, not only in the worker.
        import talenta.celery  # noqa: F401
