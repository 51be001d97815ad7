from django.apps import AppConfig


class SuksesiConfig(AppConfig):
    name = "apps.suksesi"
    label = "suksesi"
    verbose_name = "Suksesi"

    def ready(self) -> None:
        from apps.core.events import inputs_changed, penempatan_changed

        from .receivers import inputs_changed_mark_dirty, penempatan_changed_mark_dirty

        inputs_changed.connect(inputs_changed_mark_dirty, dispatch_uid="suksesi.inputs_changed")
        penempatan_changed.connect(penempatan_changed_mark_dirty, dispatch_uid="suksesi.penempatan_changed")
