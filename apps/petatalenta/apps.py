from django.apps import AppConfig


class PetatalentaConfig(AppConfig):
    name = "apps.petatalenta"
    label = "petatalenta"
    verbose_name = "Peta Talenta"

    def ready(self) -> None:
        from apps.core.events import inputs_changed

        from .receivers import inputs_changed_mark_dirty

        inputs_changed.connect(inputs_changed_mark_dirty, dispatch_uid="petatalenta.mark_dirty")
