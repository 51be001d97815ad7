from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KinerjaConfig(AppConfig):
    name = "apps.kinerja"
    label = "kinerja"
    verbose_name = "Kinerja (SKP)"

    def ready(self):
        from apps.impor.pipeline import importer_register

        from .imports import COLUMNS, skp_import
        from .resources import skp_template_xlsx

        importer_register(
            "skp",
            label=_("SKP / e-Kinerja"),
            importer=skp_import,
            template_builder=skp_template_xlsx,
            permission="penilaian.manage",
            columns=COLUMNS,
            result_links=[(_("Lihat peta talenta (sembilan kotak)"), "petatalenta:ninebox")],
        )

        from apps.pegawai.sections import PegawaiSection, pegawai_section_register

        from .sections import skp_section_context

        pegawai_section_register(
            PegawaiSection("skp", "kinerja/_riwayat_pegawai.html", skp_section_context, order=30)
        )
