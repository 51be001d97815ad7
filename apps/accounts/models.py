import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# The interface languages (settings.LANGUAGES says the same; the catalog of "en" is locale/en).
BAHASA_PILIHAN = [("id", "Bahasa Indonesia"), ("en", "English")]


class User(AbstractUser):
    """A person who signs in. Their instansi and role live in `instansi.Membership`.

    `nip` lets civil servants sign in with their NIP / NI PPPK. It is kept as text (never a number)
    and is unique nationally; it may change (BKN corrections, PPPK moving instansi), which is why it
    is not the key.
    """

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True, null=True, blank=True)
    # The interface language this person chose ("" = never chose: Bahasa Indonesia, or the
    # language cookie of the browser). The browser's Accept-Language is never consulted.
    bahasa = models.CharField(
        _("bahasa tampilan"), max_length=8, choices=BAHASA_PILIHAN, blank=True, default=""
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """What Talenta knows about one API token besides what django-rest-knox stores.

    knox's `AuthToken` holds the token hashed (SHA-512 digest, plus a 15-character prefix for the
    lookup), the user, created and expiry; the token itself is never stored. Here: the device
    name the owner gave it (one token per name), a public id to list and revoke it by (neither
    the digest nor the prefix ever leaves the server), and when it was last used. Deleting the
    knox token deletes this row.
    """

    token = models.OneToOneField(
        "knox.AuthToken", on_delete=models.CASCADE, primary_key=True, related_name="info"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("pengguna")
    )
    kode = models.UUIDField(_("kode"), default=uuid.uuid4, unique=True, editable=False)
    nama = models.CharField(_("nama perangkat"), max_length=64)
    terakhir_dipakai = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        constraints = [
            models.UniqueConstraint(fields=["user", "nama"], name="accounts_apitoken_satu_per_nama"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.nama}"
