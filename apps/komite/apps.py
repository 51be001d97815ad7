from django.apps import AppConfig


class KomiteConfig(AppConfig):
    name = "apps.komite"
    label = "komite"
    verbose_name = "Komite Talenta"

    def ready(self) -> None:
        # komite: helpers register sections, tasks and receivers here, each in its own block.

        # --- komite penetapan: established vs current on the BKD pegawai page ------------------
        from apps.pegawai.sections import PegawaiPage, PegawaiSection, pegawai_section_register

        from .sections_penetapan import penetapan_section_context

        # Right below the talent card (order 10) whose box it compares with.
        pegawai_section_register(
            PegawaiSection(
                "komite_penetapan",
                "komite/penetapan/_section_pegawai.html",
                penetapan_section_context,
                order=12,
                pages=frozenset({PegawaiPage.BKD_DETAIL}),
            )
        )
        # --- end komite penetapan ---------------------------------------------------------------

        # --- komite: dokumen — the document jobs on the `reports` queue ----------------------------
        from . import tasks_dokumen  # noqa: F401  (registers the task with the worker)

        # --- end komite: dokumen --------------------------------------------------------------------
        # --- notifikasi: this app's notification kinds and reminder sources -------------------
        from .pengingat import pengingat_register

        pengingat_register()
