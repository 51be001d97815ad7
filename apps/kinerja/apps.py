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

        from .imports_360 import COLUMNS as COLUMNS_360
        from .imports_360 import umpan_balik_import
        from .resources_360 import umpan_balik_template_xlsx

        importer_register(
            "umpan_balik_360",
            label=_("Umpan balik 360°"),
            importer=umpan_balik_import,
            template_builder=umpan_balik_template_xlsx,
            permission="penilaian.manage",
            columns=COLUMNS_360,
        )

        from apps.pegawai.sections import PegawaiSection, pegawai_section_register

        from .sections import skp_section_context, umpan_balik_section_context

        pegawai_section_register(
            PegawaiSection("skp", "kinerja/_riwayat_pegawai.html", skp_section_context, order=30)
        )
        pegawai_section_register(
            PegawaiSection(
                "umpan_balik_360", "kinerja/_umpan_balik_pegawai.html", umpan_balik_section_context, order=31
            )
        )
