from django.apps import AppConfig


class PengembanganConfig(AppConfig):
    name = "apps.pengembangan"
    label = "pengembangan"
    verbose_name = "Pengembangan"

    def ready(self) -> None:
        # --- pengembangan: IDP — the card of the BKD pegawai page --------------------------------
        from apps.pegawai.sections import PegawaiPage, PegawaiSection, pegawai_section_register

        from .sections import idp_section_context

        # Below the succession card (order 15).
        pegawai_section_register(
            PegawaiSection(
                "idp",
                "pengembangan/_section_pegawai.html",
                idp_section_context,
                order=16,
                pages=frozenset({PegawaiPage.BKD_DETAIL}),
            )
        )
        # --- end pengembangan: IDP ---------------------------------------------------------------
        # --- antrean asesmen: the stored queue follows every input change (services_antrean.py)
        from .services_antrean import antrean_receivers_connect

        antrean_receivers_connect()
