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

        # --- suksesi: halaman — the pegawai page section and the report tasks -------------------
        from apps.pegawai.sections import PegawaiPage, PegawaiSection, pegawai_section_register

        from . import tasks_laporan  # noqa: F401  (registers the `reports` tasks with the worker)
        from .sections import suksesi_section_context

        # Below the talent card (order 10) it derives from.
        pegawai_section_register(
            PegawaiSection(
                "suksesi",
                "suksesi/_section_pegawai.html",
                suksesi_section_context,
                order=15,
                pages=frozenset({PegawaiPage.BKD_DETAIL}),
            )
        )
        # --- end suksesi: halaman -----------------------------------------------------------------
