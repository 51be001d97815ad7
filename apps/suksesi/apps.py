from django.apps import AppConfig


class SuksesiConfig(AppConfig):
    name = "apps.suksesi"
    label = "suksesi"
    verbose_name = "Suksesi"

    def ready(self) -> None:
        from apps.core.events import inputs_changed, penempatan_changed, riwayat_menunggu_changed

        from .receivers import pegawai_changed_mark_dirty

        for signal, name in (
            (inputs_changed, "inputs_changed"),
            (penempatan_changed, "penempatan_changed"),
            (riwayat_menunggu_changed, "riwayat_menunggu_changed"),
        ):
            signal.connect(pegawai_changed_mark_dirty, dispatch_uid=f"suksesi.{name}")
