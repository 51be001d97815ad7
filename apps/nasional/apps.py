from django.apps import AppConfig


class NasionalConfig(AppConfig):
    name = "apps.nasional"
    label = "nasional"
    verbose_name = "Nasional"

    def ready(self) -> None:
        from apps.core.events import (
            inputs_changed,
            penempatan_changed,
            ringkasan_stale,
            riwayat_menunggu_changed,
        )

        from .receivers import pegawai_changed_mark_dirty, ringkasan_stale_mark_dirty

        for signal, name in (
            (inputs_changed, "inputs_changed"),
            (penempatan_changed, "penempatan_changed"),
            (riwayat_menunggu_changed, "riwayat_menunggu_changed"),
        ):
            signal.connect(pegawai_changed_mark_dirty, dispatch_uid=f"nasional.{name}")
        ringkasan_stale.connect(ringkasan_stale_mark_dirty, dispatch_uid="nasional.ringkasan_stale")
