from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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

        from . import (
            services_aturan,  # noqa: F401  (registers the succession kind of rule set)
            tasks_laporan,  # noqa: F401  (registers the `reports` tasks with the worker)
        )
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
        # suksesi: jabatan — the key-post import on the one import pipeline.
        from apps.impor.pipeline import importer_register

        from .imports import COLUMNS, jabatan_kunci_import
        from .resources import jabatan_kunci_template_xlsx

        importer_register(
            "jabatan_kunci",
            label=_("jabatan kunci"),
            importer=jabatan_kunci_import,
            template_builder=jabatan_kunci_template_xlsx,
            permission="suksesi.manage",
            columns=COLUMNS,
            template_help=(
                _(
                    "Templat berisi lembar <em>Jabatan Kunci</em> (judul kolom, daftar pilihan), "
                    "<em>Referensi</em> (tingkat, jenjang fungsional, golongan dan kode unit kerja aktif "
                    "instansi Anda) dan <em>Petunjuk</em>."
                ),
                _("Kode Unit + Nama Jabatan adalah kunci: mengimpor ulang memperbarui jabatan yang sama."),
            ),
            rules=(
                _(
                    "Kode unit harus unit kerja aktif instansi ini; tingkat dan jenjang dari lembar Referensi."
                ),
                _(
                    "NIP pemegang: pegawai aktif instansi ini yang belum memegang jabatan kunci lain; kosong bila lowong."
                ),
                _("Standar kompetensi: Kompetensi:level 1–5 dipisah titik koma."),
                _("Satu baris bermasalah → tidak ada yang disimpan."),
            ),
            links=(
                (_("Kelola jabatan kunci"), "suksesi:jabatan_kelola"),
                (_("Ekspor (.xlsx)"), "suksesi:jabatan_ekspor"),
            ),
            result_links=[(_("Lihat daftar jabatan kunci"), "suksesi:jabatan_list")],
            links_pegawai=False,
        )
