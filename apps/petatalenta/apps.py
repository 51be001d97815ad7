from django.apps import AppConfig


class PetatalentaConfig(AppConfig):
    name = "apps.petatalenta"
    label = "petatalenta"
    verbose_name = "Peta Talenta"

    def ready(self) -> None:
        from apps.core.events import inputs_changed
        from apps.pegawai.sections import PegawaiPage, PegawaiSection, pegawai_section_register

        from . import (
            services_aturan,  # noqa: F401  (registers the talent kind of rule set: aturan.jenis)
            tasks_laporan,  # noqa: F401  (registers the Peta Talenta report task with the worker)
        )
        from .receivers import inputs_changed_mark_dirty
        from .sections import talenta_section_context

        inputs_changed.connect(inputs_changed_mark_dirty, dispatch_uid="petatalenta.mark_dirty")
        # The talent card shows on the BKD's page only, above the asesmen and SKP it derives from.
        card = "petatalenta/profil/_ringkasan_pegawai.html"
        pegawai_section_register(
            PegawaiSection(
                "talenta", card, talenta_section_context, order=10, pages=frozenset({PegawaiPage.BKD_DETAIL})
            )
        )
