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
