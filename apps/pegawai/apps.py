from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PegawaiConfig(AppConfig):
    name = "apps.pegawai"
    label = "pegawai"
    verbose_name = "Pegawai"

    def ready(self):
        from apps.impor.pipeline import importer_register

        from .imports import COLUMNS, pegawai_import
        from .resources import pegawai_template_xlsx

        importer_register(
            "pegawai",
            label=_("data pegawai"),
            importer=pegawai_import,
            template_builder=pegawai_template_xlsx,
            permission="pegawai.import",
            columns=COLUMNS,
            template_help=(
                _(
                    "Templat berisi lembar <strong>Pegawai</strong> dengan judul kolom, lembar "
                    "<strong>Referensi</strong> berisi nilai yang berlaku (status, golongan, jenis jabatan, "
                    "jenjang, pendidikan, jenis kelamin dan kode unit kerja instansi Anda), serta lembar "
                    "<strong>Petunjuk</strong>."
                ),
                _("Ekspor Excel juga dapat dipakai sebagai templat: ubah datanya lalu unggah kembali."),
            ),
            rules=(
                _(
                    "NIP adalah kunci: NIP yang sudah terdaftar di instansi ini diperbarui, NIP baru ditambahkan."
                ),
                _(
                    "Ketik NIP sebagai teks (format kolom Teks). NIP yang tersimpan sebagai angka, mis. "
                    "1,98609E+17, ditolak karena digitnya sudah hilang."
                ),
                _("Sel kosong pada pegawai yang sudah terdaftar tidak mengubah data lama."),
                _("Rumus tidak diterima: salin lalu Tempel Spesial → Nilai."),
                _(
                    "Semua baris diperiksa lebih dulu. Jika satu baris saja bermasalah, tidak ada yang disimpan."
                ),
            ),
            links=((_("Ekspor Excel"), "pegawai:ekspor_xlsx"), (_("Ekspor CSV"), "pegawai:ekspor_csv")),
            result_links=[(_("Lihat peta talenta (sembilan kotak)"), "petatalenta:ninebox")],
        )

        # --- notifikasi: this app's notification kinds and reminder sources -------------------
        from .pengingat import pengingat_register

        pengingat_register()
