from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsesmenConfig(AppConfig):
    name = "apps.asesmen"
    label = "asesmen"
    verbose_name = "Asesmen"

    def ready(self):
        from apps.impor.pipeline import importer_register

        from .imports import COLUMNS, asesmen_import
        from .resources import asesmen_template_xlsx

        importer_register(
            "asesmen",
            label=_("hasil asesmen"),
            importer=asesmen_import,
            template_builder=asesmen_template_xlsx,
            permission="penilaian.manage",
            columns=COLUMNS,
            result_links=[(_("Lihat peta talenta (sembilan kotak)"), "petatalenta:ninebox")],
        )

        from apps.pegawai.sections import PegawaiSection, pegawai_section_register

        from .sections import asesmen_section_context

        pegawai_section_register(
            PegawaiSection("asesmen", "asesmen/_riwayat_pegawai.html", asesmen_section_context, order=20)
        )

        # --- notifikasi: this app's notification kinds and reminder sources -------------------
        from .pengingat import pengingat_register

        pengingat_register()
