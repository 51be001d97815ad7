"""The roles a user can hold. One membership per user, one role per membership."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN_BKD = "admin_bkd", _("Admin BKD")
    VERIFIKATOR = "verifikator", _("Verifikator")
    KOMITE_KETUA = "komite_ketua", _("Ketua Komite Talenta")
    KOMITE_SEKRETARIS = "komite_sekretaris", _("Sekretaris Komite Talenta")
    KOMITE_ANGGOTA = "komite_anggota", _("Anggota Komite Talenta")
    PPK = "ppk", _("PPK")
    ASN = "asn", _("ASN")
    BKN = "bkn", _("BKN")
    OPERATOR = "operator", _("Operator")


# Roles that work inside one instansi (their membership names it). BKN and operator do not:
# BKN sees aggregated national data only, the operator runs the platform.
TENANT_ROLES = frozenset(
    {
        Role.ADMIN_BKD,
        Role.VERIFIKATOR,
        Role.KOMITE_KETUA,
        Role.KOMITE_SEKRETARIS,
        Role.KOMITE_ANGGOTA,
        Role.PPK,
        Role.ASN,
    }
)
NATIONAL_ROLES = frozenset({Role.BKN, Role.OPERATOR})
KOMITE_ROLES = frozenset({Role.KOMITE_KETUA, Role.KOMITE_SEKRETARIS, Role.KOMITE_ANGGOTA})
